// The policy settings the configuration gives the server, which doctor judges tools by too.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"
#include "policy/policy.h"
#include "tools/container_exec.h"

namespace setup {

struct ServerPolicy {
  policy::Settings settings;
  std::string problem;  // the first setting that does not parse ("PROXMOX_VMIDS: …"), or ""
};

// Mode, tool choice, PROXMOX_API_ALLOW's patterns, the scope and confirmation from `config`.
ServerPolicy policy_settings(const config::Config& config);

// How container commands reach the nodes' shells, when `config` gives an SSH key.
std::optional<tools::ContainerShell> container_shell(const config::Config& config);

}  // namespace setup
