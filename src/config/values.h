// Parsers for single setting values. Each returns std::nullopt for a value it rejects; the
// rule texts that go into error messages sit next to them so the two cannot drift apart.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace config {

// `text` without leading and trailing blanks (spaces, tabs, line breaks): a value pasted from a
// file or a web page.
std::string_view trim(std::string_view text);

// true/false/1/0/yes/no, any case.
inline constexpr const char* kBoolRule = "true or false (also 1/0, yes/no)";
std::optional<bool> parse_bool(std::string_view text);

inline constexpr const char* kPortRule = "an integer 1-65535";
std::optional<int> parse_port(std::string_view text);

// Seconds, an integer or a decimal with up to 3 places, greater than 0 and at most 3600.
inline constexpr const char* kSecondsRule = "a number of seconds greater than 0 and at most 3600";
std::optional<long> parse_seconds_as_ms(std::string_view text);

// Accepts "AB:CD:…" as the Proxmox UI shows it, lower case, the 64 hex digits without colons,
// and openssl's "sha256 Fingerprint=AB:CD:…" line (surrounding blanks ignored); returns the
// canonical upper-case colon form the API client pins with.
inline constexpr const char* kFingerprintRule =
    "a SHA-256 fingerprint: 32 colon-separated hex bytes as the Proxmox UI shows it (AB:CD:...), "
    "or several separated by commas";
std::optional<std::string> normalize_fingerprint(std::string_view text);
// Several, separated by commas (each node of a cluster has its own), joined by ',' canonical.
std::optional<std::string> normalize_fingerprints(std::string_view text);

// A hostname, IPv4 or IPv6 address (brackets are removed). Rejects URLs and anything that
// could change the meaning of https://HOST:PORT/.
inline constexpr const char* kHostRule = "a hostname or IP address (no https:// and no port)";
std::optional<std::string> normalize_host(std::string_view text);
// The comma-separated items of `text`, trimmed (trim()), empty ones left out.
std::vector<std::string_view> comma_items(std::string_view text);

// Several nodes of one cluster, separated by commas, each as above; the first given first, each
// once.
inline constexpr const char* kHostsRule =
    "a hostname or IP address (no https:// and no port), or several separated by commas";
std::optional<std::vector<std::string>> normalize_hosts(std::string_view text);

// PROXMOX_SSH_NODES: node=host[:port] items separated by commas (IPv6 in brackets with a port).
inline constexpr const char* kSshNodesRule =
    "node=host[:port] items separated by commas, e.g. pve1=10.0.0.11,pve2=[fd00::2]:2222";
std::optional<std::vector<Config::SshNode>> parse_ssh_nodes(std::string_view text);

// A login name on the nodes: a letter or '_', then letters, digits, '_', '-'.
inline constexpr const char* kSshUserRule = "a user name, e.g. root";
bool is_valid_ssh_user(std::string_view text);

// user@realm, as Proxmox names users; '!' or '=' would corrupt the token header.
inline constexpr const char* kUserRule = "user@realm, e.g. root@pam";
bool is_valid_user(std::string_view text);

// The token id alone, as Proxmox allows it: a letter, then letters, digits, '.', '-', '_'.
inline constexpr const char* kTokenNameRule =
    "the token id alone, e.g. mcpserver (letters, digits, '.', '-', '_')";
bool is_valid_token_name(std::string_view text);

// `text` made fit to echo on one line: control characters as '?', at most `max` characters and
// "..." after a cut. Redact a secret first: a cut or altered one would no longer match.
std::string printable(std::string_view text, std::size_t max);

// A secret that can go into an HTTP header: printable ASCII, no blanks.
bool is_valid_token_secret(std::string_view text);

// --http: "PORT", "ADDR:PORT" or "[IPv6]:PORT"; an address literal (no name to resolve), the
// port 0-65535 (0: any free port, which the log names).
inline constexpr const char* kListenRule =
    "PORT or ADDR:PORT with an IP address, e.g. 8080, 127.0.0.1:8080 or [::1]:8080";
std::optional<HttpListen> parse_listen(std::string_view text);

// True for 127.0.0.0/8 and ::1: only this machine can connect.
bool is_loopback_address(std::string_view address);

inline constexpr const char* kWorkersRule = "an integer 1-256";
std::optional<int> parse_workers(std::string_view text);

inline constexpr const char* kLogLevelRule = "debug, info, warning or error";
std::optional<LogLevel> parse_log_level(std::string_view text);

}  // namespace config
