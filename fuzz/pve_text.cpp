// The small parsers that read Proxmox's text: Upid::parse and the helpers of pve/text.h (trim,
// clip, redact, json_depth). The input's first byte is the limit for clip and json_depth, the
// rest the text; the text's first line doubles as the secret for redact. Promises checked: a
// parsed UPID's parts are safe in a URL path; clip keeps its bound and valid UTF-8; redact
// leaves no secret behind; json_depth agrees with a real JSON parser on valid JSON.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "pve/tasks.h"
#include "pve/text.h"

namespace {

using nlohmann::json;

bool is_safe_part(std::string_view part) {
  for (const char c : part) {
    if (c == ':' || c == '/' || std::isspace(static_cast<unsigned char>(c)) != 0) return false;
  }
  return true;
}

void check_upid(std::string_view text) {
  const auto upid = pve::Upid::parse(text);
  if (!upid) return;
  fuzz::check(!upid->node.empty() && !upid->type.empty() && !upid->user.empty(),
              "a UPID has a node, a type and a user", text);
  fuzz::check(is_safe_part(upid->node) && is_safe_part(upid->type) && is_safe_part(upid->id) &&
                  is_safe_part(upid->user),
              "a UPID's parts hold no ':', '/' or white space", text);
}

bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c < 0x80) {
      n = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
    } else {
      return false;
    }
    if (i + n >= s.size() && n > 0) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

void check_clip(std::string_view text, std::size_t limit) {
  const std::string clipped = pve::clip(text, limit);
  if (text.size() <= limit) {
    fuzz::check(clipped == text, "clip keeps a short text whole", text);
    return;
  }
  // "… (N more bytes)": the mark and a number of at most 20 digits.
  constexpr std::size_t kMarkBytes = 40;
  fuzz::check(clipped.size() <= limit + kMarkBytes, "clip keeps its bound", text);
  if (is_utf8(text)) fuzz::check(is_utf8(clipped), "clip keeps UTF-8 valid", text);
}

void check_redact(std::string_view text, std::string_view secret) {
  const std::string redacted = pve::redact(std::string(text), secret);
  if (secret.size() < 8) {
    fuzz::check(redacted == text, "a short secret leaves the text alone", text);
    return;
  }
  // A secret with brackets could be rebuilt around the "[secret]" mark; real ones are UUIDs.
  if (secret.find_first_of("[]") == std::string_view::npos) {
    fuzz::check(redacted.find(secret) == std::string::npos, "redact leaves no secret behind", text);
  }
}

// Depth as nlohmann::json's parser sees it.
struct DepthSax : nlohmann::json_sax<json> {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool open() {
    if (++depth > deepest) deepest = depth;
    return true;
  }
  bool close() {
    --depth;
    return true;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

void check_json_depth(std::string_view text, std::size_t limit) {
  const std::size_t bounded = pve::json_depth(text, limit);
  fuzz::check(bounded <= limit + 1, "json_depth stops past its limit", text);
  // nlohmann::json reads a NUL byte as the end of its input and ignores what follows, where
  // json_depth goes on counting (the safe side); the two are compared on NUL-free text only.
  if (text.find('\0') != std::string_view::npos) return;
  DepthSax sax;
  if (!json::sax_parse(text, &sax)) return;
  const std::size_t whole = pve::json_depth(text, text.size());
  fuzz::check(whole == sax.deepest, "json_depth measures valid JSON as the parser does", text);
  fuzz::check(bounded == std::min(sax.deepest, limit + 1), "json_depth's bound is exact", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t limit = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  check_upid(text);
  check_upid(text.substr(0, text.find('\n')));

  const std::string_view trimmed = pve::trim(text);
  fuzz::check(trimmed.empty() || (std::isspace(static_cast<unsigned char>(trimmed.front())) == 0 &&
                                  std::isspace(static_cast<unsigned char>(trimmed.back())) == 0),
              "trim leaves no white space at either end", text);

  check_clip(text, limit);
  check_redact(text, text.substr(0, text.find('\n')));
  check_json_depth(text, limit);
  return 0;
}
