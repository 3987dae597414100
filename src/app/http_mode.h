// `proxmox-mcp --http`: serves the tools over MCP's Streamable HTTP until SIGTERM or SIGINT.
#pragma once

#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/logger.h"
#include "config/config.h"
#include "mcp/server.h"
#include "mcp/tool.h"

namespace app {

// The signals that stop the HTTP server, blocked in every thread so that one waiting thread
// receives them: call before any thread starts.
sigset_t block_stop_signals();

// The tools an access token of this scope (see AccessToken::scope) may use; nullopt with
// `problem` set when the scope cannot be served.
using ToolsForScope = std::function<std::optional<std::vector<mcp::Tool>>(const std::string& scope,
                                                                          std::string& problem)>;

// Listens where config.http says and serves until a stop signal; 0 after an orderly stop, 1
// when the server cannot start, 2 for a bad access tokens file (the reason logged).
int serve_http(const config::Config& config, Logger& log, const mcp::ServerInfo& info,
               std::vector<mcp::Tool> tools, const ToolsForScope& tools_for_scope,
               mcp::SessionOptions session, mcp::Offerings offerings, const sigset_t& stop_signals);

}  // namespace app
