// Confirmation tokens: the second step of a destructive call made without asking the person
// through the client, bound to the call and to the state it was confirmed against.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace policy {

// How long a token stays good.
inline constexpr std::int64_t kConfirmSeconds = 300;

// Signs and checks tokens with a key made at random when the server starts: a token is good
// only on the server that issued it, and only until it restarts.
class ConfirmTokens {
 public:
  ConfirmTokens();
  ConfirmTokens(const ConfirmTokens&) = delete;
  ConfirmTokens& operator=(const ConfirmTokens&) = delete;

  // A token for `call` (the tool and its arguments, as one canonical text) while the guest's
  // config has `state` (its digest; "" when the call has none), good until now + kConfirmSeconds.
  [[nodiscard]] std::string issue(std::string_view call, std::string_view state,
                                  std::int64_t now) const;
  // Whether `token` was issued for this call and state and has not expired.
  [[nodiscard]] bool valid(std::string_view token, std::string_view call, std::string_view state,
                           std::int64_t now) const;
  // valid(), once: a token redeemed is good for nothing after (a stop does not change the
  // config digest, so without this one token would stop the guest again and again).
  [[nodiscard]] bool redeem(std::string_view token, std::string_view call, std::string_view state,
                            std::int64_t now);

 private:
  [[nodiscard]] std::string mac(std::string_view call, std::string_view state,
                                std::int64_t expiry) const;
  std::string key_;
  std::mutex mutex_;
  std::map<std::string, std::int64_t, std::less<>> redeemed_;  // token → its expiry
};

}  // namespace policy
