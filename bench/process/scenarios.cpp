#include "scenarios.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "child.h"
#include "http_load.h"
#include "proc_stats.h"
#include "pvesim/simulator.h"

namespace bench {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr milliseconds kAnswerTimeout{60'000};
constexpr milliseconds kExitTimeout{5'000};

double ms_since(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

// The answer to `id`, or an exception naming the server and what it was asked.
Answer expect_answer(Child& child, const Server& server, int id, const std::string& asked) {
  std::optional<Answer> answer = answer_to(child, id, kAnswerTimeout);
  if (!answer) throw std::runtime_error(server.name + " did not answer " + asked);
  return std::move(*answer);
}

// A started server with its session opened (initialize in the legacy era).
std::unique_ptr<Child> opened(const Server& server, const pvesim::Simulator& sim, bool elevated,
                              const Settings& settings, Era era = Era::legacy) {
  auto child = std::make_unique<Child>(server.argv, server_env(sim, elevated), settings.scratch);
  const std::string opening = opening_lines(era);
  if (!opening.empty()) {
    child->send(opening);
    expect_answer(*child, server, 0, "initialize");
  }
  return child;
}

// A tool call that must succeed, or the figures would time an error.
Answer call_ok(Child& child, const Server& server, int id, const std::string& tool,
               const json& args) {
  child.send(tool_call_line(Era::legacy, id, tool, args));
  Answer answer = expect_answer(child, server, id, tool);
  if (answer.line.find("\"isError\":true") != std::string::npos) {
    throw std::runtime_error(server.name + ": " + tool + " failed: " + answer.line.substr(0, 400));
  }
  return answer;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// Name, description and inputSchema of every listed tool, as compact JSON: what a client puts
// into the model's context.
double context_bytes(const std::string& list_answer) {
  const json answer = json::parse(list_answer);
  json advertised = json::array();
  for (const json& tool : answer.at("result").at("tools")) {
    advertised.push_back({{"name", tool.at("name")},
                          {"description", tool.value("description", "")},
                          {"inputSchema", tool.at("inputSchema")}});
  }
  return static_cast<double>(advertised.dump().size());
}

}  // namespace

std::map<std::string, std::string> server_env(const pvesim::Simulator& sim, bool elevated) {
  const char* path = std::getenv("PATH");
  std::map<std::string, std::string> env = {
      {"PATH", path != nullptr ? path : "/usr/bin:/bin"},
      {"PROXMOX_HOST", "127.0.0.1"},
      {"PROXMOX_PORT", std::to_string(sim.port())},
      {"PROXMOX_USER", sim.token_user()},
      {"PROXMOX_TOKEN_NAME", sim.token_name()},
      {"PROXMOX_TOKEN_VALUE", sim.token_secret()},
      {"PROXMOX_FINGERPRINT", sim.fingerprint()},
  };
  if (elevated) env["PROXMOX_ALLOW_ELEVATED"] = "true";
  return env;
}

std::vector<Row> start_rows(const Server& ours, const std::optional<Server>& reference,
                            const pvesim::Simulator& sim, const Settings& settings) {
  std::vector<Row> rows;
  for (const Era era : {Era::legacy, Era::modern}) {
    const std::string label = era == Era::legacy ? "2025-11-25" : "2026-07-28";
    Row start = row("cold start to the tools/list answer, " + label, "ms", 5);
    Row memory = row("RSS after start, " + label, "MiB", 10);
    // Interleaved, so that a busy moment of the machine falls on both servers alike.
    for (int run = 0; run < settings.start_runs; ++run) {
      for (const Server* server : {&ours, reference ? &*reference : nullptr}) {
        if (server == nullptr || (era == Era::modern && !server->speaks_modern)) continue;
        const Clock::time_point begin = Clock::now();
        Child child(server->argv, server_env(sim, false), settings.scratch);
        const std::string opening = opening_lines(era);
        child.send(opening.empty() ? request_line(era, 1, "tools/list")
                                   : opening + "\n" + request_line(era, 1, "tools/list"));
        const Answer answer = expect_answer(child, *server, 1, "tools/list");
        const ProcStats stats = proc_stats(child.pid());
        child.finish(kExitTimeout);
        start.samples(server == &ours).push_back(ms_since(begin, answer.at));
        memory.samples(server == &ours).push_back(stats.rss_mib);
      }
    }
    rows.push_back(std::move(start));
    rows.push_back(std::move(memory));
  }
  return rows;
}

std::vector<Row> call_rows(const Server& ours, const std::optional<Server>& reference,
                           pvesim::Simulator& sim, const Settings& settings) {
  const std::string tool = "proxmox_get_vm_status";
  const json args = {{"node", "pve1"}, {"vmid", 100}};
  Row cpu = row("CPU per call of a small read (" + tool + ")", "ms", 0.2);
  Row wall = row("wall per call of a small read, pve-sim included", "ms");
  Row memory = row("RSS after " + std::to_string(settings.calls) + " calls", "MiB", 15);
  constexpr int kBatches = 10;
  const int per_batch = std::max(1, settings.calls / kBatches);
  for (const Server* server : {&ours, reference ? &*reference : nullptr}) {
    if (server == nullptr) continue;
    std::unique_ptr<Child> child = opened(*server, sim, false, settings);
    int id = 1;
    for (int warm = 0; warm < 20; ++warm) call_ok(*child, *server, id++, tool, args);
    for (int batch = 0; batch < kBatches; ++batch) {
      const double cpu_before = proc_stats(child->pid()).cpu_ms;
      const Clock::time_point begin = Clock::now();
      for (int i = 0; i < per_batch; ++i) call_ok(*child, *server, id++, tool, args);
      const double elapsed = ms_since(begin, Clock::now());
      const double cpu_used = proc_stats(child->pid()).cpu_ms - cpu_before;
      cpu.samples(server == &ours).push_back(cpu_used / per_batch);
      wall.samples(server == &ours).push_back(elapsed / per_batch);
    }
    memory.samples(server == &ours).push_back(proc_stats(child->pid()).rss_mib);
    child->finish(kExitTimeout);
    sim.clear_requests();
  }
  return {std::move(cpu), std::move(wall), std::move(memory)};
}

std::vector<Row> large_cluster_rows(const Server& ours, const std::optional<Server>& reference,
                                    pvesim::Simulator& large, const Settings& settings) {
  std::vector<Row> rows;
  for (const std::string tool : {"proxmox_get_vms", "proxmox_get_storage"}) {
    const std::string on = tool + ", 10,000 guests on 32 nodes";
    Row wall = row(on + ": wall", "ms");
    Row cpu = row(on + ": our CPU", "ms");
    if (tool == "proxmox_get_vms") cpu.target = 30;
    Row requests = row(on + ": requests to Proxmox", "requests");
    Row bytes = row(on + ": bytes returned", "bytes");
    for (const Server* server : {&ours, reference ? &*reference : nullptr}) {
      if (server == nullptr) continue;
      const bool mine = server == &ours;
      std::unique_ptr<Child> child = opened(*server, large, false, settings);
      int id = 1;
      call_ok(*child, *server, id++, tool, json::object());  // warm: connections, caches
      large.clear_requests();
      const Answer first = call_ok(*child, *server, id++, tool, json::object());
      requests.samples(mine).push_back(static_cast<double>(large.requests().size()));
      bytes.samples(mine).push_back(static_cast<double>(first.line.size()));
      for (int batch = 0; batch < settings.large_batches; ++batch) {
        const double cpu_before = proc_stats(child->pid()).cpu_ms;
        for (int i = 0; i < settings.large_calls_per_batch; ++i) {
          const Clock::time_point begin = Clock::now();
          const Answer answer = call_ok(*child, *server, id++, tool, json::object());
          wall.samples(mine).push_back(ms_since(begin, answer.at));
        }
        const double cpu_used = proc_stats(child->pid()).cpu_ms - cpu_before;
        cpu.samples(mine).push_back(cpu_used / settings.large_calls_per_batch);
      }
      child->finish(kExitTimeout);
      large.clear_requests();
    }
    for (Row* row : {&wall, &cpu, &requests, &bytes}) rows.push_back(std::move(*row));
  }
  return rows;
}

std::vector<Row> context_rows(const Server& ours, const std::optional<Server>& reference,
                              const pvesim::Simulator& sim, const Settings& settings) {
  std::vector<Row> rows;
  for (const bool elevated : {false, true}) {
    Row listed = row(
        std::string("context bytes of tools/list, ") + (elevated ? "elevated" : "basic") + " mode",
        "bytes");
    for (const Server* server : {&ours, reference ? &*reference : nullptr}) {
      if (server == nullptr) continue;
      std::unique_ptr<Child> child = opened(*server, sim, elevated, settings);
      child->send(request_line(Era::legacy, 1, "tools/list"));
      const Answer answer = expect_answer(*child, *server, 1, "tools/list");
      listed.samples(server == &ours).push_back(context_bytes(answer.line));
      child->finish(kExitTimeout);
    }
    rows.push_back(std::move(listed));
  }
  return rows;
}

std::vector<Row> http_rows(const Server& ours, const pvesim::Simulator& sim,
                           const Settings& settings) {
  const int port = free_port();
  std::vector<std::string> argv = ours.argv;
  argv.insert(argv.end(), {"--http", "127.0.0.1:" + std::to_string(port)});
  Child child(argv, server_env(sim, false), settings.scratch);
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  while (!http_ok(port, "/healthz")) {
    if (Clock::now() > deadline) throw std::runtime_error("proxmox-mcp --http did not start");
    std::this_thread::sleep_for(milliseconds(20));
  }
  const std::string body = request_line(Era::modern, 1, "tools/list");
  const std::string request =
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
      "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
      "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/list\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  std::vector<Row> rows;
  for (const int clients : {1, 16, 64}) {
    const std::string on = "HTTP tools/list, " + std::to_string(clients) + " client" +
                           (clients > 1 ? "s" : "") + " (2026-07-28)";
    Row throughput = row(on + ": throughput", "req/s");
    Row p50 = row(on + ": p50 latency", "ms");
    Row p99 = row(on + ": p99 latency", "ms");
    if (clients == 64) {
      throughput = row(throughput.name, throughput.unit, 10'000, /*higher_is_better=*/true);
      p99.target = 20;
    }
    for (int run = 0; run < settings.http_runs; ++run) {
      HttpLoad load = http_load(port, request, clients, milliseconds(500),
                                std::chrono::seconds(settings.http_seconds));
      if (load.failures > 0 || load.latency_ms.empty()) {
        throw std::runtime_error(on + ": " + std::to_string(load.failures) + " failed answers");
      }
      std::sort(load.latency_ms.begin(), load.latency_ms.end());
      const auto at = [&](double share) {
        return load.latency_ms[static_cast<std::size_t>(share * (load.latency_ms.size() - 1))];
      };
      throughput.ours.push_back(load.requests_per_s);
      p50.ours.push_back(at(0.50));
      p99.ours.push_back(at(0.99));
    }
    for (Row* row : {&throughput, &p50, &p99}) rows.push_back(std::move(*row));
  }
  child.finish(kExitTimeout);
  return rows;
}

std::vector<Row> binary_rows(const std::string& server_path, std::optional<double> build_seconds,
                             std::optional<double> build_all_seconds) {
  namespace fs = std::filesystem;
  constexpr double kMiB = 1024.0 * 1024.0;
  std::vector<Row> rows;
  const fs::path stripped =
      fs::temp_directory_path() / ("pmcp-bench-stripped-" + std::to_string(::getpid()));
  const std::string command = "strip -o '" + stripped.string() + "' '" + server_path + "'";
  if (std::system(command.c_str()) == 0) {
    rows.push_back(row("binary size, stripped", "MiB", 15));
    rows.back().ours.push_back(static_cast<double>(fs::file_size(stripped)) / kMiB);
    fs::remove(stripped);
  }
  rows.push_back(row("binary size as built", "MiB"));
  rows.back().ours.push_back(static_cast<double>(fs::file_size(server_path)) / kMiB);
  if (build_seconds) {
    rows.push_back(row("clean ./run build (proxmox-mcp, pve-sim), 2 cores", "s", 300));
    rows.back().ours.push_back(*build_seconds);
  }
  if (build_all_seconds) {
    rows.push_back(row("clean build of every target, the tests too, 2 cores", "s"));
    rows.back().ours.push_back(*build_all_seconds);
  }
  return rows;
}

}  // namespace bench
