// The tool catalogue: every tool this server offers, built without contacting Proxmox.
#pragma once

#include <vector>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"

namespace audit {
struct Log;
}

namespace tools {

struct ContainerShell;

// Every tool in tools/list order: the read tools, then the write tools (catalog_rows.h).
// `api` must outlive the returned tools. Each is listed and allowed as the policy says
// (tool_row.h): a tool outside the enabled toolsets never is; the write tools need elevated
// mode, the reads only the Proxmox ACL. The tools hold a copy of `policy` that knows them.
// With `audit` (which must outlive them), their calls that change things are recorded there.
// With `containers` (which must outlive them), proxmox_execute_lxc_command reaches the nodes'
// shells; without, it is not listed and says what it needs.
std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy,
                                  const audit::Log* audit = nullptr,
                                  const ContainerShell* containers = nullptr);

// What tools/list shows of every tool, in tools/list order, without handlers.
std::vector<mcp::Tool> tool_entries();

// What the policy needs to know of every tool: name, read or write, privileges, toolset.
const std::vector<policy::ToolMeta>& tool_metas();

}  // namespace tools
