// proxmox-mcp: reads the configuration, connects the tools to Proxmox (or to the demo
// simulator) and serves MCP on stdin/stdout until stdin closes.
#include <malloc.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <filesystem>
#include <iostream>
#include <list>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "app/access_tokens.h"
#include "app/connection.h"
#include "app/http_mode.h"
#include "app/logger.h"
#include "app/served_clusters.h"
#include "app/server_info.h"
#include "audit/call_record.h"
#include "audit/log_file.h"
#include "config/clusters_file.h"
#include "config/load.h"
#include "listing/catalogue_listing.h"
#include "mcp/fixture_tools.h"
#include "mcp/server.h"
#include "ossl/openssl.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "pve/encoding.h"
#include "setup/bootstrap_command.h"
#include "setup/doctor.h"
#include "setup/server_policy.h"
#include "tools/catalog.h"
#include "tools/cluster_routing.h"
#include "tools/offerings.h"

namespace {

// The configuration, and what reading the .env files had to say about them.
struct Startup {
  config::LoadResult result;
  std::vector<std::string> env_files_read;
  std::vector<std::string> env_file_problems;
};

Startup load(int argc, char* const* argv) {
  Startup startup;
  std::vector<std::string> args(argv, argv + argc);
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  std::filesystem::path exe = config::executable_path(argc > 0 ? argv[0] : nullptr);
  std::vector<config::EnvFile> env_files =
      config::read_env_files(config::env_file_paths(cwd, exe), startup.env_file_problems);
  for (const config::EnvFile& file : env_files) startup.env_files_read.push_back(file.path);
  startup.result = config::load_config(
      config::Sources{std::move(args), config::process_environment(), std::move(env_files),
                      config::read_file_from_disk, PMCP_VERSION, config::read_trusted_file});
  return startup;
}

// The file PROXMOX_AUDIT_LOG names, open for appending; null when none is asked for. Throws
// audit::WriteError: a server asked to keep an audit log does not run without it.
std::unique_ptr<audit::LogFile> open_audit_log(const config::Config& config, app::Logger& log) {
  if (config.audit_log.empty()) return nullptr;
  auto file = std::make_unique<audit::LogFile>(config.audit_log);
  log.info("audit log: " + config.audit_log);
  return file;
}

int serve(const config::Config& config, app::Logger& log, const sigset_t* stop_signals) {
  // OpenSSL is loaded when first needed (ossl/openssl.h). An HTTP server checks tokens with it
  // and an audit log chains its lines with it: they load it now, so that a missing libssl is a
  // refusal to start rather than a failure of some later request.
  if (config.http || !config.audit_log.empty()) {
    try {
      (void)ossl::openssl();
    } catch (const ossl::Unavailable& e) {
      log.error(e.what());
      return 1;
    }
  }
  std::unique_ptr<audit::LogFile> audit_file;
  try {
    audit_file = open_audit_log(config, log);
  } catch (const audit::WriteError& e) {
    log.error(std::string("PROXMOX_AUDIT_LOG: ") + e.what());
    return 2;
  }
  std::unique_ptr<app::Demo> demo;  // outlives the client that talks to it
  std::vector<app::ServedClusters::Cluster> clusters;
  if (config.demo) {
    try {
      demo = std::make_unique<app::Demo>(config);
    } catch (const std::exception& e) {
      log.error(std::string("demo: cannot start the simulated cluster: ") + e.what());
      return 1;
    }
    clusters.push_back({config, demo->client_options()});
    const pve::ClientOptions& options = clusters.back().options;
    log.info("demo: simulated cluster at " + pve::base_url(options.host, options.port) +
             " (fingerprint " + options.fingerprint + ")");
  } else if (config.clusters.empty()) {
    clusters.push_back({config, app::client_options(config)});
  } else {
    for (const config::Config& cluster : config.clusters) {
      clusters.push_back({cluster, app::client_options(cluster)});
    }
  }
  for (const app::ServedClusters::Cluster& cluster : clusters) {
    if (cluster.options.insecure) {
      const std::string& name = cluster.settings.cluster;
      const std::string warning =
          "TLS certificate verification is OFF (PROXMOX_INSECURE_TLS): anyone on the network "
          "path can read the API token; pin the certificate with PROXMOX_FINGERPRINT instead";
      log.warning(name.empty()
                      ? warning
                      : "cluster " + name + ": " +
                            tools::in_cluster_terms(warning, name, config::cluster_variables()));
    }
    log.redact(cluster.options.token_secret);
  }

  // Nothing below contacts Proxmox: the first request happens in the first tool call.
  app::ServedClusters served(std::move(clusters), config.default_cluster, audit_file.get());
  std::string problem;
  std::optional<std::vector<mcp::Tool>> made = served.tools(problem);
  if (!made) {
    log.error(problem);
    return 2;
  }
  std::vector<mcp::Tool> tools = std::move(*made);
  const std::vector<app::ServedPolicy> policies = served.policies();
  const mcp::ServerInfo info = policies.size() == 1
                                   ? app::server_info(*policies.front().policy)
                                   : app::server_info(policies, served.default_name());
  mcp::Offerings offerings = tools::make_offerings();
  if (config.test_fixtures) {
    for (mcp::Tool& fixture : mcp::fixture_tools()) tools.push_back(std::move(fixture));
    // The conformance suite reads the first resource listed: its own fixture.
    mcp::Offerings fixtures = mcp::conformance_offerings();
    fixtures.prompts.insert(fixtures.prompts.end(), offerings.prompts.begin(),
                            offerings.prompts.end());
    fixtures.resources.insert(fixtures.resources.end(), offerings.resources.begin(),
                              offerings.resources.end());
    fixtures.completers = std::move(offerings.completers);
    offerings = std::move(fixtures);
  }
  // The count a client sees in tools/list (basic mode hides the write tools), out of all of them.
  const auto listed =
      std::count_if(tools.begin(), tools.end(), [](const mcp::Tool& tool) { return tool.listed; });
  // Out of the tools the server has: container commands only when some cluster can run them.
  const auto total = tools.size() - (served.runs_container_commands() ? 0 : 1);
  const std::vector<std::string> summaries = served.summaries();
  const std::string count = std::string("proxmox-mcp ") + PMCP_VERSION + ": " +
                            std::to_string(listed) + " of " + std::to_string(total) +
                            " tools listed";
  if (summaries.size() == 1) {
    log.info(count + ", " + summaries.front());
  } else {
    log.info(count + ", " + std::to_string(summaries.size()) + " clusters");
    for (const std::string& summary : summaries) log.info(summary);
  }
  mcp::SessionOptions session;
  session.max_concurrent_calls = static_cast<std::size_t>(config.workers);
  session.warn = [&log](const std::string& problem) { log.warning(problem); };
  if (stop_signals != nullptr) {
    const app::ToolsForScope tools_for_scope =
        [&](const std::string& scope, std::string& why) -> std::optional<std::vector<mcp::Tool>> {
      return served.scoped_tools(scope, why);
    };
    return app::serve_http(config, log, info, std::move(tools), tools_for_scope, std::move(session),
                           std::move(offerings), *stop_signals);
  }
  return mcp::run_stdio(info, std::move(tools), std::cin, std::cout, std::move(session),
                        std::move(offerings));
}

// `proxmox-mcp doctor [the server's flags]`: the server's configuration, checked against the
// host it names (or the demo cluster).
int doctor(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  args.erase(args.begin() + 1);  // the word "doctor"
  for (char* arg : args) {
    if (std::string_view(arg) == "--help" || std::string_view(arg) == "-h") {
      std::cout << setup::doctor_help();
      return 0;
    }
  }
  Startup startup = load(static_cast<int>(args.size()), args.data());
  const config::LoadResult& result = startup.result;
  if (!result.config && result.exit_code == 0) return config::report(result, std::cout, std::cerr);
  setup::DoctorInput input{.config = result.config ? &*result.config : nullptr,
                           .config_problem = result.error,
                           .config_warnings = startup.env_file_problems};
  input.config_warnings.insert(input.config_warnings.end(), result.warnings.begin(),
                               result.warnings.end());
  std::unique_ptr<app::Demo> demo;
  if (result.config && result.config->demo) {
    try {
      demo = std::make_unique<app::Demo>(*result.config);
      input.options = demo->client_options();
    } catch (const std::exception& e) {
      input.config = nullptr;
      input.config_problem = std::string("the demo cluster cannot start: ") + e.what();
    }
  } else if (result.config && !result.config->clusters.empty()) {
    // Each cluster of the clusters file in turn, under its name.
    int status = 0;
    for (const config::Config& cluster : result.config->clusters) {
      std::cout << (&cluster == &result.config->clusters.front() ? "" : "\n") << "cluster "
                << cluster.cluster << " (" << result.config->clusters_file << ")\n";
      input.config = &cluster;
      input.options = app::client_options(cluster);
      // Its advice names the cluster's keys: PROXMOX_FINGERPRINT is refused beside the file.
      std::ostringstream report;
      status = std::max(status, setup::run_doctor(input, report));
      std::cout << tools::in_cluster_terms(report.str(), cluster.cluster,
                                           config::cluster_variables())
                << std::flush;
      input.config_warnings.clear();  // said once
    }
    return status;
  } else if (result.config) {
    input.options = app::client_options(*result.config);
  }
  return setup::run_doctor(input, std::cout);
}

}  // namespace

