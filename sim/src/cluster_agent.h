// The QEMU guest agent of simulated VMs: processes started by agent/exec and their results.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace pvesim {

// A command started through agent/exec, as agent/exec-status will report it.
struct AgentProcess {
  std::int64_t started_ms = 0;
  std::int64_t runs_ms = 0;  // it has exited once this much time has passed
  int exitcode = 0;
  std::string out, err;
};

// One VM's agent: qemu-ga forgets a process once it reported it exited.
struct GuestAgentState {
  int next_pid = 2401;
  std::map<int, AgentProcess> processes;
};

}  // namespace pvesim
