#include "mcp/responder.h"

#include <mutex>

namespace mcp {
namespace {

using nlohmann::json;

class DirectResponder final : public Responder {
 public:
  explicit DirectResponder(Outbox& outbox) : outbox_(outbox) {}
  void respond(json response) override { outbox_.send(response); }
  void withhold() override {}

 private:
  Outbox& outbox_;
};

class BatchResponse {
 public:
  BatchResponse(Outbox& outbox, std::size_t count) : outbox_(outbox), outstanding_(count) {}

  void settle(json* response) {
    std::lock_guard lock(mutex_);
    if (response != nullptr) responses_.push_back(std::move(*response));
    if (--outstanding_ == 0 && !responses_.empty()) outbox_.send(responses_);
  }

 private:
  Outbox& outbox_;
  std::mutex mutex_;
  std::size_t outstanding_;
  json responses_ = json::array();
};

class BatchResponder final : public Responder {
 public:
  explicit BatchResponder(std::shared_ptr<BatchResponse> batch) : batch_(std::move(batch)) {}
  void respond(json response) override { batch_->settle(&response); }
  void withhold() override { batch_->settle(nullptr); }

 private:
  std::shared_ptr<BatchResponse> batch_;
};

}  // namespace

std::shared_ptr<Responder> make_direct_responder(Outbox& outbox) {
  return std::make_shared<DirectResponder>(outbox);
}

std::vector<std::shared_ptr<Responder>> make_batch_responders(Outbox& outbox, std::size_t count) {
  auto batch = std::make_shared<BatchResponse>(outbox, count);
  std::vector<std::shared_ptr<Responder>> responders;
  responders.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    responders.push_back(std::make_shared<BatchResponder>(batch));
  return responders;
}

}  // namespace mcp
