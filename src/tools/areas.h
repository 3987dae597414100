// Internal: each area file contributes its tools; catalog.cpp concatenates them.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"

namespace tools {

std::vector<mcp::Tool> inventory_tools(pve::Api& api);  // nodes, guests list, storage, cluster
std::vector<mcp::Tool> guest_tools(pve::Api& api);      // one guest's status
std::vector<mcp::Tool> snapshot_tools(pve::Api& api);
std::vector<mcp::Tool> backup_tools(pve::Api& api);
std::vector<mcp::Tool> task_tools(pve::Api& api);

// Write tools (issue 5): gated by the policy (write_tool.h).
std::vector<mcp::Tool> power_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> snapshot_write_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> backup_write_tools(pve::Api& api, const policy::Policy& policy);

std::vector<mcp::Tool> disk_write_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> network_write_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> exec_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> lifecycle_tools(pve::Api& api, const policy::Policy& policy);
std::vector<mcp::Tool> create_tools(pve::Api& api, const policy::Policy& policy);

}  // namespace tools
