// Bounds what a generic API answer puts into the model's context: a list is filtered, projected
// to the fields asked for and paged; anything else is projected and cut at a size.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tools {

// One condition of a `filter` argument: "key=value" or "key!=value".
struct ApiCondition {
  std::string key;
  std::string value;
  bool equal = true;
};

// "type=qemu,status!=stopped" → its conditions, or the first problem in the text.
struct ApiFilterParse {
  std::vector<ApiCondition> conditions;
  std::string problem;
};
ApiFilterParse parse_api_filter(const std::string& text);

struct ApiPageRequest {
  std::vector<std::string> fields;  // empty: every field
  std::vector<ApiCondition> filter;
  std::size_t limit = 50;
  std::size_t offset = 0;  // from the cursor
  // The page's compact JSON stays within this size; 0: no bound. An item (or value) larger
  // than the whole is replaced by its JSON text, cut so that even as a JSON string it fits.
  std::size_t max_bytes = 0;
};

struct ApiPage {
  nlohmann::json data;  // the page (a list) or the projected value
  bool list = false;
  std::size_t total = 0;    // items in the answer (lists)
  std::size_t matched = 0;  // items the filter kept
  std::size_t offset = 0;
  std::optional<std::size_t> next_offset;  // where the next page starts
  // The value (or the page's one item) did not fit in max_bytes and is its JSON text, cut at a
  // character and ending in "…"; uncut_bytes is the size of the whole text.
  bool cut = false;
  std::size_t uncut_bytes = 0;
};

ApiPage api_page(const nlohmann::json& data, const ApiPageRequest& request);

// How a cut value ends, in the text and in structuredContent.
inline constexpr std::string_view kCutMark = "…";

}  // namespace tools
