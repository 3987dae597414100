#include "audit/secrets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "pve/text.h"

namespace audit {
namespace {

constexpr std::string_view kMark = "[secret]";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  // From the Proxmox API schema: every parameter whose value is a password, a shared secret, a
  // one-time code or key material (a certificate's private `key`, a PowerDNS API `key`).
  static constexpr std::array<std::string_view, 9> kNames = {
      "otp",     "totp",       "secret",       "token",         "key",
      "keyring", "client-key", "eab-hmac-key", "encryption-key"};
  const std::string folded = lower(name);
  if (std::find(kNames.begin(), kNames.end(), folded) != kNames.end()) return true;
  return ends_with(folded, "password") || ends_with(folded, "secret") ||
         ends_with(folded, "passphrase");
}

nlohmann::json without_secrets(nlohmann::json value, std::string_view token_secret) {
  if (value.is_string()) return pve::redact(value.get<std::string>(), token_secret);
  if (value.is_array()) {
    for (nlohmann::json& item : value) item = without_secrets(std::move(item), token_secret);
    return value;
  }
  if (!value.is_object()) return value;
  nlohmann::json clean = nlohmann::json::object();
  for (auto& [name, member] : value.items()) {
    clean[pve::redact(name, token_secret)] =
        is_secret_name(name) ? nlohmann::json(kMark) : without_secrets(member, token_secret);
  }
  return clean;
}

}  // namespace audit
