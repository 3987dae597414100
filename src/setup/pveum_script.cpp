// pveum's syntax as pve-access-control's PVE::CLI::pveum defines it (role add --privs,
// user add, user token add --privsep, acl modify --users/--tokens --roles).
#include "setup/pveum_script.h"

#include <regex>

#include "setup/joined.h"

namespace setup {

namespace {

std::string settings(const Plan& plan, const Principal& who) {
  std::string out = "# PROXMOX_HOST=<this node's address>\n";
  out += "# PROXMOX_USER=" + who.user + "\n";
  out += "# PROXMOX_TOKEN_NAME=" + who.token + "\n";
  out += "# PROXMOX_TOKEN_VALUE=<the value pveum printed>\n";
  if (plan.elevated) out += "# PROXMOX_ALLOW_ELEVATED=true\n";
  if (!plan.toolsets.empty()) out += "# PROXMOX_TOOLSETS=" + plan.toolsets + "\n";
  if (!plan.disabled_tools.empty()) out += "# PROXMOX_DISABLED_TOOLS=" + plan.disabled_tools + "\n";
  return out;
}

}  // namespace

std::string default_role(Tier tier) {
  return "ProxmoxMCP-" + std::string(tier_name(tier));
}

std::string check_principal(const Principal& who) {
  // PVE::Auth::Plugin's user and realm names; pve-tokenid's token name; a role id.
  static const std::regex user("[^\\s:/'\"!@]+@[A-Za-z][A-Za-z0-9.\\-_]+");
  static const std::regex token("[A-Za-z][A-Za-z0-9.\\-_]+");
  static const std::regex role("[A-Za-z0-9.\\-_]+");
  if (!std::regex_match(who.user, user)) return "--user must be name@realm, e.g. mcp@pve";
  if (!std::regex_match(who.token, token)) {
    return "--token must start with a letter and hold only letters, digits, '.', '-', '_'";
  }
  if (!who.role.empty() && !std::regex_match(who.role, role)) {
    return "--role may hold only letters, digits, '.', '-', '_'";
  }
  return {};
}

std::string pveum_script(const PlanRequest& request, const Plan& plan, const Principal& who) {
  const std::string role = who.role.empty() ? default_role(request.tier) : who.role;
  const std::string token_id = who.user + "!" + who.token;
  std::string out = "# proxmox-mcp bootstrap: the " + std::string(tier_name(request.tier)) +
                    " tier, " + std::to_string(plan.tools.size()) +
                    (plan.tools.size() == 1 ? " tool" : " tools") + ", for Proxmox VE " +
                    std::to_string(request.pve) + ".\n";
  out +=
      "# Run as root on a node of the cluster. The role holds what these tools' requests need\n"
      "# (the API schema's permission checks); an existing role is changed with\n"
      "# pveum role modify " +
      role + " --privs \"...\".\n";
  for (const std::string& note : plan.notes) out += "# " + note + "\n";
  out += "pveum role add " + role + " --privs \"" + joined(plan.privileges, ",") + "\"\n";
  out += "pveum user add " + who.user + " --comment \"proxmox-mcp\"\n";
  out += "pveum acl modify / --users " + who.user + " --roles " + role + "\n";
  out += "pveum user token add " + who.user + " " + who.token +
         " --privsep 1 --comment \"proxmox-mcp\"\n";
  out += "pveum acl modify / --tokens '" + token_id + "' --roles " + role + "\n";
  out +=
      "\n# A privilege-separated token holds what both its own ACL and the user's grant, hence\n"
      "# the two ACLs. `pveum user token add` prints the secret (value) once. Settings for\n"
      "# proxmox-mcp (its .env or environment), then check them with `proxmox-mcp doctor`:\n";
  out += settings(plan, who);
  return out;
}

}  // namespace setup
