// One tools/call in flight: its cancellation state, progress rules and single response.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/consent_route.h"
#include "mcp/input_required.h"
#include "mcp/responder.h"
#include "mcp/tool.h"
#include "mcp/wire_codec.h"
#include "mcp/worker_pool.h"

namespace mcp {

class PendingCall final : public CallContext {
 public:
  // `progress_token` is null when the request asked for no progress. Progress, questions and
  // the response go to `responder`. A pause gives the call's place in `pool` to others.
  PendingCall(nlohmann::json id, nlohmann::json progress_token, const WireCodec& codec,
              std::shared_ptr<Responder> responder, WorkerPool& pool, ClientInfo client = {},
              ConsentRoute consent = {}, std::optional<LogLevel> log_level = std::nullopt);

  [[nodiscard]] const nlohmann::json& id() const { return id_; }
  [[nodiscard]] const WireCodec& codec() const { return codec_; }

  // notifications/cancelled: from now on nothing more is sent for this request.
  void cancel();
  // The client closed its input: waits end now (the Proxmox task goes on) and the response is
  // still sent, so that a piped request gets its answer and the process can exit.
  void stop_waiting();

  // Sends the response, or withholds it when the request was cancelled. Called exactly once.
  void respond(const ToolResult& result);
  // Ends a 2026-07-28 call with an input_required result instead (same once-only rule).
  void respond(const InputRequired& request);
  // The same for a request other than tools/call: its result, of `kind`, or a JSON-RPC error.
  void respond(nlohmann::json result, ResultKind kind);
  void fail(int code, std::string message, nlohmann::json data = nullptr);

  [[nodiscard]] bool cancelled() const override;
  void progress(double progress, std::optional<double> total, const std::string& message) override;
  bool pause(std::chrono::milliseconds duration) override;
  [[nodiscard]] ClientInfo client() const override { return client_; }
  Consent ask(const std::string& message) override;
  InputResponses ask_inputs(const InputRequests& requests, const nlohmann::json& state) override;
  [[nodiscard]] nlohmann::json input_state() const override;
  void log(LogLevel level, const std::string& message) override;

 private:
  // Waits up to `duration`, without holding a place in the pool, until `done` holds (checked
  // under mutex_) or the wait must end; returns true when it must (see stopped_locked).
  bool wait(std::chrono::milliseconds duration, const std::function<bool()>& done);
  // Cancelled, the client's input closed, or nobody left to receive the response.
  [[nodiscard]] bool stopped_locked() const;
  Consent ask_client(const std::string& message);
  // Sends a legacy client `method` and waits for its response (result or error); nullopt when
  // the call stopped or no answer came in time (the request is then withdrawn).
  std::optional<nlohmann::json> request_client(const std::string& method, nlohmann::json params);
  void send_response(nlohmann::json response);

  const nlohmann::json id_;
  const nlohmann::json progress_token_;
  const WireCodec& codec_;
  const std::shared_ptr<Responder> responder_;
  WorkerPool& pool_;
  const ClientInfo client_;
  ConsentRoute consent_;
  const std::optional<LogLevel> log_level_;  // the least severe level the client wants

  std::atomic<bool> cancelled_{false};
  bool stop_waiting_ = false;
  std::mutex mutex_;              // orders cancel() against progress and the response
  std::condition_variable wake_;  // ends a pause
  bool responded_ = false;
  std::optional<double> last_progress_;
};

}  // namespace mcp
