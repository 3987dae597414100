#include "tools/guest_create_args.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <random>
#include <regex>

#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/guest_devices.h"

namespace tools::create {
namespace {

using nlohmann::json;

constexpr double kGib = 1024.0 * 1024 * 1024;
constexpr std::size_t kMaxVolid = 255;  // PVE's maxLength of ostemplate

[[noreturn]] void invalid(std::string_view key, std::string_view rule) {
  throw ArgError("Invalid argument '" + std::string(key) + "': " + std::string(rule));
}

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool ends_with_icase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  text = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != suffix[i]) return false;
  }
  return true;
}

std::optional<std::string> fixed_text(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return std::string(buf, end);
}

// "<storage>:<dir>/<file>" with a file name ending in one of `extensions` (lower case).
std::optional<std::string> content_volume_storage(std::string_view volid, std::string_view dir,
                                                  std::initializer_list<std::string_view> exts) {
  if (volid.size() > kMaxVolid) return std::nullopt;
  auto colon = volid.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view storage = volid.substr(0, colon);
  std::string_view rest = volid.substr(colon + 1);
  if (!is_storage_id(storage) || !rest.starts_with(dir) || rest.size() <= dir.size() ||
      rest[dir.size()] != '/') {
    return std::nullopt;
  }
  std::string_view file = rest.substr(dir.size() + 1);
  if (file.find('/') != std::string_view::npos || file == "." || file == ".." ||
      !pve::is_safe_value(file)) {
    return std::nullopt;
  }
  for (std::string_view ext : exts) {
    if (file.size() > ext.size() && ends_with_icase(file, ext)) return std::string(storage);
  }
  return std::nullopt;
}

// "TYPE BASE64[ COMMENT]", checked by hand: a model can send a line of any length, and
// std::regex would recurse once per character of it.
bool is_ssh_key(std::string_view line) {
  static constexpr std::array<std::string_view, 8> kTypes = {"ssh-rsa",
                                                             "ssh-dss",
                                                             "ssh-ed25519",
                                                             "ecdsa-sha2-nistp256",
                                                             "ecdsa-sha2-nistp384",
                                                             "ecdsa-sha2-nistp521",
                                                             "sk-ssh-ed25519@openssh.com",
                                                             "sk-ecdsa-sha2-nistp256@openssh.com"};
  constexpr std::size_t kMaxLine = 16384;
  if (line.size() > kMaxLine) return false;
  const std::size_t type_end = line.find(' ');
  if (type_end == std::string_view::npos ||
      std::find(kTypes.begin(), kTypes.end(), line.substr(0, type_end)) == kTypes.end()) {
    return false;
  }
  const std::string_view rest = line.substr(type_end + 1);
  const std::string_view key = rest.substr(0, rest.find(' '));
  const std::size_t padding = key.size() - std::min(key.find('='), key.size());
  const std::string_view body = key.substr(0, key.size() - padding);
  const auto base64 = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
  };
  if (body.empty() || padding > 3 || !std::all_of(body.begin(), body.end(), base64) ||
      key.find_first_not_of('=', body.size()) != std::string_view::npos) {
    return false;
  }
  const std::string_view comment = rest.substr(key.size());
  return std::none_of(comment.begin(), comment.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

}  // namespace

std::optional<std::string> volume_gib(const json& size) {
  std::string text;
  if (size.is_number_integer() || size.is_number_unsigned()) {
    text = size.dump();
  } else if (size.is_number_float()) {
    auto fixed = fixed_text(size.get<double>());
    if (!fixed) return std::nullopt;
    text = *fixed;
  } else if (size.is_string()) {
    text = size.get<std::string>();
  } else {
    return std::nullopt;
  }
  static const std::regex re(R"((\d{1,9}(\.\d{1,6})?)(([MGT])(i?B)?)?)", std::regex::icase);
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  const char unit = m[4].matched ? static_cast<char>(std::toupper(m[4].str()[0])) : 'G';
  std::optional<double> bytes = devices::size_bytes(m[1].str() + unit);
  if (!bytes) return std::nullopt;
  const double kib = std::ceil(*bytes / 1024);
  const double gib = kib * 1024 / kGib;
  if (kib <= 0 || gib >= 1e9) return std::nullopt;
  return fixed_text(gib);
}

std::string size_arg(const json& args, std::string_view key, std::string_view fallback) {
  json value = fallback;
  if (args.is_object()) {
    auto it = args.find(key);
    if (it != args.end() && !it->is_null()) value = *it;
  }
  auto gib = volume_gib(value);
  if (!gib) {
    invalid(key,
            "must be a size such as \"8G\", \"1.5G\", \"512M\" or \"1T\" (a bare number is GiB; "
            "at most 6 decimals)");
  }
  return *gib;
}

bool is_dns_name(std::string_view text) {
  if (text.empty() || text.size() > 255) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view label =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || !is_alnum(label.front()) || !is_alnum(label.back())) {
      return false;
    }
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::optional<std::string> dns_name_arg(const json& args, std::string_view key) {
  auto value = args::optional_string(args, key);
  if (!value) return std::nullopt;
  if (!is_dns_name(*value)) {
    invalid(key,
            "must be a DNS name such as web-01 or web-01.example.com (letters, digits and inner "
            "hyphens; labels of at most 63 characters separated by dots)");
  }
  return value;
}

std::optional<std::string> iso_storage(std::string_view volid) {
  return content_volume_storage(volid, "iso", {".iso", ".img"});
}

std::optional<std::string> template_storage(std::string_view volid) {
  return content_volume_storage(volid, "vztmpl", {".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2"});
}

std::vector<std::string> ssh_keys_arg(const json& args, std::string_view key) {
  std::vector<std::string> lines;
  const std::optional<std::string> text = args::optional_string(args, key);
  if (!text) return lines;
  std::size_t start = 0;
  while (start <= text->size()) {
    std::size_t nl = text->find('\n', start);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    if (!is_ssh_key(lines[i])) {
      invalid(key, "line " + std::to_string(i + 1) +
                       " is not an OpenSSH public key (\"<type> <base64> [comment]\", such as "
                       "\"ssh-ed25519 AAAAC3Nz… user@host\")");
    }
    keys.push_back(lines[i]);
  }
  if (keys.empty()) invalid(key, "holds no key");
  return keys;
}

std::optional<std::string> password_arg(const json& args, std::string_view key) {
  auto value = args::optional_string(args, key);
  if (!value) return std::nullopt;
  bool control = false;
  for (char c : *value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) control = true;
  }
  // The value itself is never repeated: it is a secret.
  if (value->size() < 5 || value->size() > 256 || control) {
    invalid(key, "must be 5 to 256 characters without control characters");
  }
  return value;
}

std::string random_password() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string password;
  for (int i = 0; i < 24; ++i) password += kAlphabet[pick(device)];
  return password;
}

}  // namespace tools::create
