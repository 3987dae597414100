#include "mcp/responder.h"

#include <mutex>

namespace mcp {
namespace {

using nlohmann::json;

class DirectResponder final : public Responder {
 public:
  explicit DirectResponder(std::shared_ptr<Outbox> outbox) : outbox_(std::move(outbox)) {
    outbox_->expect_response();
  }
  void respond(json response) override { outbox_->deliver_response(response); }
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

  void settle(json* response) {
    std::lock_guard lock(mutex_);
    if (response != nullptr) responses_.push_back(std::move(*response));
    if (--outstanding_ > 0) return;
    if (responses_.empty()) {
      outbox_->withhold_response();
    } else {
      outbox_->deliver_response(responses_);
    }
  }
  [[nodiscard]] Outbox& outbox() const { return *outbox_; }

 private:
  std::shared_ptr<Outbox> outbox_;
  std::mutex mutex_;
  std::size_t outstanding_;
  json responses_ = json::array();
};

class BatchResponder final : public Responder {
 public:
  explicit BatchResponder(std::shared_ptr<BatchResponse> batch) : batch_(std::move(batch)) {}
  void respond(json response) override { batch_->settle(&response); }
  void withhold() override { batch_->settle(nullptr); }
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
