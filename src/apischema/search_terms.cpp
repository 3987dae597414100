// Tokenizing and weighting for the endpoint search.
#include "apischema/search_terms.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace apischema {

namespace {

constexpr int kWholeSegment = 12;
constexpr int kSegmentPart = 10;
constexpr int kHandlerName = 6;
constexpr int kPlaceholder = 4;
constexpr int kSummary = 3;
constexpr int kText = 2;

void add(std::map<std::string, int, std::less<>>& terms, const std::string& word, int weight) {
  int& best = terms[word];
  best = std::max(best, weight);
}

}  // namespace

std::string fold(std::string_view word) {
  std::string out(word);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.size() > 4 && out.ends_with("ies")) return out.substr(0, out.size() - 3) + "y";
  if (out.size() > 2 && out.ends_with('s') && !out.ends_with("ss")) out.pop_back();
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])) == 0) ++i;
    size_t j = i;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j])) != 0) ++j;
    if (j > i) out.push_back(fold(text.substr(i, j - i)));
    i = j;
  }
  return out;
}

std::vector<Term> search_terms(const Endpoint& endpoint) {
  std::map<std::string, int, std::less<>> terms;
  for (auto segment : path_segments(endpoint.path)) {
    const bool placeholder = segment.front() == '{';
    const auto parts = words_of(segment);
    for (const auto& part : parts) add(terms, part, placeholder ? kPlaceholder : kSegmentPart);
    if (!placeholder && parts.size() > 1) add(terms, fold(segment), kWholeSegment);
    if (!placeholder && parts.size() == 1) add(terms, parts.front(), kWholeSegment);
  }
  if (endpoint.schema != nullptr) {
    for (const auto& w : words_of(endpoint.schema->name)) add(terms, w, kHandlerName);
    for (const auto& w : words_of(endpoint.schema->description)) add(terms, w, kText);
  }
  for (const auto& w : words_of(endpoint.summary)) add(terms, w, kSummary);
  add(terms, fold(endpoint.method), kText);
  std::vector<Term> out;
  out.reserve(terms.size());
  for (auto& [word, weight] : terms) out.push_back({word, weight});
  return out;
}

std::vector<std::string> query_forms(const std::string& folded_word) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kForms = {
      {"vm", {"vm", "qemu"}},
      {"container", {"container", "lxc"}},
      {"ct", {"ct", "lxc"}},
      {"backup", {"backup", "vzdump"}},
      {"a", {}},
      {"an", {}},
      {"the", {}},
      {"to", {}},
      {"of", {}},
      {"for", {}},
      {"on", {}},
      {"in", {}},
      {"with", {}},
      {"and", {}},
      {"or", {}},
      {"how", {}},
      {"do", {}},
      {"my", {}},
      {"what", {}},
      {"is", {}},
      {"i", {}},
  };
  auto it = kForms.find(folded_word);
  return it != kForms.end() ? it->second : std::vector<std::string>{folded_word};
}

}  // namespace apischema
