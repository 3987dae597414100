// What a least-privilege token needs for a tier of tools: the tools, the role's privileges for
// a Proxmox VE version, and the server settings that enable exactly those tools.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

namespace setup {

// read-only: the read tools. operator: the reads and day-to-day work on existing guests
// (power, migration, CPU/memory, snapshots, backups), nothing that creates, restores over,
// clones, deletes guests or backups, changes disks or networks, runs commands or stops tasks.
// admin: every tool.
enum class Tier { read_only, operator_tier, admin };
std::optional<Tier> parse_tier(std::string_view text);
std::string_view tier_name(Tier tier);

struct PlanRequest {
  Tier tier = Tier::read_only;
  std::vector<std::string> toolsets = {};  // as PROXMOX_TOOLSETS: narrows the tier; empty: all
  int pve = 9;                             // 8 or 9: privilege names differ
};

struct Plan {
  std::vector<std::string> tools;       // in catalogue order
  std::vector<std::string> privileges;  // the role's, sorted, named as `pve` names them
  std::vector<std::string> notes;       // what the reader must know (a privilege left out)
  bool elevated = false;                // a write tool is among the tools
  std::string toolsets;                 // PROXMOX_TOOLSETS that enables them ("" = all)
  std::string disabled_tools;           // PROXMOX_DISABLED_TOOLS that leaves the rest out
};

// `tools` is every tool of the catalogue (tools::tool_metas()). A toolset name that is not one
// throws std::invalid_argument naming it.
Plan make_plan(const PlanRequest& request, const std::vector<policy::ToolMeta>& tools);

// A privilege's name on Proxmox VE 8: VM.Monitor for any VM.GuestAgent.* privilege.
std::string pve8_name(const std::string& privilege);

}  // namespace setup
