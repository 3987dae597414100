// The policy settings the configuration gives the server, which doctor judges tools by too.
#pragma once

#include <vector>

#include "config/config.h"
#include "policy/policy.h"

namespace setup {

// Mode and tool choice from `config`; `api_writes` are PROXMOX_API_ALLOW's parsed patterns.
policy::Settings policy_settings(const config::Config& config,
                                 std::vector<policy::ApiPattern> api_writes = {});

}  // namespace setup
