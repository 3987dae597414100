// Scores every endpoint against the query words and pages through the best.
#include "apischema/search.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

#include "apischema/search_terms.h"

namespace apischema {

namespace {

constexpr size_t kMinPrefix = 3;  // "snap" finds "snapshot"; "vm" does not find "vmid"

// The best weight of any form of the word among the terms; a prefix match counts half.
int word_score(const std::vector<std::string>& forms, const std::vector<Term>& terms) {
  int best = 0;
  for (const auto& form : forms) {
    for (const auto& t : terms) {
      if (t.word == form) {
        best = std::max(best, t.weight);
      } else if (form.size() >= kMinPrefix && t.word.starts_with(form)) {
        best = std::max(best, t.weight / 2);
      }
    }
  }
  return best;
}

struct Scored {
  const Endpoint* endpoint;
  size_t covered;
  int score;
};

int method_rank(const std::string& method) {
  static constexpr std::string_view kOrder[] = {"GET", "POST", "PUT", "DELETE"};
  return static_cast<int>(std::find(std::begin(kOrder), std::end(kOrder), method) -
                          std::begin(kOrder));
}

bool better(const Scored& a, const Scored& b) {
  if (a.score != b.score) return a.score > b.score;
  const auto sa = path_segments(a.endpoint->path).size();
  const auto sb = path_segments(b.endpoint->path).size();
  if (sa != sb) return sa < sb;
  if (a.endpoint->path != b.endpoint->path) return a.endpoint->path < b.endpoint->path;
  return method_rank(a.endpoint->method) < method_rank(b.endpoint->method);
}

// FNV-1a: a cursor names the query it belongs to, stable across runs.
std::string query_tag(const SearchQuery& q) {
  std::uint32_t h = 2166136261U;
  for (const auto& part : {q.words, q.path_prefix, q.method}) {
    for (unsigned char c : part + '\n') h = (h ^ c) * 16777619U;
  }
  char buf[9];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, h, 16);
  return std::string(buf, end);
}

bool method_matches(const std::string& filter, const std::string& method) {
  if (filter.empty()) return true;
  if (filter.size() != method.size()) return false;
  for (size_t i = 0; i < method.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(filter[i])) != method[i]) return false;
  }
  return true;
}

std::vector<Scored> matches(const Catalogue& catalogue, const SearchQuery& query) {
  std::vector<std::vector<std::string>> words;
  for (const auto& w : words_of(query.words)) {
    if (auto forms = query_forms(w); !forms.empty()) words.push_back(std::move(forms));
  }
  std::vector<Scored> out;
  size_t most = 0;
  for (const auto& e : catalogue.endpoints()) {
    if (!method_matches(query.method, e.method)) continue;
    if (!query.path_prefix.empty() && !path_under(e.path, query.path_prefix)) continue;
    Scored s{&e, 0, 0};
    for (const auto& forms : words) {
      const int score = word_score(forms, e.terms);
      s.covered += score > 0 ? 1 : 0;
      s.score += score;
    }
    if (!words.empty() && s.covered == 0) continue;
    most = std::max(most, s.covered);
    out.push_back(s);
  }
  std::erase_if(out, [&](const Scored& s) { return s.covered < most; });
  std::sort(out.begin(), out.end(), better);
  return out;
}

}  // namespace

SearchPage search(const Catalogue& catalogue, const SearchQuery& query) {
  SearchPage page;
  const std::string tag = query_tag(query);
  size_t offset = 0;
  if (!query.cursor.empty()) {
    const auto dash = query.cursor.find('-');
    const char* first = query.cursor.data();
    const char* last = first + (dash == std::string::npos ? 0 : dash);
    auto [ptr, ec] = std::from_chars(first, last, offset);
    if (dash == std::string::npos || ec != std::errc() || ptr != last ||
        query.cursor.substr(dash + 1) != tag) {
      page.error = "cursor '" + query.cursor +
                   "' is not a next_cursor of this search (same query, path and method)";
      return page;
    }
  }
  const auto found = matches(catalogue, query);
  page.total = found.size();
  const size_t size = std::max<size_t>(query.page_size, 1);
  for (size_t i = offset; i < found.size() && page.entries.size() < size; ++i) {
    page.entries.push_back(found[i].endpoint);
  }
  if (offset + size < found.size()) {
    page.after = found.size() - offset - size;
    page.next_cursor = std::to_string(offset + size) + "-" + tag;
  }
  return page;
}

}  // namespace apischema
