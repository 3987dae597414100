// The QEMU guest agent endpoints: exec / exec-status with a small set of simulated commands,
// ping, get-osinfo, get-host-name and network-get-interfaces.
//
// Every simulated guest runs Debian 13. Like qemu-ga, exec spawns argv directly (no shell):
// an unknown program fails the exec call itself; `sh -c` runs one simple command the way
// dash would (127 and "not found" for unknown ones).
#include <cstdio>
#include <sstream>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

constexpr const char* kKernelRelease = "6.12.48+deb13-amd64";
constexpr const char* kKernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)";

struct AgentLookup {
  Guest* guest = nullptr;
  ApiResponse error;
};

// PVE's agent_available: configured, running, then answering (a paused VM's agent is not).
AgentLookup find_agent(ClusterState& state, const ApiRequest& request) {
  AgentLookup result;
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  const long long vmid = request_vmid(request);
  if (guest == nullptr) {
    result.error =
        config_missing(GuestType::kQemu, param_string(request, "node").value_or(""), vmid);
  } else if (!guest_agent_enabled(*guest)) {
    result.error = ApiResponse::error(500, "No QEMU guest agent configured\n");
  } else if (!guest->running) {
    result.error = ApiResponse::error(500, "VM " + std::to_string(vmid) + " is not running\n");
  } else if (guest->paused) {
    result.error = ApiResponse::error(500, "QEMU guest agent is not running\n");
  } else {
    result.guest = guest;
  }
  return result;
}

std::string hostname_of(const Guest& guest) {
  return guest.config.value("name", "vm" + std::to_string(guest.vmid));
}

std::string os_release() {
  return "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n"
         "VERSION_ID=\"13\"\nVERSION=\"13 (trixie)\"\nVERSION_CODENAME=trixie\n"
         "DEBIAN_VERSION_FULL=13.1\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n"
         "SUPPORT_URL=\"https://www.debian.org/support\"\n"
         "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";
}

std::string uptime_line(const ClusterState& state, const Guest& guest) {
  const std::int64_t now_s = state.now_ms() / 1000;
  const std::int64_t up = guest_uptime(guest, state.now_ms());
  char clock_text[16];
  std::snprintf(clock_text, sizeof clock_text, "%02lld:%02lld:%02lld",
                static_cast<long long>(now_s / 3600 % 24), static_cast<long long>(now_s / 60 % 60),
                static_cast<long long>(now_s % 60));
  const std::int64_t days = up / 86400;
  char span[48];
  if (days > 0) {
    std::snprintf(span, sizeof span, "%lld day%s, %2lld:%02lld", static_cast<long long>(days),
                  days == 1 ? "" : "s", static_cast<long long>(up / 3600 % 24),
                  static_cast<long long>(up / 60 % 60));
  } else {
    std::snprintf(span, sizeof span, "%2lld:%02lld", static_cast<long long>(up / 3600 % 24),
                  static_cast<long long>(up / 60 % 60));
  }
  return std::string(" ") + clock_text + " up " + span +
         ",  0 users,  load average: 0.08, 0.03, 0.01\n";
}

std::string df_table(const Guest& guest) {
  const std::int64_t gib = 1024LL * 1024 * 1024;
  const std::int64_t size_g = std::max<std::int64_t>(1, guest_maxdisk(guest) / gib);
  const std::int64_t used_g = size_g * 3 / 10;
  std::ostringstream out;
  out << "Filesystem      Size  Used Avail Use% Mounted on\n"
      << "udev            " << guest_maxmem(guest) / gib / 2 << ".0G     0  "
      << guest_maxmem(guest) / gib / 2 << ".0G   0% /dev\n"
      << "/dev/sda1        " << size_g << "G  " << used_g << "G   " << size_g - used_g - 1 << "G  "
      << (100 * used_g + size_g - 1) / size_g << "% /\n"
      << "tmpfs           " << guest_maxmem(guest) / gib / 2 << ".0G     0  "
      << guest_maxmem(guest) / gib / 2 << ".0G   0% /dev/shm\n";
  return out.str();
}

const std::map<std::string, std::string>& directories() {
  static const std::map<std::string, std::string> kDirs = {
      {"/",
       "bin\nboot\ndev\netc\nhome\nlib\nlib64\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\n"
       "sys\ntmp\nusr\nvar\n"},
      {"/etc",
       "apt\ndefault\nfstab\nhostname\nhosts\nnetwork\nos-release\npasswd\nresolv.conf\n"
       "ssh\nsystemd\n"},
      {"/root", ""},
      {"/tmp", ""},
      {"/home", "debian\n"},
      {"/var/log", "apt\nbtmp\njournal\nlastlog\nwtmp\n"}};
  return kDirs;
}

struct Outcome {
  int exitcode = 0;
  std::string out, err;
  std::int64_t runs_ms = 0;
  bool spawn_failed = false;  // argv[0] is not a program in the guest
};

