// The shell text bootstrap prints: the pveum commands of a role, a user, a privilege-separated
// token and their ACLs, then the settings proxmox-mcp needs.
#pragma once

#include <string>

#include "setup/bootstrap_plan.h"

namespace setup {

struct Principal {
  std::string user = "mcp@pve";     // name@realm
  std::string token = "mcpserver";  // the token id
  std::string role;                 // "" = ProxmoxMCP-<tier>
};

// The script for `plan` (made for `request`); names are checked by check_principal first.
std::string pveum_script(const PlanRequest& request, const Plan& plan, const Principal& who);

// What is wrong with the names as pveum takes them ("" when nothing): the user must be
// name@realm, the token and role ids Proxmox's pve-tokenid and role id formats.
std::string check_principal(const Principal& who);

// The role's default name: "ProxmoxMCP-operator".
std::string default_role(Tier tier);

}  // namespace setup
