// A tool's JSON Schema, built the first time something reads it.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace mcp {

// A session calls few of the tools it may call, and a tools/list of pre-serialized entries
// (Tool::listing) needs no schema at all: building every schema at start cost more than the
// rest of the start together. Copies share one schema, built once, safely from any thread; a
// moved-from Schema still reads it. As with nlohmann::json, braces around a Schema make an
// array of it: copy with parentheses or `=`.
class Schema {
 public:
  using Build = std::function<nlohmann::json()>;

  Schema() : Schema(nlohmann::json()) {}
  // NOLINTNEXTLINE(google-explicit-constructor): a schema at hand, or null for none
  Schema(nlohmann::json schema);
  // NOLINTNEXTLINE(google-explicit-constructor)
  Schema(std::nullptr_t) : Schema(nlohmann::json()) {}
  // NOLINTNEXTLINE(google-explicit-constructor): {{"type", "object"}} as nlohmann::json reads it
  Schema(nlohmann::json::initializer_list_t init) : Schema(nlohmann::json(init)) {}
  // Built by `build` when first read.
  explicit Schema(Build build);
  Schema(const Schema&) = default;
  Schema& operator=(const Schema&) = default;
  // A move shares too: a moved-from Schema must stay readable, as a moved-from json does.
  Schema(Schema&& other) noexcept : state_(other.state_) {}
  Schema& operator=(Schema&& other) noexcept {
    state_ = other.state_;
    return *this;
  }
  ~Schema() = default;

  [[nodiscard]] const nlohmann::json& get() const;
  // NOLINTNEXTLINE(google-explicit-constructor): reads like the json it holds
  operator const nlohmann::json&() const { return get(); }
  // The member `key`, or null when there is none.
  const nlohmann::json& operator[](const std::string& key) const;
  [[nodiscard]] bool is_object() const { return get().is_object(); }
  [[nodiscard]] bool is_null() const { return get().is_null(); }
  // Whether the schema exists already: checks at start leave unbuilt ones alone.
  [[nodiscard]] bool built() const;

 private:
  struct State {
    Build build;
    std::once_flag once;
    nlohmann::json value;
    std::atomic<bool> ready{false};  // value is final: read without the once_flag
  };
  std::shared_ptr<State> state_;
};

}  // namespace mcp