using Args = std::vector<std::string>;

Outcome run_uname(const Guest& guest, const Args& args) {
  const std::string flag = args.empty() ? "-s" : args[0];
  if (flag == "-a") {
    return {0,
            "Linux " + hostname_of(guest) + " " + kKernelRelease + " " + kKernelVersion +
                " x86_64 GNU/Linux\n",
            ""};
  }
  if (flag == "-r") return {0, std::string(kKernelRelease) + "\n", ""};
  if (flag == "-n") return {0, hostname_of(guest) + "\n", ""};
  if (flag == "-m") return {0, "x86_64\n", ""};
  return {0, "Linux\n", ""};
}

Outcome run_cat(const Guest& guest, const Args& args, const std::string& input) {
  if (args.empty()) return {0, input, ""};
  std::string out;
  for (const auto& path : args) {
    if (path == "/etc/os-release" || path == "/usr/lib/os-release") {
      out += os_release();
    } else if (path == "/etc/hostname") {
      out += hostname_of(guest) + "\n";
    } else {
      return {1, out, "cat: " + path + ": No such file or directory\n"};
    }
  }
  return {0, out, ""};
}

Outcome run_ls(const Args& args) {
  std::vector<std::string> paths;
  for (const auto& arg : args) {
    if (arg.empty() || arg[0] != '-') paths.push_back(arg);
  }
  if (paths.empty()) paths.push_back("/root");  // qemu-ga runs commands in /
  std::string out, err;
  int code = 0;
  for (const auto& path : paths) {
    auto it = directories().find(
        path.size() > 1 && path.back() == '/' ? path.substr(0, path.size() - 1) : path);
    if (it == directories().end()) {
      err += "ls: cannot access '" + path + "': No such file or directory\n";
      code = 2;
    } else {
      out += it->second;
    }
  }
  return {code, out, err};
}

Outcome run_sleep(const Args& args) {
  double seconds = 0;
  try {
    seconds = args.empty() ? -1 : std::stod(args[0]);
  } catch (const std::exception&) {
    seconds = -1;
  }
  if (seconds < 0) {
    return {1, "",
            "sleep: " +
                std::string(args.empty() ? "missing operand"
                                         : "invalid time interval '" + args[0] + "'") +
                "\nTry 'sleep --help' for more information.\n"};
  }
  Outcome outcome;
  outcome.runs_ms = static_cast<std::int64_t>(seconds * 1000);
  return outcome;
}

Outcome run_argv(const ClusterState& state, const Guest& guest, std::vector<std::string> argv,
                 const std::string& input, bool in_shell);

Outcome run_shell(const ClusterState& state, const Guest& guest, const std::string& script,
                  const std::string& input) {
  std::istringstream words(script);
  std::vector<std::string> argv;
  for (std::string word; words >> word;) {
    if (word.size() >= 2 && (word.front() == '\'' || word.front() == '"') &&
        word.back() == word.front()) {
      word = word.substr(1, word.size() - 2);
    }
    argv.push_back(word);
  }
  if (argv.empty()) return {};
  if (argv[0] == "exit") {
    int code = 0;
    try {
      code = argv.size() > 1 ? std::stoi(argv[1]) & 0xFF : 0;
    } catch (const std::exception&) {
      return {2, "", "sh: 1: exit: Illegal number: " + argv[1] + "\n"};
    }
    return {code, "", ""};
  }
  Outcome outcome = run_argv(state, guest, argv, input, true);
  if (outcome.spawn_failed) return {127, "", "sh: 1: " + argv[0] + ": not found\n"};
  return outcome;
}

