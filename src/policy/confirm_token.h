// Confirmation tokens: the second step of a destructive call made without asking the person
// through the client, bound to the call and to the state it was confirmed against.
#pragma once

#include <cstdint>
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

  // A token for `call` (the tool and its arguments, as one canonical text) while the guest's
  // config has `state` (its digest; "" when the call has none), good until now + kConfirmSeconds.
  [[nodiscard]] std::string issue(std::string_view call, std::string_view state,
                                  std::int64_t now) const;
  // Whether `token` was issued for this call and state and has not expired.
  [[nodiscard]] bool valid(std::string_view token, std::string_view call, std::string_view state,
                           std::int64_t now) const;

 private:
  [[nodiscard]] std::string mac(std::string_view call, std::string_view state,
                                std::int64_t expiry) const;
  std::string key_;
};

}  // namespace policy
