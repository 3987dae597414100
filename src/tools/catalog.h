// The tool catalogue: every tool this server offers, built without contacting Proxmox.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"

namespace tools {

// Every tool in tools/list order: the read tools, then the write tools (catalog_rows.h).
// `api` must outlive the returned tools. The read tools ignore `policy` (the Proxmox ACL gates
// reads); the write tools are listed and allowed as the policy says (tool_row.h).
std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy);

}  // namespace tools
