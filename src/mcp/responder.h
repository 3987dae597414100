// One request's way back to its client: the messages that belong to it (progress, questions)
// and its one response, sent straight or gathered into a batch's array.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/outbox.h"

namespace mcp {

class Responder {
 public:
  virtual ~Responder() = default;
  // Exactly one of these is called once per request.
  virtual void respond(nlohmann::json response) = 0;
  virtual void respond_serialized(std::string response) = 0;  // see jsonrpc::serialize_result
  virtual void withhold() = 0;  // the request ends without a response (it was cancelled)

  // A message that belongs to this request and goes before its response.
  virtual void notify(const nlohmann::json& message) = 0;
  // True once the client can no longer receive anything for this request.
  [[nodiscard]] virtual bool closed() const = 0;
};

std::shared_ptr<Responder> make_direct_responder(std::shared_ptr<Outbox> outbox);

// `count` responders whose responses leave together as one JSON array once every one of them has
// responded or withheld; nothing is sent when all withheld (JSON-RPC 2.0 batch rules).
std::vector<std::shared_ptr<Responder>> make_batch_responders(std::shared_ptr<Outbox> outbox,
                                                              std::size_t count);

}  // namespace mcp
