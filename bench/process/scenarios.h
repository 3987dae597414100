// The whole-process measurements: each starts the server (ours, and the reference where it can
// do the same) as a client would and returns table rows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mcp_messages.h"
#include "report.h"

namespace pvesim {
class Simulator;
}

namespace bench {

// How to start one server against a pve-sim cluster.
struct Server {
  std::string name;  // "proxmox-mcp" or "reference"
  std::vector<std::string> argv;
  bool speaks_modern = true;  // the stateless 2026-07-28 era
};

// The environment a user would set for `sim`: host, token, the pinned certificate.
std::map<std::string, std::string> server_env(const pvesim::Simulator& sim, bool elevated);

struct Settings {
  std::string scratch;  // working directory for the servers (no .env in it)
  int start_runs = 30;
  int calls = 10'000;
  int large_batches = 5;
  int large_calls_per_batch = 3;
  int http_runs = 3;
  int http_seconds = 3;
};

std::vector<Row> start_rows(const Server& ours, const std::optional<Server>& reference,
                            const pvesim::Simulator& sim, const Settings& settings);
std::vector<Row> call_rows(const Server& ours, const std::optional<Server>& reference,
                           pvesim::Simulator& sim, const Settings& settings);
std::vector<Row> large_cluster_rows(const Server& ours, const std::optional<Server>& reference,
                                    pvesim::Simulator& large, const Settings& settings);
std::vector<Row> context_rows(const Server& ours, const std::optional<Server>& reference,
                              const pvesim::Simulator& sim, const Settings& settings);
std::vector<Row> http_rows(const Server& ours, const pvesim::Simulator& sim,
                           const Settings& settings);
// build_seconds: a clean ./run build (proxmox-mcp and pve-sim); build_all_seconds: a clean build
// of every target, the tests included.
std::vector<Row> binary_rows(const std::string& server_path, std::optional<double> build_seconds,
                             std::optional<double> build_all_seconds);

}  // namespace bench
