// The tool catalogue: every tool this server offers, built without contacting Proxmox.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"

namespace tools {

// The read tools of issue 3 in a stable order. `api` must outlive the returned tools.
// The read tools ignore `policy` (the Proxmox ACL gates reads); later tools consult it.
std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy);

}  // namespace tools
