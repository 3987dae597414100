#include "setup/server_policy.h"

namespace setup {

ServerPolicy policy_settings(const config::Config& config) {
  ServerPolicy out;
  policy::ApiWritesParse api_writes = policy::parse_api_writes(config.api_allow);
  if (!api_writes.problem.empty()) {
    out.problem = "PROXMOX_API_ALLOW: " + api_writes.problem;
    return out;
  }
  policy::ScopeParse scope = policy::parse_scope(config.nodes, config.vmids, config.protected_vmids,
                                                 config.protected_tags);
  if (!scope.problem.empty()) {
    out.problem = scope.problem;
    return out;
  }
  std::optional<std::vector<policy::ExecPattern>> exec_allow;
  if (!config.exec_allow.empty()) {
    policy::ExecAllowParse parsed = policy::parse_exec_allow(config.exec_allow);
    if (!parsed.problem.empty()) {
      out.problem = parsed.problem;
      return out;
    }
    exec_allow = std::move(parsed.patterns);
  }
  out.settings =
      policy::Settings{.mode = config.allow_elevated ? policy::Mode::elevated : policy::Mode::basic,
                       .list_all_tools = config.list_all_tools,
                       .api_writes = std::move(api_writes.patterns),
                       .tools = {.toolsets = policy::parse_name_list(config.toolsets),
                                 .tools = policy::parse_name_list(config.tools),
                                 .disabled = policy::parse_name_list(config.disabled_tools)},
                       .scope = std::move(scope.scope),
                       .confirm = config.confirm,
                       .exec_allow = std::move(exec_allow)};
  return out;
}

std::optional<tools::ContainerShell> container_shell(const config::Config& config) {
  if (config.ssh_key.empty()) return std::nullopt;
  tools::ContainerShell shell{
      .credentials = {config.ssh_key, config.ssh_known_hosts},
      .user = config.ssh_user,
      .nodes = {},
      .connect_timeout = std::chrono::milliseconds(config.connect_timeout_ms)};
  for (const config::Config::SshNode& node : config.ssh_nodes) {
    shell.nodes[node.node] = {node.host, node.port};
  }
  return shell;
}

}  // namespace setup
