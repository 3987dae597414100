#include "mcp/outbox.h"

#include "mcp/jsonrpc.h"

namespace mcp {

void TransportOutbox::send(const nlohmann::json& message) {
  if (closed_.load()) return;
  if (!transport_.send(jsonrpc::serialize(message))) closed_.store(true);
}

}  // namespace mcp
