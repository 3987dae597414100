// What /proc says about a running process: resident memory and CPU time used so far.
#pragma once

#include <sys/types.h>

namespace bench {

struct ProcStats {
  double rss_mib = 0;       // VmRSS
  double peak_rss_mib = 0;  // VmHWM
  double cpu_ms = 0;        // user + system time of all its threads, live and ended
};

// Throws std::runtime_error when the process is gone.
ProcStats proc_stats(pid_t pid);

}  // namespace bench
