// The tools a server offers, in registration order, looked up by name.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mcp/tool.h"

namespace mcp {

class ToolRegistry {
 public:
  // Throws std::invalid_argument for an invalid (SEP-986) or duplicate name, a missing handler, or
  // an inputSchema that is not an object schema: these are programming errors found at start.
  explicit ToolRegistry(std::vector<Tool> tools);

  [[nodiscard]] const std::vector<Tool>& all() const { return tools_; }
  [[nodiscard]] const Tool* find(std::string_view name) const;

 private:
  std::vector<Tool> tools_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace mcp
