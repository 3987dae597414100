#include "tools/guest_create_args.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <random>
#include <regex>

#include "pve/api_enums.h"
#include "pve/property_string.h"
#include "tools/args.h"
#include "tools/common_args.h"
#include "tools/guest_args.h"
#include "tools/guest_devices.h"

namespace tools::create {
namespace {

using nlohmann::json;

constexpr double kGib = 1024.0 * 1024 * 1024;
constexpr std::size_t kMaxVolid = 255;   // PVE's maxLength of ostemplate
constexpr std::size_t kMinPassword = 5;  // PVE's minLength of password
constexpr std::size_t kMaxPassword = 256;

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

bool equals_icase(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() && ends_with_icase(text, lower);
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

// "NUMBER[UNIT]": 1-9 digits with up to 6 decimals, then M, G or T with an optional B or iB,
// in any case; without a unit, GiB.
struct SizeText {
  std::string_view number;
  char unit;
};

std::optional<SizeText> size_text(std::string_view text) {
  const auto digits = [&text](std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
    return end - from;
  };
  const std::size_t whole = digits(0);
  if (whole < 1 || whole > 9) return std::nullopt;
  std::size_t end = whole;
  if (end < text.size() && text[end] == '.') {
    const std::size_t decimals = digits(end + 1);
    if (decimals < 1 || decimals > 6) return std::nullopt;
    end += 1 + decimals;
  }
  const std::string_view number = text.substr(0, end);
  const std::string_view unit = text.substr(end);
  if (unit.empty()) return SizeText{number, 'G'};
  const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(unit.front())));
  if (letter != 'M' && letter != 'G' && letter != 'T') return std::nullopt;
  const std::string_view suffix = unit.substr(1);
  if (!suffix.empty() && !equals_icase(suffix, "b") && !equals_icase(suffix, "ib")) {
    return std::nullopt;
  }
  return SizeText{number, letter};
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
  const std::optional<SizeText> parts = size_text(text);
  if (!parts) return std::nullopt;
  std::optional<double> bytes = devices::size_bytes(std::string(parts->number) + parts->unit);
  if (!bytes) return std::nullopt;
  const double kib = std::ceil(*bytes / 1024);
  const double gib = kib * 1024 / kGib;
  if (kib <= 0 || gib >= 1e9) return std::nullopt;
  return fixed_text(gib);
}

VolumeSize volume_size(std::string_view text) {
  return {std::string(text), volume_gib(std::string(text)).value()};
}

void to_json(json& out, const VolumeSize& size) {
  out = size.given;
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

typed::Problem dns_name(const std::string& text) {
  if (is_dns_name(text)) return std::nullopt;
  return "must be a DNS name such as web-01 or web-01.example.com (letters, digits and inner "
         "hyphens; labels of at most 63 characters separated by dots)";
}

std::optional<std::string> iso_storage(std::string_view volid) {
  return content_volume_storage(volid, "iso", {".iso", ".img"});
}

std::optional<std::string> template_storage(std::string_view volid) {
  return content_volume_storage(volid, "vztmpl", {".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2"});
}

typed::Problem iso_volume(const std::string& volid) {
  if (iso_storage(volid)) return std::nullopt;
  return "must be an ISO volume such as local:iso/debian-12.iso (<storage>:iso/<file>.iso or "
         ".img, without ',' '=' or control characters)";
}

typed::Problem template_volume(const std::string& volid) {
  if (template_storage(volid)) return std::nullopt;
  return "must be a container template volume such as "
         "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst (<storage>:vztmpl/<file>.tar.gz, "
         ".tar.xz, .tar.zst or .tar.bz2; proxmox_list_templates lists them)";
}

typed::Problem cpu_type(const std::string& text) {
  static const std::regex re(R"([A-Za-z0-9][A-Za-z0-9_.+-]{0,63})");
  if (std::regex_match(text, re)) return std::nullopt;
  return "must be a CPU type name such as host, x86-64-v2-AES or custom-mine (letters, digits, "
         "'_', '.', '+', '-')";
}

typed::Problem qemu_net(const std::string& text) {
  return pve::qemu_net_problem(text);
}

typed::Problem lxc_net(const std::string& text) {
  return pve::lxc_net_problem(text);
}

typed::Problem os_type(const std::string& text) {
  return typed::listed_in(pve::api_enums::kQemuOsTypes, text);
}

typed::Problem scsi_controller(const std::string& text) {
  return typed::listed_in(pve::api_enums::kQemuScsiControllers, text);
}

SshKeys read_ssh_keys(std::string_view text) {
  SshKeys out;
  std::size_t start = 0;
  for (std::size_t line_number = 1; start <= text.size(); ++line_number) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = nl + 1;
    if (line.empty()) continue;
    if (!is_ssh_key(line)) {
      out.problem = "line " + std::to_string(line_number) +
                    " is not an OpenSSH public key (\"<type> <base64> [comment]\", such as "
                    "\"ssh-ed25519 AAAAC3Nz… user@host\")";
      out.keys.clear();
      return out;
    }
    out.keys.emplace_back(line);
  }
  if (out.keys.empty()) out.problem = "holds no key";
  return out;
}

typed::Problem ssh_keys(const std::string& text) {
  return read_ssh_keys(text).problem;
}

typed::Problem root_password(const std::string& text) {
  std::size_t characters = 0;
  bool control = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0U) != 0x80U) ++characters;  // not a UTF-8 continuation byte
    if (u < 0x20 || u == 0x7f) control = true;
  }
  if (characters >= kMinPassword && characters <= kMaxPassword && !control) return std::nullopt;
  return "must be 5 to 256 characters without control characters";
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

namespace tools::typed {

std::optional<create::VolumeSize> Value<create::VolumeSize>::read(const nlohmann::json& v) {
  std::optional<std::string> gib = create::volume_gib(v);
  if (!gib) return std::nullopt;
  return create::VolumeSize{v.is_string() ? v.get<std::string>() : v.dump(), *gib};
}

}  // namespace tools::typed
