// proxmox-mcp: reads the configuration, connects the tools to Proxmox (or to the demo
// simulator) and serves MCP on stdin/stdout until stdin closes.
#include <algorithm>
#include <csignal>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/connection.h"
#include "app/logger.h"
#include "app/server_info.h"
#include "config/load.h"
#include "mcp/fixture_tools.h"
#include "mcp/server.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "pve/encoding.h"
#include "tools/catalog.h"

namespace {

// The configuration, and what reading the .env files had to say about them.
struct Startup {
  config::LoadResult result;
  std::vector<std::string> env_files_read;
  std::vector<std::string> env_file_problems;
};

Startup load(int argc, char** argv) {
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
                      config::read_file_from_disk, PMCP_VERSION});
  return startup;
}

int serve(const config::Config& config, app::Logger& log) {
  std::unique_ptr<app::Demo> demo;  // outlives the client that talks to it
  pve::ClientOptions options;
  if (config.demo) {
    try {
      demo = std::make_unique<app::Demo>(config);
    } catch (const std::exception& e) {
      log.error(std::string("demo: cannot start the simulated cluster: ") + e.what());
      return 1;
    }
    options = demo->client_options();
    log.info("demo: simulated cluster at " + pve::base_url(options.host, options.port) +
             " (fingerprint " + options.fingerprint + ")");
  } else {
    options = app::client_options(config);
    if (options.insecure) {
      log.warning(
          "TLS certificate verification is OFF (PROXMOX_INSECURE_TLS): anyone on the network "
          "path can read the API token; pin the certificate with PROXMOX_FINGERPRINT instead");
    }
  }
  log.redact(options.token_secret);

  // Nothing below contacts Proxmox: the first request happens in the first tool call.
  pve::Client client(options);
  policy::ApiWritesParse api_writes = policy::parse_api_writes(config.api_allow);
  if (!api_writes.problem.empty()) {
    log.error("PROXMOX_API_ALLOW: " + api_writes.problem);
    return 2;
  }
  policy::Policy policy(
      policy::Settings{.mode = config.allow_elevated ? policy::Mode::elevated : policy::Mode::basic,
                       .list_all_tools = config.list_all_tools,
                       .api_writes = std::move(api_writes.patterns),
                       .tools = {.toolsets = policy::parse_name_list(config.toolsets),
                                 .tools = policy::parse_name_list(config.tools),
                                 .disabled = policy::parse_name_list(config.disabled_tools)}});
  policy.know_tools(tools::tool_metas());
  if (const std::string problem = policy.choice_problem(); !problem.empty()) {
    log.error(problem);
    return 2;
  }
  std::vector<mcp::Tool> tools = tools::make_tools(client, policy);
  if (config.test_fixtures) {
    for (mcp::Tool& fixture : mcp::fixture_tools()) tools.push_back(std::move(fixture));
  }
  // The count a client sees in tools/list (basic mode hides the write tools), out of all of them.
  const auto listed =
      std::count_if(tools.begin(), tools.end(), [](const mcp::Tool& tool) { return tool.listed; });
  log.info(std::string("proxmox-mcp ") + PMCP_VERSION + ": " + std::to_string(listed) + " of " +
           std::to_string(tools.size()) + " tools listed, " + policy::to_string(policy.mode()) +
           " mode, token " + client.token_id() + " at " +
           pve::base_url(options.host, options.port));
  mcp::SessionOptions session;
  session.warn = [&log](const std::string& problem) { log.warning(problem); };
  return mcp::run_stdio(app::server_info(policy), std::move(tools), std::cin, std::cout,
                        std::move(session));
}

}  // namespace

int main(int argc, char** argv) {
  // A client that goes away must end in EOF or a write error, never in a signal.
  std::signal(SIGPIPE, SIG_IGN);
  // The transport writes whole lines and flushes each message; untie cin so that a reader
  // thread never flushes cout behind the writer's back.
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);

  app::Logger log(std::cerr, config::LogLevel::info);
  Startup startup = load(argc, argv);
  const config::LoadResult& result = startup.result;
  if (!result.config && result.exit_code == 0) return config::report(result, std::cout, std::cerr);

  if (result.config) log.set_threshold(result.config->log_level);
  for (const std::string& path : startup.env_files_read) log.debug("config: read " + path);
  for (const std::string& problem : startup.env_file_problems) log.warning(problem);
  for (const std::string& warning : result.warnings) log.warning(warning);
  if (!result.config) return config::report(result, std::cout, std::cerr);

  try {
    return serve(*result.config, log);
  } catch (const std::exception& e) {
    log.error(e.what());
    return 1;
  }
}
