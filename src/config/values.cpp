#include "config/values.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>

namespace config {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

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

// Letters, digits, '.', '-', '_': Proxmox's identifier characters (token ids, realms).
bool is_valid_token_name_chars(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kBlanks) - begin + 1);
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string value = lower(text);
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no") return false;
  return std::nullopt;
}

std::optional<int> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

std::optional<long> parse_seconds_as_ms(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 4 || fraction.size() > 3) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  long ms = 0;
  for (char c : whole) {
    if (!is_digit(c)) return std::nullopt;
    ms = ms * 10 + (c - '0');
  }
  long scale = 100;
  ms *= 1000;
  for (char c : fraction) {
    if (!is_digit(c)) return std::nullopt;
    ms += (c - '0') * scale;
    scale /= 10;
  }
  if (ms <= 0 || ms > 3600L * 1000) return std::nullopt;
  return ms;
}

std::optional<std::string> normalize_host(std::string_view text) {
  bool bracketed = text.size() > 2 && text.front() == '[' && text.back() == ']';
  if (bracketed) text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 253) return std::nullopt;
  size_t colons = static_cast<size_t>(std::count(text.begin(), text.end(), ':'));
  if (colons >= 2) {  // IPv6 (zone ids are not supported)
    bool ok = std::all_of(text.begin(), text.end(),
                          [](char c) { return is_hex(c) || c == ':' || c == '.'; });
    return ok ? std::optional<std::string>(text) : std::nullopt;
  }
  // One colon is "host:port", which belongs in PROXMOX_PORT; brackets are for IPv6 only.
  if (colons == 1 || bracketed) return std::nullopt;
  bool ok = std::all_of(text.begin(), text.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
  });
  return ok ? std::optional<std::string>(text) : std::nullopt;
}

// Proxmox: a user id is NAME@REALM; NAME has no blanks, ':' or '/', REALM is an identifier.
bool is_valid_user(std::string_view text) {
  size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view name = text.substr(0, at);
  std::string_view realm = text.substr(at + 1);
  if (realm.size() < 2 || !is_alpha(realm.front()) || !is_valid_token_name_chars(realm)) {
    return false;
  }
  return std::none_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == ':' || c == '/' || c == '!' || c == '=';
  });
}

// Proxmox's pve-tokenid format: [A-Za-z][A-Za-z0-9.\-_]+ (so at least two characters).
bool is_valid_token_name(std::string_view text) {
  return text.size() >= 2 && text.size() <= 64 && is_alpha(text.front()) &&
         is_valid_token_name_chars(text);
}

bool is_valid_token_secret(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

std::optional<LogLevel> parse_log_level(std::string_view text) {
  std::string value = lower(text);
  if (value == "debug") return LogLevel::debug;
  if (value == "info") return LogLevel::info;
  if (value == "warning" || value == "warn") return LogLevel::warning;
  if (value == "error") return LogLevel::error;
  return std::nullopt;
}

std::optional<std::string> normalize_fingerprint(std::string_view text) {
  text = without_openssl_label(trim(text));
  std::string hex;
  const bool with_colons = text.find(':') != std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // With colons, every third character must be the separator: "AB:CD", not "A:BCD".
    if (with_colons && i % 3 == 2) {
      if (c != ':') return std::nullopt;
      continue;
    }
    if (!is_hex(c)) return std::nullopt;
    hex.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
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

std::optional<HttpListen> parse_listen(std::string_view text) {
  text = trim(text);
  HttpListen listen;
  std::string_view port = text;
  const size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view address = text.substr(0, colon);
    port = text.substr(colon + 1);
    const bool bracketed = address.size() > 2 && address.front() == '[' && address.back() == ']';
    if (bracketed) address = address.substr(1, address.size() - 2);
    in6_addr v6{};
    in_addr v4{};
    const std::string a(address);
    const bool valid = bracketed ? inet_pton(AF_INET6, a.c_str(), &v6) == 1
                                 : inet_pton(AF_INET, a.c_str(), &v4) == 1;
    if (!valid) return std::nullopt;
    listen.address = a;
  }
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) {
    return std::nullopt;
  }
  const int number = std::stoi(std::string(port));
  if (number > 65535) return std::nullopt;
  listen.port = number;
  return listen;
}

bool is_loopback_address(std::string_view address) {
  const std::string a(address);
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, a.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::optional<int> parse_workers(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), is_digit)) {
    return std::nullopt;
  }
  const int n = std::stoi(std::string(text));
  return n >= 1 && n <= 256 ? std::optional<int>(n) : std::nullopt;
}

std::vector<std::string_view> comma_items(std::string_view text) {
  std::vector<std::string_view> items;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = trim(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

std::optional<std::vector<std::string>> normalize_hosts(std::string_view text) {
  std::vector<std::string> hosts;
  for (std::string_view item : comma_items(text)) {
    std::optional<std::string> host = normalize_host(item);
    if (!host) return std::nullopt;
    if (std::find(hosts.begin(), hosts.end(), *host) == hosts.end()) hosts.push_back(*host);
  }
  if (hosts.empty()) return std::nullopt;
  return hosts;
}

std::optional<std::string> normalize_fingerprints(std::string_view text) {
  std::string out;
  for (std::string_view item : comma_items(text)) {
    std::optional<std::string> pin = normalize_fingerprint(item);
    if (!pin) return std::nullopt;
    out += (out.empty() ? "" : ",") + *pin;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<std::vector<Config::SshNode>> parse_ssh_nodes(std::string_view text) {
  std::vector<Config::SshNode> nodes;
  for (std::string_view item : comma_items(text)) {
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    Config::SshNode node{std::string(trim(item.substr(0, eq))), "", 22};
    std::string_view where = trim(item.substr(eq + 1));
    std::string_view host = where;
    std::optional<std::string_view> port;
    if (where.starts_with("[")) {
      const std::size_t close = where.find(']');
      if (close == std::string_view::npos) return std::nullopt;
      host = where.substr(0, close + 1);
      if (close + 1 < where.size()) {
        if (where[close + 1] != ':') return std::nullopt;
        port = where.substr(close + 2);
      }
    } else if (std::count(where.begin(), where.end(), ':') == 1) {
      host = where.substr(0, where.find(':'));
      port = where.substr(where.find(':') + 1);
    }
    const bool name_ok =
        !node.node.empty() && std::all_of(node.node.begin(), node.node.end(), [](char c) {
          return is_alpha(c) || is_digit(c) || c == '-' || c == '.';
        });
    std::optional<std::string> normalized = normalize_host(host);
    if (!name_ok || !normalized) return std::nullopt;
    node.host = *normalized;
    if (port) {
      std::optional<int> number = parse_port(*port);
      if (!number) return std::nullopt;
      node.port = *number;
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

bool is_valid_ssh_user(std::string_view text) {
  return !text.empty() && text.size() <= 32 && (is_alpha(text.front()) || text.front() == '_') &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-'; });
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (const char c : text.substr(0, max)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  return text.size() > max ? out + "..." : out;
}

}  // namespace config
