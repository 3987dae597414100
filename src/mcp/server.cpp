// run_stdio: the stdio transport driving one Session until stdin ends.
#include "mcp/server.h"

#include "mcp/session.h"
#include "mcp/stdio_transport.h"

namespace mcp {

int run_stdio(const ServerInfo& info, std::vector<Tool> tools, std::istream& in,
              std::ostream& out) {
  StdioTransport transport(in, out);
  Session session(info, std::move(tools), transport);
  while (auto message = transport.receive()) session.handle(*message);
  session.close();
  return 0;
}

}  // namespace mcp
