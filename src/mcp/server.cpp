// run_stdio: the stdio transport driving one Session until stdin ends.
#include "mcp/server.h"

#include <iostream>

#include "mcp/session.h"
#include "mcp/stdio_transport.h"

namespace mcp {

void warn_on_stderr(const std::string& problem) {
  std::cerr << "proxmox-mcp: warning: " + problem + "\n" << std::flush;
}

int run_stdio(const ServerInfo& info, std::vector<Tool> tools, std::istream& in, std::ostream& out,
              SessionOptions options) {
  StdioTransport transport(in, out);
  Session session(info, std::move(tools), transport, std::move(options));
  while (auto message = transport.receive()) session.handle(*message);
  session.close();
  return 0;
}

}  // namespace mcp