int main(int argc, char** argv) {
  // A client that goes away must end in EOF or a write error, never in a signal.
  std::signal(SIGPIPE, SIG_IGN);
  // The transport writes whole lines and flushes each message; untie cin so that a reader
  // thread never flushes cout behind the writer's back.
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  // A large answer (2.7 MB for 10,000 guests, and the rows read from it) would otherwise be
  // mmapped and unmapped, or trimmed off the heap, on every call, and its pages faulted in
  // again by the next: on a virtual machine that was 2,000 page faults and 60% of the CPU time
  // of a get_vms. Freed memory is kept for the next call instead, up to these sizes.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);

  // Subcommands beside the server, each with its own arguments and --help.
  if (argc > 1 && std::string_view(argv[1]) == "bootstrap") {
    return setup::run_bootstrap(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                std::cerr);
  }
  if (argc > 1 && std::string_view(argv[1]) == "doctor") return doctor(argc, argv);
  if (argc > 1 && std::string_view(argv[1]) == "auth-token") {
    return app::run_auth_token(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                               std::cerr);
  }

  app::Logger log(std::cerr, config::LogLevel::info);
  Startup startup = load(argc, argv);
  const config::LoadResult& result = startup.result;
  if (!result.config && result.exit_code == 0) return config::report(result, std::cout, std::cerr);

  if (result.config) log.set_threshold(result.config->log_level);
  for (const std::string& path : startup.env_files_read) log.debug("config: read " + path);
  for (const std::string& problem : startup.env_file_problems) log.warning(problem);
  for (const std::string& warning : result.warnings) log.warning(warning);
  if (!result.config) return config::report(result, std::cout, std::cerr);

  // Blocked before the first thread starts, so that only serve_http's sigwait receives them.
  std::optional<sigset_t> stop_signals;
  if (result.config->http) stop_signals = app::block_stop_signals();
  try {
    return serve(*result.config, log, stop_signals ? &*stop_signals : nullptr);
  } catch (const std::exception& e) {
    log.error(e.what());
    return 1;
  }
}
