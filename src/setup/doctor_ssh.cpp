// doctor's SSH check: each online node's shell reached as container commands reach it (its
// pinned host key, the key logged in with), and nothing run there.
#include <optional>

#include <nlohmann/json.hpp>

#include "setup/doctor_checks.h"
#include "setup/server_policy.h"
#include "ssh/libssh.h"
#include "ssh/remote_command.h"

namespace setup {

void check_ssh(pve::Client& client, const config::Config& config, DoctorReport& report) {
  const std::optional<tools::ContainerShell> shell = container_shell(config);
  if (!shell) return;
  if (const std::string& problem = ssh::libssh().problem; !problem.empty()) {
    report.fail("ssh", "container commands cannot run: " + problem);
    return;
  }
  const policy::Scope scope = policy_settings(config).settings.scope;
  nlohmann::json status;
  try {
    status = client.get("/cluster/status");
  } catch (const std::exception& e) {
    report.fail("ssh",
                std::string("cannot list the nodes to reach (GET /cluster/status): ") + e.what());
    return;
  }
  const ssh::Limits limits{.connect_timeout = shell->connect_timeout};
  for (const nlohmann::json& entry : status) {
    if (!entry.is_object() || entry.value("type", "") != "node") continue;
    const std::string node = entry.value("name", "");
    if (!scope.node_in(node)) continue;  // the server never goes there (PROXMOX_NODES)
    if (entry.value("online", 0) != 1) {
      report.warn("ssh", "node " + node + " is offline: not checked");
      continue;
    }
    try {
      const ssh::Target target = tools::node_target(client, *shell, node, &status);
      ssh::log_in_only(target, shell->credentials, limits);
      report.ok("ssh",
                "node " + node + ": " + ssh::where(target) + ", host key pinned, key accepted");
    } catch (const std::exception& e) {
      report.fail("ssh", "node " + node + ": " + e.what());
    }
  }
}

}  // namespace setup
