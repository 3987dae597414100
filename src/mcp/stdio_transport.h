// Newline-delimited JSON-RPC over a pair of streams (stdin/stdout in production).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <mutex>

#include "mcp/transport.h"

namespace mcp {

class StdioTransport final : public Transport {
 public:
  // 4 MiB: far above any real MCP request, low enough that a runaway line cannot exhaust memory.
  static constexpr std::size_t kDefaultMaxMessageBytes = std::size_t{4} * 1024 * 1024;

  StdioTransport(std::istream& in, std::ostream& out,
                 std::size_t max_message_bytes = kDefaultMaxMessageBytes);

  std::optional<InboundMessage> receive() override;
  bool send(const std::string& message) override;

 private:
  std::istream& in_;
  std::ostream& out_;
  std::size_t max_message_bytes_;
  std::mutex write_mutex_;  // one writer at a time: lines never interleave
};

}  // namespace mcp
