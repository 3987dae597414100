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

// Calls `each` with every comma-separated item of `list`; stops at the first it returns true for.
template <class Each>
bool any_item(std::string_view list, Each each) {
  for (std::size_t start = 0;;) {
    const std::size_t comma = list.find(',', start);
    if (each(list.substr(start, comma == std::string_view::npos ? comma : comma - start))) {
      return true;
    }
    if (comma == std::string_view::npos) return false;
    start = comma + 1;
  }
}

bool is_fingerprint_list(std::string_view text) {
  return !any_item(text, [](std::string_view item) { return !is_fingerprint(item); });
}

bool pin_matches(std::string_view pinned, std::string_view presented) {
  return !presented.empty() &&
         any_item(pinned, [&](std::string_view item) { return item == presented; });
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
