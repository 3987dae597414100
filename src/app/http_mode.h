// `proxmox-mcp --http`: serves the tools over MCP's Streamable HTTP until SIGTERM or SIGINT.
#pragma once

#include <csignal>
#include <vector>

#include "app/logger.h"
#include "config/config.h"
#include "mcp/server.h"
#include "mcp/tool.h"

namespace app {

// The signals that stop the HTTP server, blocked in every thread so that one waiting thread
// receives them: call before any thread starts.
sigset_t block_stop_signals();

// Listens where config.http says and serves until a stop signal; 0 after an orderly stop, 1
// when the server cannot start (its reason logged).
int serve_http(const config::Config& config, Logger& log, const mcp::ServerInfo& info,
               std::vector<mcp::Tool> tools, mcp::SessionOptions session,
               const sigset_t& stop_signals);

}  // namespace app
