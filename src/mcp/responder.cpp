#include "mcp/responder.h"

#include <mutex>
#include <optional>

#include "mcp/jsonrpc.h"

namespace mcp {
namespace {

using nlohmann::json;

class DirectResponder final : public Responder {
 public:
  explicit DirectResponder(std::shared_ptr<Outbox> outbox) : outbox_(std::move(outbox)) {
    outbox_->expect_response();
  }
  void respond(json response) override { outbox_->deliver_response(response); }
  void respond_serialized(std::string response) override {
    outbox_->deliver_serialized_response(std::move(response));
  }
  void withhold() override { outbox_->withhold_response(); }
  void notify(const json& message) override { outbox_->send(message); }
  [[nodiscard]] bool closed() const override { return outbox_->closed(); }

 private:
  std::shared_ptr<Outbox> outbox_;
};

class BatchResponse {
 public:
  BatchResponse(std::shared_ptr<Outbox> outbox, std::size_t count)
      : outbox_(std::move(outbox)), outstanding_(count) {
    outbox_->expect_response();
  }

  // One member's response, serialized; nullopt when it withheld its response.
  void settle(std::optional<std::string> response) {
    std::lock_guard lock(mutex_);
    if (response) {
      // The array dump() would write: members joined by commas, no spaces.
      responses_.push_back(responses_.empty() ? '[' : ',');
      responses_.append(*response);
    }
    if (--outstanding_ > 0) return;
    if (responses_.empty()) {
      outbox_->withhold_response();
    } else {
      responses_.push_back(']');
      outbox_->deliver_serialized_response(std::move(responses_));
    }
  }
  [[nodiscard]] Outbox& outbox() const { return *outbox_; }

 private:
  std::shared_ptr<Outbox> outbox_;
  std::mutex mutex_;
  std::size_t outstanding_;
  std::string responses_;  // the array so far, without its closing bracket
};

class BatchResponder final : public Responder {
 public:
  explicit BatchResponder(std::shared_ptr<BatchResponse> batch) : batch_(std::move(batch)) {}
  void respond(json response) override { batch_->settle(jsonrpc::serialize(response)); }
  void respond_serialized(std::string response) override { batch_->settle(std::move(response)); }
  void withhold() override { batch_->settle(std::nullopt); }
  void notify(const json& message) override { batch_->outbox().send(message); }
  [[nodiscard]] bool closed() const override { return batch_->outbox().closed(); }

 private:
  std::shared_ptr<BatchResponse> batch_;
};

}  // namespace

std::shared_ptr<Responder> make_direct_responder(std::shared_ptr<Outbox> outbox) {
  return std::make_shared<DirectResponder>(std::move(outbox));
}

std::vector<std::shared_ptr<Responder>> make_batch_responders(std::shared_ptr<Outbox> outbox,
                                                              std::size_t count) {
  std::vector<std::shared_ptr<Responder>> responders;
  if (count == 0) return responders;
  auto batch = std::make_shared<BatchResponse>(std::move(outbox), count);
  responders.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    responders.push_back(std::make_shared<BatchResponder>(batch));
  return responders;
}

}  // namespace mcp
