#include "mcp/request_state.h"

#include <array>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>

#include "ossl/openssl.h"

#include "bytes/hex.h"
#include "bytes/random.h"

namespace mcp {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kLongestState = 128;  // "<expiry>.<32 hex>.<64 hex>" is about 110
constexpr std::string_view kPayloadPrefix = "p.";
constexpr std::size_t kLargestPayload = 3072;  // bytes of JSON: a few small values
// Its hex, the prefix and an approval-style seal of at most kLongestState.
constexpr std::size_t kLongestPayloadState = 2 + 2 * kLargestPayload + 1 + kLongestState;
constexpr std::string_view kPayloadQuestion = "payload\n";

std::string sha256_hex(std::string_view text) {
  return bytes::to_hex(ossl::sha256(text));
}

bool is_hex(std::string_view text, std::size_t length) {
  return text.size() == length &&
         text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "<expiry seconds>.<nonce>.<mac>", each part checked for shape before anything is computed.
struct StateParts {
  std::int64_t expires = 0;
  std::string nonce;
  std::string mac;
};

std::optional<StateParts> split(std::string_view state) {
  if (state.size() > kLongestState) return std::nullopt;
  const auto first = state.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = state.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view expiry = state.substr(0, first);
  if (expiry.empty() || expiry.size() > 12 ||
      expiry.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  StateParts parts;
  parts.expires = std::stoll(std::string(expiry));
  parts.nonce = state.substr(first + 1, second - first - 1);
  parts.mac = state.substr(second + 1);
  if (!is_hex(parts.nonce, kNonceBytes * 2) || !is_hex(parts.mac, SHA256_DIGEST_LENGTH * 2)) {
    return std::nullopt;
  }
  return parts;
}

}  // namespace

RequestStateSeal::RequestStateSeal(std::chrono::seconds lifetime, Clock now)
    : key_(bytes::random_bytes(kKeyBytes)), lifetime_(lifetime), now_(std::move(now)) {}

std::int64_t RequestStateSeal::now_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(now_().time_since_epoch()).count();
}

std::string RequestStateSeal::mac(const std::string& tool, const nlohmann::json& arguments,
                                  const std::string& question, std::int64_t expires,
                                  const std::string& nonce) const {
  // Digests keep every field fixed-length, so no two different inputs join to the same text.
  const std::string input = "pmcp-request-state-1\n" + sha256_hex(tool) + "\n" +
                            sha256_hex(arguments.dump()) + "\n" + sha256_hex(question) + "\n" +
                            std::to_string(expires) + "\n" + nonce;
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (ossl::openssl().HMAC(ossl::openssl().EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
                           reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                           out.data(), &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 of the requestState failed");
  }
  return bytes::to_hex(std::span(out.data(), length));
}

std::string RequestStateSeal::seal(const std::string& tool, const nlohmann::json& arguments,
                                   const std::string& question) {
  const std::string nonce = bytes::random_hex(kNonceBytes);
  const std::int64_t expires = now_seconds() + lifetime_.count();
  return std::to_string(expires) + "." + nonce + "." +
         mac(tool, arguments, question, expires, nonce);
}

bool RequestStateSeal::redeem(const std::string& state, const std::string& tool,
                              const nlohmann::json& arguments, const std::string& question) {
  const auto parts = split(state);
  if (!parts) return false;
  const std::int64_t now = now_seconds();
  if (parts->expires < now) return false;
  const std::string expected = mac(tool, arguments, question, parts->expires, parts->nonce);
  if (ossl::openssl().CRYPTO_memcmp(expected.data(), parts->mac.data(), expected.size()) != 0) {
    return false;
  }
  return use_nonce(parts->nonce, parts->expires, now);
}

bool RequestStateSeal::use_nonce(const std::string& nonce, std::int64_t expires, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::erase_if(redeemed_, [now](const auto& entry) { return entry.second < now; });
  return redeemed_.emplace(nonce, expires).second;
}

// "p.<hex of the payload's JSON>.<expiry>.<nonce>.<mac>": the mac covers the payload through
// the "question" of the approval states' mac, so one key and one format of input serve both.
std::string RequestStateSeal::seal_payload(const std::string& tool, const nlohmann::json& arguments,
                                           const nlohmann::json& payload) {
  const std::string text = payload.dump();
  if (text.size() > kLargestPayload) {
    throw std::length_error("the state to keep between rounds is " + std::to_string(text.size()) +
                            " bytes of JSON; at most " + std::to_string(kLargestPayload) +
                            " fit a requestState");
  }
  return std::string(kPayloadPrefix) + bytes::to_hex(text) + "." +
         seal(tool, arguments, std::string(kPayloadQuestion) + text);
}

bool RequestStateSeal::is_payload_state(const std::string& state) {
  return state.starts_with(kPayloadPrefix);
}

std::optional<nlohmann::json> RequestStateSeal::open_payload(const std::string& state,
                                                             const std::string& tool,
                                                             const nlohmann::json& arguments) {
  if (!is_payload_state(state) || state.size() > kLongestPayloadState) return std::nullopt;
  const std::string_view rest = std::string_view(state).substr(kPayloadPrefix.size());
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::optional<std::string> text = bytes::from_hex(rest.substr(0, dot));
  if (!text) return std::nullopt;
  if (!redeem(std::string(rest.substr(dot + 1)), tool, arguments,
              std::string(kPayloadQuestion) + *text)) {
    return std::nullopt;
  }
  return nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace mcp
