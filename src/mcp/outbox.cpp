#include "mcp/outbox.h"

#include "mcp/jsonrpc.h"

namespace mcp {

void TransportOutbox::send(const nlohmann::json& message) {
  if (closed_.load()) return;
  send_text(jsonrpc::serialize(message));
}

void TransportOutbox::deliver_serialized_response(std::string response) {
  send_text(response);
}

void TransportOutbox::send_text(const std::string& text) {
  if (closed_.load()) return;
  if (!transport_.send(text)) closed_.store(true);
}

}  // namespace mcp
