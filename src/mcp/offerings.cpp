#include "mcp/offerings.h"

namespace mcp {
namespace {

bool ends_variable(char c) {
  return c == '/' || c == '?' || c == '#';
}

}  // namespace

bool offered_to(const std::vector<std::string>& needed, const ToolRegistry& tools) {
  for (const std::string& name : needed) {
    const Tool* tool = tools.find(name);
    if (tool == nullptr || !tool->listed) return false;
  }
  return true;
}

std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view uri_template,
                                                                     std::string_view uri) {
  std::map<std::string, std::string> variables;
  std::size_t t = 0;
  std::size_t u = 0;
  while (t < uri_template.size()) {
    if (uri_template[t] != '{') {
      if (u >= uri.size() || uri[u] != uri_template[t]) return std::nullopt;
      ++t;
      ++u;
      continue;
    }
    const std::size_t close = uri_template.find('}', t);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string name(uri_template.substr(t + 1, close - t - 1));
    std::size_t end = u;
    while (end < uri.size() && !ends_variable(uri[end])) ++end;
    if (end == u) return std::nullopt;
    variables[name] = std::string(uri.substr(u, end - u));
    t = close + 1;
    u = end;
  }
  if (u != uri.size()) return std::nullopt;
  return variables;
}

}  // namespace mcp
