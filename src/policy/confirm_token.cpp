#include "policy/confirm_token.h"

#include "ossl/openssl.h"

#include <array>
#include <charconv>
#include <span>
#include <stdexcept>

#include "bytes/hex.h"
#include "bytes/random.h"

namespace policy {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kMacBytes = 16;  // 128 bits: a token cannot be guessed within its life

}  // namespace

ConfirmTokens::ConfirmTokens() : key_(bytes::random_bytes(kKeyBytes)) {}

std::string ConfirmTokens::mac(std::string_view call, std::string_view state,
                               std::int64_t expiry) const {
  // Lengths first, so that no two (call, state) pairs give the same text.
  const std::string text = "confirm-v1\n" + std::to_string(call.size()) + ":" + std::string(call) +
                           "\n" + std::to_string(state.size()) + ":" + std::string(state) + "\n" +
                           std::to_string(expiry);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  ossl::openssl().HMAC(ossl::openssl().EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       digest.data(), &size);
  return bytes::to_hex(std::span(digest.data(), kMacBytes));
}

std::string ConfirmTokens::issue(std::string_view call, std::string_view state,
                                 std::int64_t now) const {
  const std::int64_t expiry = now + kConfirmSeconds;
  return std::to_string(expiry) + "-" + mac(call, state, expiry);
}

bool ConfirmTokens::valid(std::string_view token, std::string_view call, std::string_view state,
                          std::int64_t now) const {
  const std::size_t dash = token.find('-');
  if (dash == std::string_view::npos) return false;
  std::int64_t expiry = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + dash, expiry);
  if (ec != std::errc() || end != token.data() + dash || expiry < now ||
      expiry > now + kConfirmSeconds) {
    return false;
  }
  const std::string expected = mac(call, state, expiry);
  const std::string_view given = token.substr(dash + 1);
  return given.size() == expected.size() &&
         ossl::openssl().CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

bool ConfirmTokens::redeem(std::string_view token, std::string_view call, std::string_view state,
                           std::int64_t now) {
  if (!valid(token, call, state, now)) return false;
  const std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(redeemed_, [now](const auto& entry) { return entry.second < now; });
  const std::int64_t expiry = now + kConfirmSeconds;  // an upper bound of the token's own
  return redeemed_.emplace(std::string(token), expiry).second;
}

}  // namespace policy
