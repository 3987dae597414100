// Internal: each area file contributes its tools; catalog.cpp concatenates them.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "pve/api.h"

namespace tools {

std::vector<mcp::Tool> inventory_tools(pve::Api& api);  // nodes, guests list, storage, cluster
std::vector<mcp::Tool> guest_tools(pve::Api& api);      // one guest's status
std::vector<mcp::Tool> snapshot_tools(pve::Api& api);
std::vector<mcp::Tool> backup_tools(pve::Api& api);
std::vector<mcp::Tool> task_tools(pve::Api& api);

}  // namespace tools
