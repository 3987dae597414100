#include "pve/text.h"

#include <cctype>

namespace pve {

namespace {

constexpr std::size_t kMinRedactedSecret = 8;

}  // namespace

std::string_view trim(std::string_view text) {
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80;  // the bounds of the second byte exclude overlongs and surrogates
    unsigned char high = 0xBF;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

std::string_view utf8_prefix(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string clip(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  const std::string_view kept = utf8_prefix(text, limit);
  return std::string(kept) + "… (" + std::to_string(text.size() - kept.size()) + " more bytes)";
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.size() < kMinRedactedSecret) return text;
  static constexpr std::string_view kMark = "[secret]";
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMark.size())) {
    text.replace(at, secret.size(), kMark);
  }
  return text;
}

std::size_t json_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  std::size_t at = 0;
  while ((at = text.find_first_of("\"[]{}", at)) != std::string_view::npos) {
    const char c = text[at];
    if (c == '"') {
      // Skip the string: its end is the next quote not preceded by an odd run of backslashes.
      std::size_t end = at + 1;
      for (;;) {
        end = text.find_first_of("\"\\", end);
        if (end == std::string_view::npos) return deepest;  // unterminated: the parser says so
        if (text[end] == '"') break;
        end += 2;
      }
      at = end + 1;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (depth > 0) {
      --depth;
    }
    ++at;
  }
  return deepest;
}

}  // namespace pve
