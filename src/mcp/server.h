// The MCP server: dispatches JSON-RPC messages of both protocol eras to the tool registry.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "mcp/offerings.h"
#include "mcp/tool.h"

namespace mcp {

struct ServerInfo {
  std::string name = "proxmox-mcp";
  std::string title = "Proxmox VE";
  std::string version;
  std::string instructions;  // sent in initialize / server/discover
};

// One line on stderr: the default SessionOptions::warn.
void warn_on_stderr(const std::string& problem);

struct SessionOptions {
  std::size_t max_concurrent_calls = 8;  // tool calls working at once (waits do not count)
  // Of those, the most one HTTP access token's calls may take (0: no limit of its own).
  std::size_t max_calls_per_client = 0;
  // How long a legacy client has to answer elicitation/create before it counts as a decline.
  std::chrono::milliseconds answer_timeout = std::chrono::minutes(10);
  // Told what the client did wrong where no response can say it (a response to nothing).
  std::function<void(const std::string&)> warn = warn_on_stderr;
};

// Serves newline-delimited JSON-RPC on `in`/`out` until EOF on `in`; waits for calls in flight,
// then returns 0. Only protocol messages are written to `out`.
int run_stdio(const ServerInfo& info, std::vector<Tool> tools, std::istream& in, std::ostream& out,
              SessionOptions options = {}, Offerings offerings = {});

}  // namespace mcp
