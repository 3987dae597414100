// doctor's checks through the API: the token, the clock, the privileges of the enabled tools.
#include <algorithm>
#include <chrono>
#include <map>

#include "pve/error.h"
#include "setup/doctor_checks.h"
#include "setup/doctor_permissions.h"
#include "setup/joined.h"

namespace setup {

namespace {

// Beyond this the clocks disagree enough to confuse task times and certificate validity.
constexpr long kClockSlackSeconds = 5;

// "VM.PowerMgmt on /vms, VM.Audit on /vms" for one tool.
std::string needs_text(const std::vector<Shortfall>& shortfalls) {
  std::vector<std::string> parts;
  for (const Shortfall& s : shortfalls) {
    parts.push_back(s.privilege + " on " + s.root +
                    (s.partial.empty() ? "" : " (held only on " + joined(s.partial, ", ") + ")"));
  }
  return joined(parts, ", ");
}

}  // namespace

std::optional<int> check_token(pve::Client& client, DoctorReport& report) {
  try {
    const nlohmann::json version = client.get("/version");
    const std::string text = version.value("version", "");
    report.ok("token", client.token_id() + " accepted; Proxmox VE " + text);
    return text.starts_with("8.") ? 8 : 9;
  } catch (const pve::Error& e) {
    if (e.kind() == pve::ErrorKind::kAuth) {
      report.fail("token", "Proxmox refused " + client.token_id() +
                               " — check PROXMOX_USER, PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE "
                               "(`pveum user token list USER` on the node lists the tokens)");
    } else {
      report.fail("token", std::string("GET /version failed: ") + e.what());
    }
    return std::nullopt;
  }
}

void check_clock(const TlsProbe& probe, DoctorReport& report) {
  if (!probe.server_date) {
    report.warn("clock", "the server sent no Date header; cannot compare the clocks");
    return;
  }
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const long skew = static_cast<long>(now - *probe.server_date);
  const long size = skew < 0 ? -skew : skew;
  if (size <= kClockSlackSeconds) {
    report.ok("clock", "within " + std::to_string(kClockSlackSeconds) + " s of the server's");
    return;
  }
  report.warn("clock", "this machine's clock is " + std::to_string(size) + " s " +
                           (skew > 0 ? "ahead of" : "behind") +
                           " the server's — synchronise both (chrony, systemd-timesyncd): task "
                           "times and certificate validity depend on it");
}

void check_privileges(pve::Client& client, const config::Config& config, int pve,
                      DoctorReport& report) {
  nlohmann::json permissions;
  try {
    permissions = client.get("/access/permissions");
  } catch (const pve::Error& e) {
    report.fail("privileges", std::string("GET /access/permissions failed: ") + e.what());
    return;
  }
  const std::vector<std::string> tools = enabled_tools(config);
  std::map<std::string, std::vector<Shortfall>> by_tool;
  std::vector<std::string> missing;
  for (Shortfall& s : permission_shortfalls(permissions, tools, pve)) {
    if (s.partial.empty() &&
        std::find(missing.begin(), missing.end(), s.privilege) == missing.end()) {
      missing.push_back(s.privilege);
    }
    by_tool[s.tool].push_back(std::move(s));
  }
  if (by_tool.empty()) {
    report.ok("privileges",
              "the token holds what all " + std::to_string(tools.size()) + " enabled tools need");
    return;
  }
  for (const std::string& tool : tools) {
    auto it = by_tool.find(tool);
    if (it == by_tool.end()) continue;
    const bool partial = std::all_of(it->second.begin(), it->second.end(),
                                     [](const Shortfall& s) { return !s.partial.empty(); });
    const std::string text = tool + " needs " + needs_text(it->second);
    partial ? report.warn("privileges", text) : report.fail("privileges", text);
  }
  if (missing.empty()) return;
  std::sort(missing.begin(), missing.end());
  report.fail("privileges",
              std::to_string(by_tool.size()) + " of " + std::to_string(tools.size()) +
                  " enabled tools lack privileges — add them to the role that the token's and "
                  "its user's ACLs grant: pveum role modify ROLE --append 1 --privs \"" +
                  joined(missing, ",") +
                  "\", or make a role with `proxmox-mcp bootstrap`, or disable the tools "
                  "(PROXMOX_DISABLED_TOOLS)");
}

}  // namespace setup
