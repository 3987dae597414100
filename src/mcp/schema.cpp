#include "mcp/schema.h"

namespace mcp {

Schema::Schema(nlohmann::json schema) : state_(std::make_shared<State>()) {
  state_->value = std::move(schema);
  state_->ready.store(true, std::memory_order_release);
}

Schema::Schema(Build build) : state_(std::make_shared<State>()) {
  state_->build = std::move(build);
}

const nlohmann::json& Schema::get() const {
  if (!state_->ready.load(std::memory_order_acquire)) {
    std::call_once(state_->once, [this] {
      state_->value = state_->build();
      state_->ready.store(true, std::memory_order_release);
    });
  }
  return state_->value;
}

const nlohmann::json& Schema::operator[](const std::string& key) const {
  static const nlohmann::json kNone;
  const nlohmann::json& schema = get();
  if (!schema.is_object()) return kNone;
  const auto member = schema.find(key);
  return member == schema.end() ? kNone : *member;
}

bool Schema::built() const {
  return state_->ready.load(std::memory_order_acquire);
}

}  // namespace mcp
