// Serialises outgoing messages onto a transport and remembers when the peer has gone away.
#pragma once

#include <atomic>

#include <nlohmann/json.hpp>

#include "mcp/transport.h"

namespace mcp {

class Outbox {
 public:
  explicit Outbox(Transport& transport) : transport_(transport) {}

  // Sends one message; once a send fails, later ones are dropped and closed() is true.
  void send(const nlohmann::json& message);
  [[nodiscard]] bool closed() const { return closed_.load(); }

 private:
  Transport& transport_;
  std::atomic<bool> closed_{false};
};

}  // namespace mcp
