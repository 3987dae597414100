#include "pve/fingerprint.h"

#include <cctype>

#include "pve/text.h"

namespace pve {

namespace {

constexpr std::size_t kSha256Bytes = 32;

// `openssl x509 -noout -fingerprint -sha256` prints "sha256 Fingerprint=AB:CD:..." (OpenSSL 3)
// or "SHA256 Fingerprint=..." (1.1); people paste that line as it is.
std::string_view without_openssl_label(std::string_view text) {
  constexpr std::string_view kLabel = "sha256 fingerprint=";
  if (text.size() < kLabel.size()) return text;
  for (std::size_t i = 0; i < kLabel.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kLabel[i]) return text;
  }
  return text.substr(kLabel.size());
}

}  // namespace

std::optional<std::string> normalize_fingerprint(std::string_view text) {
  text = without_openssl_label(trim(text));
  std::string hex;
  const bool with_colons = text.find(':') != std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // With colons, every third character must be the separator: "AB:CD", not "A:BCD".
    if (with_colons && i % 3 == 2) {
      if (c != ':') return std::nullopt;
      continue;
    }
    if (!std::isxdigit(c)) return std::nullopt;
    hex.push_back(static_cast<char>(std::toupper(c)));
  }
  if (hex.size() != kSha256Bytes * 2) return std::nullopt;
  if (with_colons && text.size() != kSha256Bytes * 3 - 1) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out.push_back(':');
    out.append(hex, i, 2);
  }
  return out;
}

std::string format_fingerprint(const unsigned char* digest, unsigned int length) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

}  // namespace pve
