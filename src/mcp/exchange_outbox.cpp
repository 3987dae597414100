#include "mcp/exchange_outbox.h"

#include "mcp/jsonrpc.h"

namespace mcp {
namespace {

// The HTTP status of a POST answered by this response alone. Errors about the request itself
// are 400 in both eras; in 2026-07-28 an unknown method is 404 and a bad envelope 400.
int http_status_of(const nlohmann::json& response, bool modern) {
  if (!response.is_object()) return 200;
  const auto error = response.find("error");
  if (error == response.end() || !error->is_object()) return 200;
  const int code = error->value("code", 0);
  if (code == jsonrpc::kParseError || code == jsonrpc::kInvalidRequest) return 400;
  if (!modern) return 200;
  if (code == jsonrpc::kMethodNotFound) return 404;
  if (code <= jsonrpc::kHeaderMismatch && code >= -32099) return 400;  // the spec's own range
  const auto data = error->find("data");
  const bool envelope = data != error->end() && data->is_object() && data->contains("envelope");
  return code == jsonrpc::kInvalidParams && envelope ? 400 : 200;
}

}  // namespace

void ExchangeOutbox::push_locked(Message message) {
  if (closed_) return;
  queue_.push_back(std::move(message));
}

void ExchangeOutbox::send(const nlohmann::json& message) {
  std::string text = jsonrpc::serialize(message);
  {
    std::lock_guard lock(mutex_);
    push_locked({std::move(text), false, 0});
  }
  changed_.notify_all();
}

bool ExchangeOutbox::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void ExchangeOutbox::expect_response() {
  std::lock_guard lock(mutex_);
  ++expected_;
}

void ExchangeOutbox::deliver_response(const nlohmann::json& response) {
  settle({jsonrpc::serialize(response), true, http_status_of(response, modern_)});
}

void ExchangeOutbox::deliver_serialized_response(std::string response) {
  // Only results and batch arrays come serialized, and both answer with 200.
  settle({std::move(response), true, 200});
}

void ExchangeOutbox::settle(Message response) {
  {
    // Queued and settled at once, so that a waiter never sees the response still expected.
    std::lock_guard lock(mutex_);
    push_locked(std::move(response));
    if (expected_ > 0) --expected_;
  }
  changed_.notify_all();
}

void ExchangeOutbox::withhold_response() {
  {
    std::lock_guard lock(mutex_);
    if (expected_ > 0) --expected_;
  }
  changed_.notify_all();
}

void ExchangeOutbox::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    queue_.clear();
  }
  changed_.notify_all();
}

std::optional<ExchangeOutbox::Message> ExchangeOutbox::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [this] { return !queue_.empty() || expected_ == 0 || closed_; });
  if (queue_.empty()) return std::nullopt;
  Message m = std::move(queue_.front());
  queue_.pop_front();
  return m;
}

bool ExchangeOutbox::finished() const {
  std::lock_guard lock(mutex_);
  return closed_ || (expected_ == 0 && queue_.empty());
}

ExchangeOutbox::Shape ExchangeOutbox::shape(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [this] { return !queue_.empty() || expected_ == 0 || closed_; });
  if (expected_ == 0 && (queue_.empty() || (queue_.size() == 1 && queue_.front().response))) {
    return Shape::kWhole;
  }
  return queue_.empty() ? Shape::kUndecided : Shape::kStream;
}

}  // namespace mcp
