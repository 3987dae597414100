// proxmox_execute_lxc_command: run a program in a container with `pct exec` on its node, over
// SSH (ssh/remote_command.h), when the server is given a key and the nodes' host keys.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "ssh/remote_command.h"
#include "tools/exec.h"
#include "tools/tool_row.h"

namespace tools {

// How the server reaches the nodes' shells: the key, the known_hosts file, the user, and the
// nodes not reached at the address /cluster/status gives (node → host, port).
struct ContainerShell {
  ssh::Credentials credentials;
  std::string user = "root";
  std::map<std::string, std::pair<std::string, int>> nodes = {};
  std::chrono::milliseconds connect_timeout{5000};
};

// Where `node`'s shell is: the setting's address, else the one /cluster/status lists (the
// cluster network's), else the node's name.
// `cluster_status`, when given, is /cluster/status as already read.
ssh::Target node_target(pve::Api& api, const ContainerShell& shell, const std::string& node,
                        const nlohmann::json* cluster_status = nullptr);

// The tool's name: a server without a ContainerShell neither lists nor counts it.
inline constexpr std::string_view kContainerCommandTool = "proxmox_execute_lxc_command";

mcp::ToolResult execute_lxc_command(const Call& call, const CommandArgs& args);

// Why proxmox_execute_lxc_command cannot be used on this server (no ContainerShell).
extern const std::string_view kContainerShellMissing;

}  // namespace tools
