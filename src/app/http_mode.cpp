#include "app/http_mode.h"

#include <pthread.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "app/access_tokens.h"
#include "http/tls_context.h"
#include "mcp/http_service.h"
#include "mcp/server_core.h"
#include "mcp/tool_registry.h"

namespace app {
namespace {

// How long requests in flight get to finish once a stop signal came.
constexpr std::chrono::seconds kDrain{10};

std::string url_host(const std::string& address) {
  return address.find(':') == std::string::npos ? address : "[" + address + "]";
}

bool is_wildcard(const std::string& address) {
  return address == "0.0.0.0" || address == "::";
}

}  // namespace

sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int serve_http(const config::Config& config, Logger& log, const mcp::ServerInfo& info,
               std::vector<mcp::Tool> tools, const ToolsForScope& tools_for_scope,
               mcp::SessionOptions session, mcp::Offerings offerings,
               const sigset_t& stop_signals) {
  const config::HttpListen& listen = *config.http;
  mcp::HttpServiceOptions options;
  options.address = listen.address;
  options.port = listen.port;
  if (!config.tls_cert.empty()) {
    try {
      options.tls = http::load_tls_context(config.tls_cert, config.tls_key);
    } catch (const std::exception& e) {
      log.error(std::string("--tls-cert: ") + e.what());
      return 1;
    }
  }
  std::vector<std::string>& hosts = options.endpoint.allowed_hosts;
  hosts.insert(hosts.end(), config.allowed_hosts.begin(), config.allowed_hosts.end());
  if (!is_wildcard(listen.address)) hosts.push_back(url_host(listen.address));

  const mcp::ToolRegistry registry(std::move(tools));
  const mcp::Principal anonymous{"anonymous", &registry};
  mcp::BearerTokens tokens;
  std::size_t principals = 0;
  if (!config.auth_token.empty()) {
    tokens.add_plain(config.auth_token, {"token", &registry});
    ++principals;
  }
  std::map<std::string, std::unique_ptr<mcp::ToolRegistry>> scoped;  // by scope
  if (!config.auth_tokens_file.empty()) {
    std::ifstream in(config.auth_tokens_file);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      log.error("MCP_AUTH_TOKENS: cannot read " + config.auth_tokens_file);
      return 2;
    }
    const AccessTokensFile file = parse_access_tokens(text.str());
    if (!file.problem.empty()) {
      log.error("MCP_AUTH_TOKENS " + config.auth_tokens_file + ": " + file.problem);
      return 2;
    }
    // An empty file would let every request in as anonymous: it was meant to keep them out.
    if (file.tokens.empty()) {
      log.error("MCP_AUTH_TOKENS " + config.auth_tokens_file +
                ": holds no token (add one with `proxmox-mcp auth-token NAME >> FILE`)");
      return 2;
    }
    for (const AccessToken& token : file.tokens) {
      const mcp::ToolRegistry* tools_of_scope = &registry;
      if (token.scope != "all") {
        auto& slot = scoped[token.scope];
        if (!slot) {
          std::string problem;
          std::optional<std::vector<mcp::Tool>> chosen = tools_for_scope(token.scope, problem);
          if (!chosen) {
            log.error("MCP_AUTH_TOKENS " + config.auth_tokens_file + ": token " + token.name +
                      ": " + problem);
            return 2;
          }
          slot = std::make_unique<mcp::ToolRegistry>(std::move(*chosen));
        }
        tools_of_scope = slot.get();
      }
      tokens.add(token.salt, token.digest, {token.name, tools_of_scope});
      ++principals;
    }
    log.info("access tokens: " + std::to_string(file.tokens.size()) + " from " +
             config.auth_tokens_file);
  }

  const bool tokens_required = !tokens.empty();
  // Several clients: none of them may take every worker, so one client's slow Proxmox calls
  // leave places for the others.
  if (principals > 1) {
    session.max_calls_per_client = std::max<std::size_t>(1, (session.max_concurrent_calls + 1) / 2);
  }
  mcp::ServerCore core(info, std::move(session), std::move(offerings));
  mcp::HttpService service(core, std::move(tokens), anonymous, std::move(options));
  int port = 0;
  try {
    port = service.start();
  } catch (const std::exception& e) {
    log.error(std::string("--http: ") + e.what());
    return 1;
  }
  const std::string scheme = config.tls_cert.empty() ? "http" : "https";
  log.info("listening on " + scheme + "://" + url_host(listen.address) + ":" +
           std::to_string(port) + "/mcp" + (tokens_required ? " (bearer token required)" : ""));
  if (is_wildcard(listen.address) && config.allowed_hosts.empty()) {
    log.warning("--http " + listen.address +
                ": only requests naming localhost are accepted until MCP_ALLOWED_HOSTS "
                "(--allowed-hosts) lists the names clients use to reach this machine");
  }

  int signal = 0;
  sigwait(&stop_signals, &signal);
  log.info(std::string("stopping (") + (signal == SIGINT ? "SIGINT" : "SIGTERM") +
           "): finishing the requests in flight");
  // A second signal means now (a person pressing Ctrl-C again).
  std::thread([stop_signals, &log] {
    int again = 0;
    sigwait(&stop_signals, &again);
    log.warning("second stop signal: exiting without waiting");
    std::_Exit(0);
  }).detach();
  if (!service.stop(kDrain)) {
    log.warning("requests still running after " + std::to_string(kDrain.count()) +
                " s; exiting without them");
    std::_Exit(0);
  }
  log.info("stopped");
  return 0;
}

}  // namespace app
