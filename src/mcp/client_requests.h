// Requests the server sends to a legacy client (elicitation/create) and the routing of answers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/responder.h"

namespace mcp {

class ClientRequests {
 public:
  // Receives the client's whole JSON-RPC response (a result or an error).
  using OnResponse = std::function<void(const nlohmann::json& response)>;

  // Sends a request on the channel of the client's request it belongs to (`via`: over HTTP, the
  // answer stream of that request) and returns its id. `on_response` runs at most once, on the
  // thread that delivers the response and under this object's lock (so it must not call back into
  // it).
  nlohmann::json send(Responder& via, const std::string& method, nlohmann::json params,
                      OnResponse on_response);
  // Stops waiting for `id`: once this returns, its `on_response` never runs.
  void forget(const nlohmann::json& id);
  // Hands a client's response to the request it answers; false when no request has its id.
  bool deliver(const nlohmann::json& response);

 private:
  std::mutex mutex_;
  std::int64_t next_id_ = 1;
  std::map<std::string, OnResponse> waiting_;  // by jsonrpc::id_key
};

}  // namespace mcp
