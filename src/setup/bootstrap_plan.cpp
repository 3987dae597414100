// Tiers of tools and the privileges they add up to (tools::tool_privileges).
#include "setup/bootstrap_plan.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "setup/joined.h"
#include "tools/tool_privileges.h"

namespace setup {

namespace {

constexpr std::string_view kExec = "proxmox_execute_vm_command";

// The operator's toolsets, and the tools of them that create or destroy guests or backups, need
// Sys.Modify on a node (stopping another user's task), which also changes its network,
// certificates and repositories, or VM.Config.Options (tags), which also lifts a guest's
// protection flag.
const std::vector<std::string> kOperatorToolsets = {"inventory", "tasks", "lifecycle", "snapshots",
                                                    "backups"};
const std::set<std::string, std::less<>> kNotOperator = {
    "proxmox_clone_vm",          "proxmox_clone_lxc",
    "proxmox_restore_backup_vm", "proxmox_restore_backup_lxc",
    "proxmox_delete_backup",     "proxmox_cancel_task",
    "proxmox_set_tags"};

void check_toolsets(const std::vector<std::string>& names,
                    const std::vector<policy::ToolMeta>& tools) {
  for (const std::string& name : names) {
    if (name == "all") continue;
    const bool known = std::any_of(tools.begin(), tools.end(),
                                   [&](const policy::ToolMeta& t) { return t.toolset == name; });
    if (!known) throw std::invalid_argument("unknown toolset '" + name + "'");
  }
}

// The role's privileges for the tools, as `pve` names them.
void add_privileges(const std::vector<std::string>& tool_names, int pve, Plan& plan) {
  std::set<std::string> names;
  for (const std::string& tool : tool_names) {
    for (const tools::Privilege& privilege : tools::tool_privileges(tool)) {
      names.insert(pve == 8 ? pve8_name(privilege.name) : privilege.name);
    }
  }
  const bool runs_commands =
      std::find(tool_names.begin(), tool_names.end(), kExec) != tool_names.end();
  if (pve == 8 && names.contains("VM.Monitor") && !runs_commands) {
    names.erase("VM.Monitor");
    plan.notes.push_back(
        "VM.Monitor is left out: on PVE 8 it is the only privilege for guest-agent reads and it "
        "also opens the QEMU monitor; without it proxmox_get_guest_ips shows no VM addresses "
        "(containers' still work).");
  }
  plan.privileges.assign(names.begin(), names.end());
}

// Whether the tier includes the tool, before any toolset narrowing.
bool tier_includes(Tier tier, const policy::ToolMeta& tool) {
  if (tool.access == policy::Access::read || tier == Tier::admin) return true;
  if (tier == Tier::read_only) return false;
  const bool in_toolsets = std::find(kOperatorToolsets.begin(), kOperatorToolsets.end(),
                                     tool.toolset) != kOperatorToolsets.end();
  return in_toolsets && !kNotOperator.contains(tool.name);
}

}  // namespace

// PVE 9 split VM.Monitor into the VM.GuestAgent.* privileges (pve-access-control 9.0); PVE 8
// checks VM.Monitor where PVE 9 checks any of them.
std::string pve8_name(const std::string& privilege) {
  return privilege.starts_with("VM.GuestAgent.") ? "VM.Monitor" : privilege;
}

std::optional<Tier> parse_tier(std::string_view text) {
  if (text == "read-only") return Tier::read_only;
  if (text == "operator") return Tier::operator_tier;
  if (text == "admin") return Tier::admin;
  return std::nullopt;
}

std::string_view tier_name(Tier tier) {
  switch (tier) {
    case Tier::read_only:
      return "read-only";
    case Tier::operator_tier:
      return "operator";
    case Tier::admin:
      return "admin";
  }
  return "";
}

Plan make_plan(const PlanRequest& request, const std::vector<policy::ToolMeta>& tools) {
  check_toolsets(request.toolsets, tools);
  const policy::ToolChoice narrowing{.toolsets = request.toolsets};
  Plan plan;
  std::vector<std::string> settings_toolsets = request.toolsets;
  if (settings_toolsets.empty() && request.tier == Tier::operator_tier) {
    settings_toolsets = kOperatorToolsets;
  }
  const policy::ToolChoice setting{.toolsets = settings_toolsets};
  std::vector<std::string> left_out;
  for (const policy::ToolMeta& tool : tools) {
    if (!narrowing.enables(tool.name, tool.toolset)) continue;
    if (tier_includes(request.tier, tool)) {
      plan.tools.push_back(tool.name);
      plan.elevated = plan.elevated || tool.access == policy::Access::write;
    } else if (request.tier != Tier::read_only && setting.enables(tool.name, tool.toolset)) {
      left_out.push_back(tool.name);
    }
  }
  plan.toolsets = joined(settings_toolsets, ",");
  plan.disabled_tools = joined(left_out, ",");
  add_privileges(plan.tools, request.pve, plan);
  return plan;
}

}  // namespace setup
