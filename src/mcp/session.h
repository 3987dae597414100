// One client connection: routes each message to the era it belongs to and answers it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/client_requests.h"
#include "mcp/jsonrpc.h"
#include "mcp/outbox.h"
#include "mcp/pending_call.h"
#include "mcp/protocol_version.h"
#include "mcp/request_state.h"
#include "mcp/responder.h"
#include "mcp/server.h"
#include "mcp/tool_registry.h"
#include "mcp/transport.h"
#include "mcp/wire_codec.h"
#include "mcp/worker_pool.h"

namespace mcp {

// Serves the messages of one connection. handle() is called from one reader thread; tools/call
// runs on a bounded pool so cancellation and other requests are handled while a call waits.
// A request is modern (2026-07-28) when params._meta carries the protocol version; otherwise it
// is legacy and uses the version negotiated by initialize (2025-11-25 when there was none).
// JSON-RPC batches are accepted only on a connection that negotiated 2025-03-26, the one
// revision that has them. A handler's ask() becomes an elicitation/create request to a legacy
// client (its response routed back here) or an input_required result in 2026-07-28.
class Session {
 public:
  Session(const ServerInfo& info, std::vector<Tool> tools, Transport& transport,
          SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void handle(const InboundMessage& message);
  // The peer closed its input: calls in flight stop waiting on Proxmox tasks (the tasks go on)
  // and finish (their responses are sent), then the open subscriptions/listen streams end.
  void close();

 private:
  struct Request {
    nlohmann::json id;
    std::string method;
    nlohmann::json params;
    std::shared_ptr<Responder> responder;
  };

  void dispatch(jsonrpc::Incoming in, const std::shared_ptr<Responder>& responder);
  void handle_batch(const nlohmann::json& batch);
  void handle_request(const Request& req);
  void handle_notification(const std::string& method, const nlohmann::json& params);
  // A client's response to one of our requests; one to nothing is only reported.
  void handle_response(const nlohmann::json& response);
  // Picks the codec for a request, or answers with the envelope error and returns nullptr.
  const WireCodec* codec_for(const Request& req);
  [[nodiscard]] const WireCodec& legacy_codec() const;

  void initialize(const Request& req);
  void discover(const Request& req, const WireCodec& codec);
  void list_tools(const Request& req, const WireCodec& codec);
  void call_tool(const Request& req, const WireCodec& codec);
  void listen(const Request& req);
  void cancel(const nlohmann::json& params);
  // Reserves an id for a request that stays open; answers -32600 and returns false if taken.
  bool reserve_id_locked(const Request& req, const std::string& key);

  void run_call(const std::shared_ptr<PendingCall>& call, const Tool& tool, nlohmann::json args);
  static void reply(const Request& req, nlohmann::json result);
  static void fail(const Request& req, int code, std::string message,
                   nlohmann::json data = nullptr);

  ServerInfo info_;
  ToolRegistry registry_;
  Outbox outbox_;
  std::vector<std::unique_ptr<WireCodec>> legacy_codecs_;  // indexed like kLegacyRevisions
  std::unique_ptr<WireCodec> modern_codec_;
  Revision legacy_revision_ = kNewestLegacy;
  ClientInfo client_;                   // initialize's clientInfo
  nlohmann::json legacy_capabilities_;  // what initialize declared (elicitation)
  SessionOptions options_;
  ClientRequests client_requests_{outbox_};
  RequestStateSeal request_state_seal_;

  std::mutex calls_mutex_;
  std::map<std::string, std::shared_ptr<PendingCall>> calls_;  // by jsonrpc::id_key
  std::map<std::string, Request> listens_;                     // open subscriptions/listen
  bool input_closed_ = false;
  bool closed_ = false;

  WorkerPool pool_;  // last: joined first, while everything the jobs use still exists
};

}  // namespace mcp
