#include "pve/fingerprint.h"

namespace pve {

namespace {

constexpr std::size_t kSha256Bytes = 32;

bool is_upper_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool is_fingerprint(std::string_view text) {
  if (text.size() != kSha256Bytes * 3 - 1) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % 3 == 2 ? text[i] != ':' : !is_upper_hex(text[i])) return false;
  }
  return true;
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
