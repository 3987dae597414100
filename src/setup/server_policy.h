// The policy settings the configuration gives the server, which doctor judges tools by too.
#pragma once

#include <string>

#include "config/config.h"
#include "policy/policy.h"

namespace setup {

struct ServerPolicy {
  policy::Settings settings;
  std::string problem;  // the first setting that does not parse ("PROXMOX_VMIDS: …"), or ""
};

// Mode, tool choice, PROXMOX_API_ALLOW's patterns, the scope and confirmation from `config`.
ServerPolicy policy_settings(const config::Config& config);

}  // namespace setup
