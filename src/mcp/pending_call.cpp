#include "mcp/pending_call.h"

#include <algorithm>
#include <cmath>

#include "mcp/jsonrpc.h"

namespace mcp {

PendingCall::PendingCall(nlohmann::json id, nlohmann::json progress_token, const WireCodec& codec,
                         Outbox& outbox, std::shared_ptr<Responder> responder, WorkerPool& pool,
                         ClientInfo client)
    : id_(std::move(id)),
      progress_token_(std::move(progress_token)),
      codec_(codec),
      outbox_(outbox),
      responder_(std::move(responder)),
      pool_(pool),
      client_(std::move(client)) {}

void PendingCall::cancel() {
  {
    std::lock_guard lock(mutex_);
    cancelled_.store(true);
  }
  wake_.notify_all();
}

void PendingCall::stop_waiting() {
  {
    std::lock_guard lock(mutex_);
    stop_waiting_ = true;
  }
  wake_.notify_all();
}

bool PendingCall::pause(std::chrono::milliseconds duration) {
  // Declared before the lock, so the place is taken back only after the lock is released.
  const WorkerPool::Idle idle(pool_);
  std::unique_lock lock(mutex_);
  // A closed output is only noticed by a failed write, so the sleep is cut into slices.
  static constexpr std::chrono::milliseconds kOutputCheck{250};
  const auto until = std::chrono::steady_clock::now() + duration;
  const auto stop = [this] { return cancelled_.load() || stop_waiting_ || outbox_.closed(); };
  while (!stop() && std::chrono::steady_clock::now() < until) {
    wake_.wait_until(lock, std::min(until, std::chrono::steady_clock::now() + kOutputCheck));
  }
  return stop();
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
