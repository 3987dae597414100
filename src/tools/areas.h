// Internal: each area file contributes its tools; catalog.cpp concatenates them.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"

namespace tools {

// Write tools (issue 5): gated by the policy (write_tool.h).
std::vector<mcp::Tool> power_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> snapshot_write_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> backup_write_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> lifecycle_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> create_tools(pve::Api& api, const policy::Policy& policy);

}  // namespace tools
