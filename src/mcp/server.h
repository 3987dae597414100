// The MCP server: dispatches JSON-RPC messages of both protocol eras to the tool registry.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "mcp/tool.h"

namespace mcp {

struct ServerInfo {
  std::string name = "proxmox-mcp";
  std::string title = "Proxmox VE";
  std::string version;
  std::string instructions;  // sent in initialize / server/discover
};

// Serves newline-delimited JSON-RPC on `in`/`out` until EOF on `in`; waits for calls in flight,
// then returns 0. Only protocol messages are written to `out`.
int run_stdio(const ServerInfo& info, std::vector<Tool> tools, std::istream& in, std::ostream& out);

}  // namespace mcp
