// A transport moves whole JSON-RPC messages; framing and I/O stay below this line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace mcp {

struct InboundMessage {
  std::string text;                 // one complete message, without framing
  std::size_t oversized_bytes = 0;  // > 0: the message exceeded the size cap and was discarded
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Blocks for the next message; nullopt once the peer closed its side (EOF).
  virtual std::optional<InboundMessage> receive() = 0;
  // Sends one message; safe to call from several threads. False once the peer is gone.
  virtual bool send(const std::string& message) = 0;
};

}  // namespace mcp
