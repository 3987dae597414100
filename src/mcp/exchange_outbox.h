// The outbox of one HTTP POST: what answers the message it carried, queued for the connection
// thread that writes the POST's answer (one JSON body, or an SSE stream when more than the
// response is to be said).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "mcp/outbox.h"

namespace mcp {

class ExchangeOutbox final : public Outbox {
 public:
  struct Message {
    std::string text;       // serialized JSON-RPC
    bool response = false;  // a response (or a batch's array of them), not a notification
    int http_status = 200;  // the status this response gets when it is the POST's whole answer
  };
  // How the POST's answer takes shape.
  enum class Shape {
    kUndecided,  // nothing yet
    kWhole,      // every response settled, and at most the one response queued: a plain answer
    kStream,     // more to say than one response: an SSE stream
  };

  // `modern`: a 2026-07-28 request, whose errors map to more HTTP statuses.
  explicit ExchangeOutbox(bool modern) : modern_(modern) {}

  void send(const nlohmann::json& message) override;
  [[nodiscard]] bool closed() const override;
  void expect_response() override;
  void deliver_response(const nlohmann::json& response) override;
  void deliver_serialized_response(std::string response) override;
  void withhold_response() override;

  // The client went away: from now on nothing is queued and closed() is true.
  void close();

  // Waits up to `timeout` for a message; nullopt when none came (see finished()).
  std::optional<Message> next(std::chrono::milliseconds timeout);
  // Every expected response has been delivered or withheld and nothing is left queued.
  [[nodiscard]] bool finished() const;
  // Waits up to `timeout` until a message is queued or every response is settled.
  Shape shape(std::chrono::milliseconds timeout);

 private:
  void push_locked(Message message);
  void settle(Message response);

  const bool modern_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Message> queue_;
  std::size_t expected_ = 0;
  bool closed_ = false;
};

}  // namespace mcp
