// Where the messages that answer one inbound message go: on stdio the one output stream, over
// HTTP the answer to the POST that carried the message.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/transport.h"

namespace mcp {

class Outbox {
 public:
  virtual ~Outbox() = default;

  // A message that is not a response (progress, a request to the client, ...).
  virtual void send(const nlohmann::json& message) = 0;
  // True once nobody can receive what is sent here any more.
  [[nodiscard]] virtual bool closed() const = 0;

  // A response will come through here later: one expect_response() is settled by exactly one
  // deliver_response() or withhold_response(), so that an outbox knows when it is finished.
  virtual void expect_response() {}
  virtual void deliver_response(const nlohmann::json& response) { send(response); }
  // A response serialized already (jsonrpc::serialize_result): a result, or a batch's array.
  virtual void deliver_serialized_response(std::string response) = 0;
  virtual void withhold_response() {}
};

// Every message straight onto a transport (stdio): once a send fails, later ones are dropped.
class TransportOutbox final : public Outbox {
 public:
  explicit TransportOutbox(Transport& transport) : transport_(transport) {}

  void send(const nlohmann::json& message) override;
  void deliver_serialized_response(std::string response) override;
  [[nodiscard]] bool closed() const override { return closed_.load(); }

 private:
  void send_text(const std::string& text);

  Transport& transport_;
  std::atomic<bool> closed_{false};
};

}  // namespace mcp
