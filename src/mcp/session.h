// One client connection: routes each message to the era it belongs to and answers it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/client_requests.h"
#include "mcp/jsonrpc.h"
#include "mcp/outbox.h"
#include "mcp/pending_call.h"
#include "mcp/protocol_version.h"
#include "mcp/responder.h"
#include "mcp/server.h"
#include "mcp/server_core.h"
#include "mcp/tool_registry.h"
#include "mcp/transport.h"
#include "mcp/wire_codec.h"

namespace mcp {

// Serves the messages of one client: a stdio connection, a legacy HTTP session, or one
// 2026-07-28 HTTP request. handle() may be called from several threads (an HTTP session's
// POSTs) and takes one message at a time; tools/call runs on the core's bounded pool so
// cancellation and other requests are handled while a call waits.
// A request is modern (2026-07-28) when params._meta carries the protocol version; otherwise it
// is legacy and uses the version negotiated by initialize (2025-11-25 when there was none).
// JSON-RPC batches are accepted only on a connection that negotiated 2025-03-26, the one
// revision that has them. A handler's ask() becomes an elicitation/create request to a legacy
// client (its response routed back here) or an input_required result in 2026-07-28.
class Session {
 public:
  // `core` and `tools` outlive the session; `access_token` names the HTTP access token of its
  // client (empty over stdio) for the audit log.
  Session(ServerCore& core, const ToolRegistry& tools, std::string access_token = {});
  ~Session();  // waits for the session's calls in flight
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Handles one message (or batch); whatever answers it goes to `out`.
  void handle(const InboundMessage& message, const std::shared_ptr<Outbox>& out);
  // The same for a message already parsed (the HTTP transport reads it first to route it).
  void handle(jsonrpc::Incoming in, const std::shared_ptr<Outbox>& out);
  // The peer closed its input: calls in flight stop waiting on Proxmox tasks (the tasks go on)
  // and finish (their responses are sent), then the open subscriptions/listen streams end.
  void close();
  // Whether initialize has been answered (an HTTP session exists only after it).
  [[nodiscard]] bool initialized() const;

 private:
  struct Request {
    nlohmann::json id;
    std::string method;
    nlohmann::json params;
    std::shared_ptr<Responder> responder;
  };

  void dispatch(jsonrpc::Incoming in, const std::shared_ptr<Responder>& responder);
  void handle_batch(const nlohmann::json& batch, const std::shared_ptr<Outbox>& out);
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
  void set_log_level(const Request& req);
  void list_prompts(const Request& req, const WireCodec& codec);
  void get_prompt(const Request& req, const WireCodec& codec);
  void list_resources(const Request& req, const WireCodec& codec, bool templates);
  void read_resource(const Request& req, const WireCodec& codec);
  void complete(const Request& req, const WireCodec& codec);
  void listen(const Request& req);
  void cancel(const nlohmann::json& params);
  // What the session offers a call for asking (tools/call, prompts/get).
  ConsentChannels consent_channels();
  // Answers -32602 and returns true when a list request names a cursor.
  static bool refused_cursor(const Request& req);
  // Reserves an id for a request that stays open; answers -32600 and returns false if taken.
  bool reserve_id_locked(const Request& req, const std::string& key);

  // A request that runs on the pool (it may wait on Proxmox), cancellable like a tool call; the
  // log level of its notifications/message is read from it.
  std::shared_ptr<PendingCall> make_call(const Request& req, const WireCodec& codec,
                                         ConsentRoute consent = {});
  // Runs `work` for `call` on the pool; answers -32600 instead if the id is in use.
  void submit(const Request& req, const std::shared_ptr<PendingCall>& call,
              std::function<void()> work);
  void run_call(const std::shared_ptr<PendingCall>& call, const Tool& tool, nlohmann::json args);
  [[nodiscard]] const Prompt* visible_prompt(const std::string& name) const;
  [[nodiscard]] const Resource* visible_template(const std::string& uri_template) const;
  static void reply(const Request& req, nlohmann::json result);
  static void fail(const Request& req, int code, std::string message,
                   nlohmann::json data = nullptr);

  ServerCore& core_;
  const ToolRegistry& registry_;
  const std::string access_token_;
  Revision legacy_revision_ = kNewestLegacy;
  bool initialized_ = false;
  ClientInfo client_;                         // initialize's clientInfo
  nlohmann::json legacy_capabilities_;        // what initialize declared (elicitation)
  std::optional<LogLevel> legacy_log_level_;  // logging/setLevel's; no messages before it
  ClientRequests client_requests_;

  std::mutex handle_mutex_;  // one message at a time: initialize rewrites what calls read
  mutable std::mutex calls_mutex_;
  std::condition_variable calls_done_;                         // calls_ became empty
  std::map<std::string, std::shared_ptr<PendingCall>> calls_;  // by jsonrpc::id_key
  std::map<std::string, Request> listens_;                     // open subscriptions/listen
  bool input_closed_ = false;
  bool closed_ = false;
};

}  // namespace mcp
