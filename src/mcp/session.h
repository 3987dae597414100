// One client connection: routes each message to the era it belongs to and answers it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/outbox.h"
#include "mcp/pending_call.h"
#include "mcp/protocol_version.h"
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
class Session {
 public:
  static constexpr std::size_t kDefaultConcurrentCalls = 8;

  Session(const ServerInfo& info, std::vector<Tool> tools, Transport& transport,
          std::size_t max_concurrent_calls = kDefaultConcurrentCalls);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void handle(const InboundMessage& message);
  // The peer closed its input: finish the calls in flight (their responses are sent), then end
  // the open subscriptions/listen streams.
  void close();

 private:
  void handle_request(const nlohmann::json& id, const std::string& method,
                      const nlohmann::json& params);
  void handle_notification(const std::string& method, const nlohmann::json& params);
  // Picks the codec for a request, or sends the envelope error and returns nullptr.
  const WireCodec* codec_for(const nlohmann::json& id, const std::string& method,
                             const nlohmann::json& params);
  [[nodiscard]] const WireCodec& legacy_codec() const;

  void initialize(const nlohmann::json& id, const nlohmann::json& params);
  void discover(const nlohmann::json& id, const WireCodec& codec);
  void list_tools(const nlohmann::json& id, const nlohmann::json& params, const WireCodec& codec);
  void call_tool(const nlohmann::json& id, const nlohmann::json& params, const WireCodec& codec);
  void listen(const nlohmann::json& id, const nlohmann::json& params);
  void cancel(const nlohmann::json& params);

  void run_call(const std::shared_ptr<PendingCall>& call, const Tool& tool,
                const nlohmann::json& args);
  void send_error(const nlohmann::json& id, int code, std::string message,
                  nlohmann::json data = nullptr);

  ServerInfo info_;
  ToolRegistry registry_;
  Outbox outbox_;
  std::vector<std::unique_ptr<WireCodec>> legacy_codecs_;  // indexed like kLegacyRevisions
  std::unique_ptr<WireCodec> modern_codec_;
  Revision legacy_revision_ = kNewestLegacy;

  std::mutex calls_mutex_;
  std::map<std::string, std::shared_ptr<PendingCall>> calls_;  // by jsonrpc::id_key
  std::map<std::string, nlohmann::json> listens_;              // open subscriptions/listen ids
  bool closed_ = false;

  WorkerPool pool_;  // last: joined first, while everything the jobs use still exists
};

}  // namespace mcp
