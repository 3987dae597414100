// The requestState of a 2026-07-28 input_required result: sealed with an HMAC so that a client
// can only echo it, bound to one call and one question, short-lived and answered once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mcp {

class RequestStateSeal {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  static constexpr std::chrono::minutes kDefaultLifetime{10};

  // A random key of this process: states from another process (or a restart) never open.
  explicit RequestStateSeal(std::chrono::seconds lifetime = kDefaultLifetime,
                            Clock now = std::chrono::system_clock::now);

  // A state for asking `question` during a call of `tool` with `arguments`.
  [[nodiscard]] std::string seal(const std::string& tool, const nlohmann::json& arguments,
                                 const std::string& question);
  // True, once, for a state this seal made for exactly this tool, arguments and question that
  // has not expired; false for anything else (forged, altered, expired, already used).
  [[nodiscard]] bool redeem(const std::string& state, const std::string& tool,
                            const nlohmann::json& arguments, const std::string& question);

  // A state that carries `payload` (what a multi-round call keeps between rounds) for a call of
  // `tool` with `arguments`; the client can read it but not change it. Throws std::length_error
  // for a payload of more than 3 KiB of JSON.
  [[nodiscard]] std::string seal_payload(const std::string& tool, const nlohmann::json& arguments,
                                         const nlohmann::json& payload);
  // The payload, once, of a state seal_payload made for this tool and arguments that has not
  // expired; nullopt for anything else.
  [[nodiscard]] std::optional<nlohmann::json> open_payload(const std::string& state,
                                                           const std::string& tool,
                                                           const nlohmann::json& arguments);
  // Whether `state` has the shape of seal_payload's states (whatever its validity).
  [[nodiscard]] static bool is_payload_state(const std::string& state);

 private:
  [[nodiscard]] std::string mac(const std::string& tool, const nlohmann::json& arguments,
                                const std::string& question, std::int64_t expires,
                                const std::string& nonce) const;
  [[nodiscard]] std::int64_t now_seconds() const;
  // Records a nonce as used; false when it was used before.
  bool use_nonce(const std::string& nonce, std::int64_t expires, std::int64_t now);

  std::string key_;
  std::chrono::seconds lifetime_;
  Clock now_;
  std::mutex mutex_;
  std::map<std::string, std::int64_t> redeemed_;  // nonce -> expiry, kept until it expires
};

}  // namespace mcp