Outcome run_argv(const ClusterState& state, const Guest& guest, std::vector<std::string> argv,
                 const std::string& input, bool in_shell) {
  std::string program = argv.empty() ? "" : argv[0];
  if (auto slash = program.rfind('/'); slash != std::string::npos) {
    const std::string dir = program.substr(0, slash);
    if (dir == "/bin" || dir == "/usr/bin" || dir == "/sbin" || dir == "/usr/sbin") {
      program = program.substr(slash + 1);
    }
  }
  const std::vector<std::string> args(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
  if (program == "true") return {0, "", ""};
  if (program == "false") return {1, "", ""};
  if (program == "echo") {
    std::string out;
    for (const auto& arg : args) out += (out.empty() ? "" : " ") + arg;
    return {0, out + "\n", ""};
  }
  if (program == "hostname") return {0, hostname_of(guest) + "\n", ""};
  if (program == "whoami") return {0, "root\n", ""};
  if (program == "id") return {0, "uid=0(root) gid=0(root) groups=0(root)\n", ""};
  if (program == "uptime") return {0, uptime_line(state, guest), ""};
  if (program == "df") return {0, df_table(guest), ""};
  if (program == "uname") return run_uname(guest, args);
  if (program == "cat") return run_cat(guest, args, input);
  if (program == "ls") return run_ls(args);
  if (program == "sleep") return run_sleep(args);
  if ((program == "sh" || program == "bash") && args.size() >= 2 && args[0] == "-c") {
    return run_shell(state, guest, args[1], input);
  }
  Outcome failed;
  failed.spawn_failed = true;
  (void)in_shell;
  return failed;
}

std::vector<std::string> command_argv(const ApiRequest& request) {
  std::vector<std::string> argv;
  auto it = request.params.find("command");
  if (it == request.params.end()) return argv;
  if (it->is_array()) {
    for (const auto& part : *it) {
      argv.push_back(part.is_string() ? part.get<std::string>() : part.dump());
    }
  } else if (it->is_string()) {
    argv.push_back(it->get<std::string>());  // one argv element, never split
  }
  return argv;
}

std::string guest_ip(const Guest& guest) {
  return "192.168.1." + std::to_string(100 + guest.vmid % 150);
}

std::string guest_mac(const Guest& guest) {
  const std::string net0 = guest.config.value("net0", std::string());
  const std::string model = net0.substr(0, net0.find(','));
  const auto eq = model.find('=');
  std::string mac = eq == std::string::npos ? "BC:24:11:00:00:00" : model.substr(eq + 1);
  for (auto& c : mac) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return mac;
}

}  // namespace

ApiResponse post_agent_exec(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  const std::vector<std::string> argv = command_argv(request);
  if (argv.empty()) return param_error("command", "property is missing and it is not optional");
  const std::string input = param_string(request, "input-data").value_or("");
  Outcome outcome = run_argv(state, *found.guest, argv, input, false);
  if (outcome.spawn_failed) {
    return ApiResponse::error(500, "Agent error: Failed to execute child process “" + argv[0] +
                                       "” (No such file or directory)\n");
  }
  GuestAgentState& agent = state.agents[found.guest->vmid];
  const int pid = agent.next_pid;
  agent.next_pid += 7;  // other guest processes start in between
  agent.processes[pid] = {state.now_ms(), outcome.runs_ms, outcome.exitcode, outcome.out,
                          outcome.err};
  return ApiResponse::ok(Json{{"pid", pid}});
}

ApiResponse get_agent_exec_status(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  const auto pid = param_int(request, "pid");
  GuestAgentState& agent = state.agents[found.guest->vmid];
  auto it = pid ? agent.processes.find(static_cast<int>(*pid)) : agent.processes.end();
  if (it == agent.processes.end()) {
    return ApiResponse::error(500, "Agent error: Invalid parameter 'pid'\n");
  }
  const AgentProcess& process = it->second;
  if (state.now_ms() < process.started_ms + process.runs_ms) {
    return ApiResponse::ok(Json{{"exited", 0}});
  }
  Json out = {{"exited", 1}, {"exitcode", process.exitcode}};
  if (!process.out.empty()) out["out-data"] = process.out;
  if (!process.err.empty()) out["err-data"] = process.err;
  agent.processes.erase(it);  // qemu-ga reports an exited process once
  return ApiResponse::ok(std::move(out));
}

ApiResponse post_agent_ping(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  return ApiResponse::ok(Json{{"result", Json::object()}});
}

ApiResponse get_agent_osinfo(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  return ApiResponse::ok(Json{{"result",
                               {{"id", "debian"},
                                {"kernel-release", kKernelRelease},
                                {"kernel-version", kKernelVersion},
                                {"machine", "x86_64"},
                                {"name", "Debian GNU/Linux"},
                                {"pretty-name", "Debian GNU/Linux 13 (trixie)"},
                                {"version", "13 (trixie)"},
                                {"version-id", "13"}}}});
}

ApiResponse get_agent_host_name(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  return ApiResponse::ok(Json{{"result", {{"host-name", hostname_of(*found.guest)}}}});
}

ApiResponse get_agent_network_interfaces(ClusterState& state, const ApiRequest& request) {
  AgentLookup found = find_agent(state, request);
  if (found.guest == nullptr) return found.error;
  const Guest& guest = *found.guest;
  Json lo = {{"name", "lo"},
             {"hardware-address", "00:00:00:00:00:00"},
             {"ip-addresses",
              {{{"ip-address", "127.0.0.1"}, {"ip-address-type", "ipv4"}, {"prefix", 8}},
               {{"ip-address", "::1"}, {"ip-address-type", "ipv6"}, {"prefix", 128}}}}};
  Json eth = {{"name", "ens18"},
              {"hardware-address", guest_mac(guest)},
              {"ip-addresses",
               {{{"ip-address", guest_ip(guest)}, {"ip-address-type", "ipv4"}, {"prefix", 24}}}}};
  return ApiResponse::ok(Json{{"result", {lo, eth}}});
}

}  // namespace pvesim
