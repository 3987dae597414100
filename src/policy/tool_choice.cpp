#include "policy/tool_choice.h"

#include <algorithm>

namespace policy {

namespace {

bool names(const std::vector<std::string>& list, std::string_view name, std::string_view toolset) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return item == name || item == toolset; });
}

}  // namespace

bool ToolChoice::disables(std::string_view name, std::string_view toolset) const {
  return names(disabled, name, toolset);
}

bool ToolChoice::enables(std::string_view name, std::string_view toolset) const {
  if (disables(name, toolset)) return false;
  if (toolsets.empty() && tools.empty()) return true;
  const bool all = std::find(toolsets.begin(), toolsets.end(), "all") != toolsets.end();
  return all || names(toolsets, name, toolset) || names(tools, name, toolset);
}

std::vector<std::string> parse_name_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find_first_of(", \t\r\n", start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace policy
