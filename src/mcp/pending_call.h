// One tools/call in flight: its cancellation state, progress rules and single response.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/outbox.h"
#include "mcp/responder.h"
#include "mcp/tool.h"
#include "mcp/wire_codec.h"

namespace mcp {

class PendingCall final : public CallContext {
 public:
  // `progress_token` is null when the request asked for no progress. Progress goes straight to
  // `outbox`; the response goes to `responder`.
  PendingCall(nlohmann::json id, nlohmann::json progress_token, const WireCodec& codec,
              Outbox& outbox, std::shared_ptr<Responder> responder);

  [[nodiscard]] const nlohmann::json& id() const { return id_; }

  // notifications/cancelled: from now on nothing more is sent for this request.
  void cancel();

  // Sends the response, or withholds it when the request was cancelled. Called exactly once.
  void respond(const ToolResult& result);

  [[nodiscard]] bool cancelled() const override;
  void progress(double progress, std::optional<double> total, const std::string& message) override;

 private:
  const nlohmann::json id_;
  const nlohmann::json progress_token_;
  const WireCodec& codec_;
  Outbox& outbox_;
  const std::shared_ptr<Responder> responder_;

  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;  // orders cancel() against progress and the response
  bool responded_ = false;
  std::optional<double> last_progress_;
};

}  // namespace mcp
