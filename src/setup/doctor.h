// `proxmox-mcp doctor`: checks, in order, what stands between the configuration and a working
// server (configuration, DNS, TCP, TLS, the token, the clock, each enabled tool's privileges),
// one line each, and stops at the first failure a later check depends on.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "pve/client.h"

namespace setup {

struct DoctorInput {
  const config::Config* config = nullptr;  // null: the configuration is invalid
  std::string config_problem;              // then, why (one line naming the setting)
  std::vector<std::string> config_warnings;
  pve::ClientOptions options = {};  // where to connect: the config's host, or the --demo simulator
};

// Prints one line per check ("ok", "warn" or "FAIL", what, and what to do). Returns 0 when no
// check failed (warnings allowed), 1 otherwise.
int run_doctor(const DoctorInput& input, std::ostream& out);

// doctor's --help text.
std::string doctor_help();

}  // namespace setup
