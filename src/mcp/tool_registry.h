// The tools a server offers, in registration order, looked up by name.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mcp/tool.h"

namespace mcp {

class WireCodec;

class ToolRegistry {
 public:
  // Throws std::invalid_argument for an invalid (SEP-986) or duplicate name, a missing handler, or
  // an inputSchema that is not an object schema: these are programming errors found at start.
  explicit ToolRegistry(std::vector<Tool> tools);

  [[nodiscard]] const std::vector<Tool>& all() const { return tools_; }
  [[nodiscard]] const Tool* find(std::string_view name) const;
  // The tools/list result as `codec` writes it, serialized: built at the first request through
  // that codec and kept, since the list never changes while the server runs (building it copies
  // every schema, and writing it is most of what a tools/list costs). `codec` must outlive the
  // registry's use of it, as a server's codecs do.
  [[nodiscard]] const std::string& listing(const WireCodec& codec) const;

 private:
  std::vector<Tool> tools_;
  std::unordered_map<std::string, std::size_t> index_;
  mutable std::mutex listings_mutex_;
  mutable std::map<const WireCodec*, std::string> listings_;  // nodes stay where they are
};

}  // namespace mcp
