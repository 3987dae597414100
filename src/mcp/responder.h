// Where the one response to a request goes: straight to the client, or into a batch's array.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/outbox.h"

namespace mcp {

class Responder {
 public:
  virtual ~Responder() = default;
  // Exactly one of these is called once per request.
  virtual void respond(nlohmann::json response) = 0;
  virtual void withhold() = 0;  // the request ends without a response (it was cancelled)
};

std::shared_ptr<Responder> make_direct_responder(Outbox& outbox);

// `count` responders whose responses leave together as one JSON array once every one of them has
// responded or withheld; nothing is sent when all withheld (JSON-RPC 2.0 batch rules).
std::vector<std::shared_ptr<Responder>> make_batch_responders(Outbox& outbox, std::size_t count);

}  // namespace mcp
