#include "mcp/pending_call.h"

#include <algorithm>
#include <cmath>

#include "mcp/elicitation.h"
#include "mcp/jsonrpc.h"

namespace mcp {

PendingCall::PendingCall(nlohmann::json id, nlohmann::json progress_token, const WireCodec& codec,
                         std::shared_ptr<Responder> responder, WorkerPool& pool, ClientInfo client,
                         ConsentRoute consent, std::optional<LogLevel> log_level)
    : id_(std::move(id)),
      progress_token_(std::move(progress_token)),
      codec_(codec),
      responder_(std::move(responder)),
      pool_(pool),
      client_(std::move(client)),
      consent_(std::move(consent)),
      log_level_(log_level) {}

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
  return wait(duration, [] { return false; });
}

bool PendingCall::wait(std::chrono::milliseconds duration, const std::function<bool()>& done) {
  // Declared before the lock, so the place is taken back only after the lock is released.
  const WorkerPool::Idle idle(pool_);
  std::unique_lock lock(mutex_);
  // A closed output is only noticed by a failed write, so the sleep is cut into slices.
  static constexpr std::chrono::milliseconds kOutputCheck{250};
  const auto until = std::chrono::steady_clock::now() + duration;
  while (!stopped_locked() && !done() && std::chrono::steady_clock::now() < until) {
    wake_.wait_until(lock, std::min(until, std::chrono::steady_clock::now() + kOutputCheck));
  }
  return stopped_locked();
}

bool PendingCall::stopped_locked() const {
  return cancelled_.load() || stop_waiting_ || responder_->closed();
}

Consent PendingCall::ask(const std::string& message) {
  if (!consent_.approvals) return Consent::unavailable;
  if (consent_.retry) return consent_.retry->ask(message);
  if (consent_.client == nullptr) return Consent::unavailable;
  return ask_client(message);
}

Consent PendingCall::ask_client(const std::string& message) {
  const std::optional<nlohmann::json> response = request_client(
      "elicitation/create", elicitation::approval_params(message, codec_.revision()));
  if (!response) return Consent::declined;
  const auto result = response->find("result");
  if (result == response->end()) return Consent::declined;  // the client answered with an error
  return elicitation::consent_of(*result).value_or(Consent::declined);
}

std::optional<nlohmann::json> PendingCall::request_client(const std::string& method,
                                                          nlohmann::json params) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_locked()) return std::nullopt;  // nobody left to answer, or to act for
  }
  std::optional<nlohmann::json> response;  // guarded by mutex_
  const nlohmann::json request_id = consent_.client->send(
      *responder_, method, std::move(params), [this, &response](const nlohmann::json& answer) {
        {
          std::lock_guard lock(mutex_);
          response = answer;
        }
        wake_.notify_all();
      });
  wait(consent_.answer_timeout, [&response] { return response.has_value(); });
  consent_.client->forget(request_id);  // from here on `response` is ours alone
  if (!response) {
    // Closes the question on the client's side too (timeout, or the call was cancelled).
    if (!responder_->closed()) {
      responder_->notify(jsonrpc::make_notification(
          "notifications/cancelled",
          {{"requestId", request_id}, {"reason", "The tool call no longer waits for an answer"}}));
    }
    return std::nullopt;
  }
  // An answer that came in before the input closed still counts; a cancelled call does nothing.
  if (cancelled_.load()) return std::nullopt;
  return response;
}

InputResponses PendingCall::ask_inputs(const InputRequests& requests, const nlohmann::json& state) {
  if (consent_.retry) return consent_.retry->ask_inputs(requests, state, consent_.capabilities);
  if (consent_.client == nullptr) {
    throw std::runtime_error("this request cannot ask the client for input");
  }
  InputResponses out;
  for (const auto& [key, request] : requests_for(requests, consent_.capabilities)) {
    const std::optional<nlohmann::json> response = request_client(request.method, request.params);
    if (!response) {
      throw std::runtime_error("the client did not answer " + request.method +
                               " (the call was cancelled or the answer did not come in time)");
    }
    const nlohmann::json& result = jsonrpc::member(*response, "result");
    if (!result.is_object()) {
      const nlohmann::json& message =
          jsonrpc::member(jsonrpc::member(*response, "error"), "message");
      throw std::runtime_error(
          "the client refused " + request.method + ": " +
          (message.is_string() ? message.get<std::string>() : "no reason given"));
    }
    out.emplace(key, result);
  }
  return out;
}

nlohmann::json PendingCall::input_state() const {
  return consent_.retry ? consent_.retry->input_state() : nlohmann::json();
}

bool PendingCall::cancelled() const {
  return cancelled_.load() || responder_->closed();
}

void PendingCall::respond(const ToolResult& result) {
  respond(codec_.call_result(result), ResultKind::kPlain);
}

void PendingCall::respond(const InputRequired& request) {
  respond(request.result(), ResultKind::kInputRequired);
}

void PendingCall::respond(nlohmann::json result, ResultKind kind) {
  send_response(jsonrpc::make_result(id_, codec_.finish(std::move(result), kind)));
}

void PendingCall::fail(int code, std::string message, nlohmann::json data) {
  send_response(jsonrpc::make_error(id_, code, std::move(message), std::move(data)));
}

void PendingCall::send_response(nlohmann::json response) {
  std::lock_guard lock(mutex_);
  if (responded_) return;
  responded_ = true;
  if (cancelled_.load()) {
    responder_->withhold();
    return;
  }
  responder_->respond(std::move(response));
}

void PendingCall::log(LogLevel level, const std::string& message) {
  if (!log_level_ || level < *log_level_) return;
  std::lock_guard lock(mutex_);
  if (cancelled_.load() || responded_) return;
  responder_->notify(jsonrpc::make_notification(
      "notifications/message",
      nlohmann::json{{"level", to_string(level)}, {"logger", "proxmox-mcp"}, {"data", message}}));
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
  responder_->notify(jsonrpc::make_notification(
      "notifications/progress", codec_.progress(progress_token_, progress, total, message)));
}

}  // namespace mcp
