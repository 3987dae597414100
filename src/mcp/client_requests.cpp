#include "mcp/client_requests.h"

#include "mcp/jsonrpc.h"

namespace mcp {

using nlohmann::json;

json ClientRequests::send(Responder& via, const std::string& method, json params,
                          OnResponse on_response) {
  json id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    waiting_.emplace(jsonrpc::id_key(id), std::move(on_response));
  }
  // Registered first: the client may answer before send() returns.
  via.notify(jsonrpc::make_request(id, method, std::move(params)));
  return id;
}

void ClientRequests::forget(const json& id) {
  std::lock_guard lock(mutex_);
  waiting_.erase(jsonrpc::id_key(id));
}

bool ClientRequests::deliver(const json& response) {
  const auto id = response.find("id");
  if (id == response.end() || !jsonrpc::is_valid_id(*id)) return false;
  std::lock_guard lock(mutex_);
  const auto it = waiting_.find(jsonrpc::id_key(*id));
  if (it == waiting_.end()) return false;
  const OnResponse on_response = std::move(it->second);
  waiting_.erase(it);
  on_response(response);
  return true;
}

}  // namespace mcp
