#include "proc_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bench {

namespace {

double status_mib(const std::string& status, const std::string& key) {
  const auto at = status.find("\n" + key + ":");
  if (at == std::string::npos) return 0;
  std::istringstream in(status.substr(at + key.size() + 2));
  double kib = 0;
  in >> kib;
  return kib / 1024.0;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + ": the process has ended");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ProcStats proc_stats(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  ProcStats stats;
  const std::string status = "\n" + read_all(base + "/status");
  stats.rss_mib = status_mib(status, "VmRSS");
  stats.peak_rss_mib = status_mib(status, "VmHWM");
  // Fields 14 and 15 of /proc/PID/stat (utime, stime) count every thread; the command name
  // (field 2) may hold spaces, so counting starts after its closing parenthesis.
  const std::string stat = read_all(base + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index >= 14) ticks += std::stod(field);
  }
  stats.cpu_ms = ticks * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return stats;
}

}  // namespace bench
