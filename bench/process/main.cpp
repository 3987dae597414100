// pmcp_bench_process: the whole-process figures of ./run bench — start, memory, calls, large
// clusters, context, HTTP, binary — for proxmox-mcp and, with --reference, the Node.js server
// it replaces, each against an in-process pve-sim. Prints one table; --json writes the figures.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "micro_rows.h"
#include "pvesim/simulator.h"
#include "report.h"
#include "scenarios.h"

namespace {

constexpr const char* kUsage =
    "usage: pmcp_bench_process [--server PATH] [--reference DIR] [--json FILE]\n"
    "                          [--build-seconds N] [--build-all-seconds N] [--micro FILE]\n"
    "                          [--quick] [--only GROUPS]\n"
    "  --server PATH     the proxmox-mcp binary (default: beside this program)\n"
    "  --reference DIR   a checkout of the Node.js server (its index.js), measured alongside\n"
    "  --json FILE       also write the figures as JSON\n"
    "  --build-seconds N the time of a clean ./run build to report (./run bench measures it)\n"
    "  --build-all-seconds N  and of a clean build of everything, the tests too\n"
    "  --micro FILE      add the micro-benchmarks' repetitions (pmcp_bench --benchmark_out)\n"
    "  --quick           fewer runs: a check that every figure can be taken\n"
    "  --only GROUPS     comma-separated: start,calls,large,context,http,binary\n";

struct Arguments {
  std::string server;
  std::optional<std::string> reference;
  std::optional<std::string> json_path;
  std::optional<double> build_seconds;
  std::optional<double> build_all_seconds;
  std::optional<std::string> micro;
  bool quick = false;
  std::string only = "start,calls,large,context,http,binary";
};

std::optional<Arguments> parse(int argc, char** argv) {
  Arguments args;
  args.server = (std::filesystem::path(argv[0]).parent_path() / "proxmox-mcp").string();
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--quick") {
      args.quick = true;
    } else if (flag == "--server" && has_value) {
      args.server = argv[++i];
    } else if (flag == "--reference" && has_value) {
      args.reference = argv[++i];
    } else if (flag == "--json" && has_value) {
      args.json_path = argv[++i];
    } else if (flag == "--build-seconds" && has_value) {
      args.build_seconds = std::atof(argv[++i]);
    } else if (flag == "--build-all-seconds" && has_value) {
      args.build_all_seconds = std::atof(argv[++i]);
    } else if (flag == "--micro" && has_value) {
      args.micro = argv[++i];
    } else if (flag == "--only" && has_value) {
      args.only = argv[++i];
    } else {
      return std::nullopt;
    }
  }
  // The servers start in a scratch folder: a relative path would no longer lead to them.
  args.server = std::filesystem::absolute(args.server).string();
  if (args.reference) args.reference = std::filesystem::absolute(*args.reference).string();
  return args;
}

bool wanted(const Arguments& args, const std::string& group) {
  return ("," + args.only + ",").find("," + group + ",") != std::string::npos;
}

std::unique_ptr<pvesim::Simulator> started(const std::string& seed) {
  pvesim::Options options;
  options.seed = seed;
  auto sim = std::make_unique<pvesim::Simulator>(options);
  sim->start();
  return sim;
}

// Progress on stderr, one line per figure as it is taken; the table comes at the end.
void append(std::vector<bench::Row>& rows, std::vector<bench::Row> more) {
  for (bench::Row& row : more) {
    std::cerr << "  " << row.name << ": " << bench::median(row.ours) << " " << row.unit << "\n";
    rows.push_back(std::move(row));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::optional<Arguments> args = parse(argc, argv);
  if (!args) {
    std::cerr << kUsage;
    return 2;
  }
  bench::Settings settings;
  if (args->quick) {
    settings.start_runs = 3;
    settings.calls = 200;
    settings.large_batches = 1;
    settings.large_calls_per_batch = 1;
    settings.http_runs = 1;
    settings.http_seconds = 1;
  }
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("pmcp-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);
  settings.scratch = scratch.string();

  const bench::Server ours{.name = "proxmox-mcp", .argv = {args->server}};
  std::optional<bench::Server> reference;
  if (args->reference) {
    reference = bench::Server{.name = "reference",
                              .argv = {"node", *args->reference + "/index.js"},
                              .speaks_modern = false};
  }
  std::vector<bench::Row> rows;
  try {
    const auto small = started("small");
    if (wanted(*args, "start")) append(rows, bench::start_rows(ours, reference, *small, settings));
    if (wanted(*args, "context")) {
      append(rows, bench::context_rows(ours, reference, *small, settings));
    }
    if (wanted(*args, "calls")) append(rows, bench::call_rows(ours, reference, *small, settings));
    if (wanted(*args, "large")) {
      const auto large = started("large");
      append(rows, bench::large_cluster_rows(ours, reference, *large, settings));
    }
    if (wanted(*args, "http")) append(rows, bench::http_rows(ours, *small, settings));
    if (wanted(*args, "binary"))
      append(rows, bench::binary_rows(args->server, args->build_seconds, args->build_all_seconds));
    if (args->micro) append(rows, bench::micro_rows(*args->micro));
  } catch (const std::exception& e) {
    std::cerr << "pmcp_bench_process: " << e.what() << "\n";
    std::filesystem::remove_all(scratch);
    return 1;
  }
  std::filesystem::remove_all(scratch);

  std::cout << "\n";
  bench::print_table(rows, reference ? "Node.js server" : "", std::cout);
  if (args->json_path) {
    std::ofstream out(*args->json_path);
    out << nlohmann::json{{"figures", bench::rows_json(rows)}}.dump(2) << "\n";
    if (!out) {
      std::cerr << "pmcp_bench_process: cannot write " << *args->json_path << "\n";
      return 1;
    }
  }
  return 0;
}
