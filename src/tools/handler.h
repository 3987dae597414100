// Shared tool plumbing: the error boundary every handler runs inside.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/tool.h"

namespace tools {

using ToolBody = std::function<mcp::ToolResult(const nlohmann::json& args, mcp::CallContext& ctx)>;

// Runs `body`; a bad argument, a Proxmox failure or an unexpected response shape becomes an
// isError result with one line a person can act on. Nothing escapes to the dispatcher.
mcp::ToolHandler guarded(ToolBody body);

// Parses a schema written as JSON text; a typo is a programming error caught by the unit tests.
nlohmann::json schema(std::string_view json_text);

// The input schema fragments shared by many tools.
nlohmann::json node_property(std::string_view description);
nlohmann::json vmid_property(std::string_view description);
nlohmann::json storage_property(std::string_view description, std::string_view fallback);
// A JSON array of `values`, for an "enum" (lists read from the API schema: pve/api_enums.h).
nlohmann::json enum_values(std::span<const std::string_view> values);
nlohmann::json object_schema(nlohmann::json properties, std::vector<std::string> required = {});

}  // namespace tools
