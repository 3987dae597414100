// Confirmation tokens: good for the call, state and time they were issued for, nothing else.
#include <gtest/gtest.h>

#include "policy/confirm_token.h"

namespace policy {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

TEST(ConfirmTokens, AGoodTokenFitsItsCallAndStateUntilItExpires) {
  const ConfirmTokens tokens;
  const std::string token = tokens.issue("proxmox_stop_vm {\"vmid\":100}", "abc", kNow);
  EXPECT_EQ(token.substr(0, 11), std::to_string(kNow + kConfirmSeconds) + "-");
  EXPECT_EQ(token.size(), 11U + 32U);
  EXPECT_TRUE(tokens.valid(token, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow));
  EXPECT_TRUE(tokens.valid(token, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow + kConfirmSeconds));
  EXPECT_FALSE(
      tokens.valid(token, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow + kConfirmSeconds + 1));
}

TEST(ConfirmTokens, AnotherCallStateServerOrForgedExpiryIsRefused) {
  const ConfirmTokens tokens;
  const std::string token = tokens.issue("proxmox_stop_vm {\"vmid\":100}", "abc", kNow);
  EXPECT_FALSE(tokens.valid(token, "proxmox_stop_vm {\"vmid\":101}", "abc", kNow));
  EXPECT_FALSE(tokens.valid(token, "proxmox_stop_vm {\"vmid\":100}", "abd", kNow));
  EXPECT_FALSE(ConfirmTokens().valid(token, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow));
  // The expiry is part of what is signed: pushing it later breaks the signature.
  std::string later = token;
  later[9] = static_cast<char>(later[9] + 1);
  EXPECT_FALSE(tokens.valid(later, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow));
  // A call and state cannot trade characters to reuse a token.
  const std::string split = tokens.issue("a", "bc", kNow);
  EXPECT_FALSE(tokens.valid(split, "ab", "c", kNow));
  for (const char* bad : {"", "-", "x-y", "1900000000-", "1800000300-zz", "1800000300"}) {
    EXPECT_FALSE(tokens.valid(bad, "proxmox_stop_vm {\"vmid\":100}", "abc", kNow)) << bad;
  }
}

TEST(ConfirmTokens, ATokenFromTheFarFutureIsRefused) {
  const ConfirmTokens tokens;
  const std::string token = tokens.issue("c", "s", kNow + 10 * kConfirmSeconds);
  EXPECT_FALSE(tokens.valid(token, "c", "s", kNow));
}

}  // namespace
}  // namespace policy

namespace policy {
namespace {

TEST(ConfirmTokens, ATokenIsRedeemedOnce) {
  ConfirmTokens tokens;
  const std::string token = tokens.issue("c", "s", kNow);
  EXPECT_FALSE(tokens.redeem(token, "c", "other", kNow));  // not redeemed by a failed try
  EXPECT_TRUE(tokens.redeem(token, "c", "s", kNow));
  EXPECT_FALSE(tokens.redeem(token, "c", "s", kNow + 1));
  EXPECT_TRUE(tokens.valid(token, "c", "s", kNow + 1));  // valid() only checks the signature
}

}  // namespace
}  // namespace policy
