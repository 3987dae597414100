// run_stdio: the stdio transport driving one Session until stdin ends.
#include "mcp/server.h"

#include <iostream>

#include "mcp/server_core.h"
#include "mcp/session.h"
#include "mcp/stdio_transport.h"

namespace mcp {

void warn_on_stderr(const std::string& problem) {
  std::cerr << "proxmox-mcp: warning: " + problem + "\n" << std::flush;
}

int run_stdio(const ServerInfo& info, std::vector<Tool> tools, std::istream& in, std::ostream& out,
              SessionOptions options, Offerings offerings) {
  StdioTransport transport(in, out);
  const auto outbox = std::make_shared<TransportOutbox>(transport);
  ServerCore core(info, std::move(options), std::move(offerings));
  const ToolRegistry registry(std::move(tools));
  Session session(core, registry);
  while (auto message = transport.receive()) session.handle(*message, outbox);
  session.close();
  return 0;
}

}  // namespace mcp
