#include "tools/api_page.h"

#include <algorithm>

#include "pve/text.h"

namespace tools {

namespace {

// The text a condition compares with: a string as it is, a number or boolean as JSON writes it
// (Proxmox sends 0/1 flags as numbers, and sometimes numbers as strings).
std::string comparable(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  return value.dump();
}

bool keeps(const nlohmann::json& item, const std::vector<ApiCondition>& filter) {
  return std::all_of(filter.begin(), filter.end(), [&](const ApiCondition& c) {
    const bool has = item.is_object() && item.contains(c.key) && !item[c.key].is_null();
    const bool same = has && comparable(item[c.key]) == c.value;
    return c.equal ? same : !same;
  });
}

nlohmann::json projected(const nlohmann::json& item, const std::vector<std::string>& fields) {
  if (fields.empty() || !item.is_object()) return item;
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& key : fields) {
    if (auto it = item.find(key); it != item.end()) out[key] = *it;
  }
  return out;
}

std::string compact(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::size_t compact_size(const nlohmann::json& value) {
  return compact(value).size();
}

// The bytes a character of JSON text takes once that text is a JSON string itself.
std::size_t escaped_size(char c) {
  switch (c) {
    case '"':
    case '\\':
    case '\b':
    case '\f':
    case '\n':
    case '\r':
    case '\t':
      return 2;
    default:
      return static_cast<unsigned char>(c) < 0x20 ? 6 : 1;  // \u00XX
  }
}

// `text` (valid UTF-8: JSON as nlohmann writes it) cut at a character so that, with the mark,
// it fits in max_bytes as a JSON string: quoted and every quote and backslash escaped again.
std::string cut_text(const std::string& text, std::size_t max_bytes) {
  const std::size_t frame = 2 + kCutMark.size();
  std::size_t room = max_bytes > frame ? max_bytes - frame : 0;
  std::size_t end = 0;
  while (end < text.size() && escaped_size(text[end]) <= room) room -= escaped_size(text[end++]);
  return std::string(pve::utf8_prefix(text, end)) + std::string(kCutMark);
}

// A value too large for the page: its JSON text, cut.
nlohmann::json cut_value(const nlohmann::json& value, std::size_t max_bytes, ApiPage& page) {
  const std::string text = compact(value);
  page.cut = true;
  page.uncut_bytes = text.size();
  return cut_text(text, max_bytes);
}

}  // namespace

ApiFilterParse parse_api_filter(const std::string& text) {
  ApiFilterParse out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || (eq == 1 && item[0] == '!')) {
      out.problem = "'" + item + "' is not key=value or key!=value";
      out.conditions.clear();
      return out;
    }
    const bool negated = item[eq - 1] == '!';
    out.conditions.push_back(
        {item.substr(0, negated ? eq - 1 : eq), item.substr(eq + 1), !negated});
  }
  return out;
}

ApiPage api_page(const nlohmann::json& data, const ApiPageRequest& request) {
  ApiPage page;
  if (!data.is_array()) {
    page.data = projected(data, request.fields);
    if (request.max_bytes != 0 && compact_size(page.data) > request.max_bytes) {
      page.data = cut_value(page.data, request.max_bytes, page);
    }
    return page;
  }
  page.list = true;
  page.total = data.size();
  page.offset = request.offset;
  page.data = nlohmann::json::array();
  std::size_t bytes = 2;
  for (const nlohmann::json& item : data) {
    if (!keeps(item, request.filter)) continue;
    const std::size_t index = page.matched++;
    if (index < request.offset) continue;
    // Once an item is left for the next page, no later one joins this page: pages stay in order.
    const bool room = !page.next_offset && page.data.size() < request.limit;
    nlohmann::json shown = room ? projected(item, request.fields) : nlohmann::json();
    const std::size_t size = room ? compact_size(shown) + 1 : 0;
    // Always at least one item, so that paging moves on whatever the size of one.
    const bool fits =
        request.max_bytes == 0 || page.data.empty() || bytes + size <= request.max_bytes;
    if (room && fits) {
      // Only the first item can be larger than the page ("[item]"): it is then its one item.
      if (request.max_bytes != 0 && size + 1 > request.max_bytes) {
        shown = cut_value(shown, std::max<std::size_t>(request.max_bytes, 2) - 2, page);
      }
      page.data.push_back(std::move(shown));
      bytes += size;
    } else if (!page.next_offset) {
      page.next_offset = index;
    }
  }
  return page;
}

}  // namespace tools
