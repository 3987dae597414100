#include "mcp/pending_call.h"

#include <cmath>

#include "mcp/jsonrpc.h"

namespace mcp {

PendingCall::PendingCall(nlohmann::json id, nlohmann::json progress_token, const WireCodec& codec,
                         Outbox& outbox, std::shared_ptr<Responder> responder)
    : id_(std::move(id)),
      progress_token_(std::move(progress_token)),
      codec_(codec),
      outbox_(outbox),
      responder_(std::move(responder)) {}

void PendingCall::cancel() {
  std::lock_guard lock(mutex_);
  cancelled_.store(true);
}

bool PendingCall::cancelled() const {
  return cancelled_.load() || outbox_.closed();
}

void PendingCall::respond(const ToolResult& result) {
  std::lock_guard lock(mutex_);
  if (responded_) return;
  responded_ = true;
  if (cancelled_.load()) {
    responder_->withhold();
    return;
  }
  responder_->respond(
      jsonrpc::make_result(id_, codec_.finish(codec_.call_result(result), ResultKind::kPlain)));
}

void PendingCall::progress(double progress, std::optional<double> total,
                           const std::string& message) {
  if (progress_token_.is_null() || !std::isfinite(progress)) return;
  if (total && !std::isfinite(*total)) total.reset();
  std::lock_guard lock(mutex_);
  if (cancelled_.load() || responded_) return;
  // The spec requires progress to increase; a handler's repeated or backward step is dropped.
  if (last_progress_ && progress <= *last_progress_) return;
  last_progress_ = progress;
  outbox_.send(jsonrpc::make_notification(
      "notifications/progress", codec_.progress(progress_token_, progress, total, message)));
}

}  // namespace mcp
