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

}  // namespace tools
