// The tools a server offers, in registration order, looked up by name.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mcp/protocol_version.h"
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
  // The tools/list result of `codec`'s revision, serialized: built at the first request of that
  // revision and kept, since the list never changes while the server runs (building it copies
  // every schema, and writing it is most of what a tools/list costs). A registry serves the
  // codecs of one server, so the revision alone names the result.
  [[nodiscard]] const std::string& listing(const WireCodec& codec) const;

 private:
  static constexpr std::size_t kRevisions = static_cast<std::size_t>(Revision::k2026_07_28) + 1;

  std::vector<Tool> tools_;
  std::unordered_map<std::string, std::size_t> index_;
  mutable std::array<std::once_flag, kRevisions> listing_built_;
  mutable std::array<std::string, kRevisions> listings_;
};

}  // namespace mcp
