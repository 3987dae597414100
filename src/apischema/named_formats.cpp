// Validators transcribed from pve-common (JSONSchema.pm), pve-access-control, pve-storage and
// qemu-server; the regexes and messages are upstream's.
#include "apischema/named_formats.h"

#include <arpa/inet.h>

#include <functional>
#include <map>
#include <regex>

namespace apischema {

namespace {

using Validator = std::function<std::optional<std::string>(const std::string&)>;

bool full_match(const std::string& value, const char* pattern) {
  // Built per call site once (static in callers would need one per pattern); cache by pointer.
  static thread_local std::map<const char*, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    it = cache
             .emplace(pattern, std::regex(pattern, std::regex::ECMAScript |
                                                       std::regex_constants::__polynomial))
             .first;
  }
  return std::regex_match(value, it->second);
}

bool is_ipv4(const std::string& v) {
  // PVE's IPV4RE: four octets, no leading zeros.
  return full_match(v,
                    "((25[0-5]|(2[0-4]|1[0-9]|[1-9])?[0-9])\\.){3}"
                    "(25[0-5]|(2[0-4]|1[0-9]|[1-9])?[0-9])");
}

bool is_ipv6(const std::string& v) {
  in6_addr addr{};
  return v.find('%') == std::string::npos && inet_pton(AF_INET6, v.c_str(), &addr) == 1;
}

bool is_dns_name(const std::string& v) {
  return full_match(v,
                    "(([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)\\.)*"
                    "([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)");
}

bool is_cidr(const std::string& v, bool v4) {
  const auto slash = v.find('/');
  if (slash == std::string::npos) return false;
  const std::string ip = v.substr(0, slash);
  const std::string bits = v.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || !full_match(bits, "[0-9]+")) return false;
  const int n = std::stoi(bits);
  return v4 ? (is_ipv4(ip) && n > 7 && n <= 32) : (is_ipv6(ip) && n > 7 && n <= 128);
}

std::optional<std::string> fail_unless(bool ok, std::string message) {
  if (ok) return std::nullopt;
  return message + "\n";
}

bool is_volume_id(const std::string& v) {
  return full_match(v, "[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]:[\\s\\S]+");
}

using Validators = std::map<std::string, Validator>;

// Names and IDs: guests, nodes, storages, bridges, users, pools, tags, interfaces.
Validators identifier_formats() {
  return {
      {"pve-vmid",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[1-9][0-9]{2,8}"),
                            "value does not look like a valid VM ID");
       }},
      {"pve-node",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?"),
                            "value does not look like a valid node name");
       }},
      {"pve-configid",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-zA-Z][a-zA-Z0-9_-]+"),
                            "invalid configuration ID '" + v + "'");
       }},
      {"pve-storage-id",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]"),
                            "storage ID '" + v + "' contains illegal characters");
       }},
      {"pve-bridge-id",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[-_.\\w\\d]+"), "invalid bridge ID '" + v + "'");
       }},
      {"urlencoded",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[-%a-zA-Z0-9_.!~*'()]*"),
                            "invalid urlencoded string: " + v);
       }},
      {"pve-tag",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-zA-Z0-9_][a-zA-Z0-9_\\-+.]*"),
                            "invalid characters in tag");
       }},
      {"pve-iface",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-zA-Z][a-zA-Z0-9_]{1,20}([:.][0-9]+)?"),
                            "invalid network interface name '" + v + "'");
       }},
      {"pve-userid",
       [](const std::string& v) -> std::optional<std::string> {
         if (v.size() < 3) return "user name '" + v + "' is too short\n";
         if (v.size() > 64) {
           return "user name '" + v + "' is too long (" + std::to_string(v.size()) + " > 64)\n";
         }
         return fail_unless(full_match(v, "[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+"),
                            "value '" + v + "' does not look like a valid user name");
       }},
      {"pve-ha-resource-or-vm-id",
       [](const std::string& v) {
         return fail_unless(full_match(v, "([a-z]+:)?\\S+"),
                            "value does not look like a valid ha resource id");
       }},
      {"pve-poolid",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[A-Za-z0-9_\\-.]+(/[A-Za-z0-9_\\-.]+){0,2}"),
                            "pool name '" + v + "' contains illegal characters");
       }},
  };
}

// Addresses: MAC, IP, CIDR, the ipconfig values, DNS names.
Validators network_formats() {
  return {
      {"mac-addr",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[a-fA-F0-9][02468aceACE](:[a-fA-F0-9]{2}){5}"),
                            "value does not look like a valid unicast MAC address");
       }},
      {"ipv4",
       [](const std::string& v) {
         return fail_unless(is_ipv4(v), "value does not look like a valid IPv4 address");
       }},
      {"ipv6",
       [](const std::string& v) {
         return fail_unless(is_ipv6(v), "value does not look like a valid IPv6 address");
       }},
      {"ip",
       [](const std::string& v) {
         return fail_unless(is_ipv4(v) || is_ipv6(v),
                            "value does not look like a valid IP address");
       }},
      {"CIDRv4",
       [](const std::string& v) {
         return fail_unless(is_cidr(v, true), "value does not look like a valid IPv4 CIDR network");
       }},
      {"CIDRv6",
       [](const std::string& v) {
         return fail_unless(is_cidr(v, false),
                            "value does not look like a valid IPv6 CIDR network");
       }},
      {"CIDR",
       [](const std::string& v) {
         return fail_unless(is_cidr(v, true) || is_cidr(v, false),
                            "value does not look like a valid CIDR network");
       }},
      {"pve-ipv4-config",
       [](const std::string& v) {
         return fail_unless(v == "dhcp" || v == "manual" || is_cidr(v, true),
                            "value does not look like a valid ipv4 network configuration");
       }},
      {"pve-ipv6-config",
       [](const std::string& v) {
         return fail_unless(v == "auto" || v == "dhcp" || v == "manual" || is_cidr(v, false),
                            "value does not look like a valid ipv6 network configuration");
       }},
      {"dns-name",
       [](const std::string& v) {
         return fail_unless(is_dns_name(v), "value does not look like a valid DNS name");
       }},
      {"address",
       [](const std::string& v) {
         return fail_unless(is_ipv4(v) || is_ipv6(v) || is_dns_name(v),
                            "value does not look like a valid address: " + v);
       }},
  };
}

// Plain strings, volumes, disk sizes and option values.
Validators value_formats() {
  return {
      {"string", [](const std::string&) { return std::optional<std::string>(); }},
      {"disk-size",
       [](const std::string& v) {
         return fail_unless(full_match(v, "[0-9]+(\\.[0-9]+)?[KMGT]?"),
                            "value does not look like a valid disk size: " + v);
       }},
      {"pve-volume-id",
       [](const std::string& v) {
         return fail_unless(is_volume_id(v), "unable to parse volume ID '" + v + "'");
       }},
      {"pve-volume-id-or-absolute-path",
       [](const std::string& v) {
         return fail_unless(v.starts_with("/") || is_volume_id(v),
                            "unable to parse volume ID '" + v + "'");
       }},
      {"pve-volume-id-or-qm-path",
       [](const std::string& v) {
         return fail_unless(v == "none" || v == "cdrom" || v.starts_with("/") || is_volume_id(v),
                            "unable to parse volume ID '" + v + "'");
       }},
      {"pve-startup-order",
       [](const std::string& v) {
         bool ok = !v.empty() && v != "0";
         for (const auto& part : split_pve_list(v)) {
           ok = ok && full_match(part, "(order=)?[0-9]+|up=[0-9]+|down=[0-9]+");
         }
         return fail_unless(ok, "unable to parse startup options");
       }},
      {"pve-task-status-type",
       [](const std::string& v) {
         return fail_unless(full_match(v,
                                       "[oO][kK]|[eE][rR][rR][oO][rR]|[wW][aA][rR][nN][iI][nN]"
                                       "[gG]|[uU][nN][kK][nN][oO][wW][nN]"),
                            "invalid status '" + v + "'");
       }},
  };
}

const Validators& validators() {
  static const Validators kValidators = [] {
    Validators all = identifier_formats();
    all.merge(network_formats());
    all.merge(value_formats());
    return all;
  }();
  return kValidators;
}

}  // namespace

std::vector<std::string> split_pve_list(const std::string& text) {
  std::vector<std::string> out;
  if (text.find('\0') != std::string::npos) {
    size_t i = 0;
    while (i <= text.size()) {
      size_t j = text.find('\0', i);
      if (j == std::string::npos) j = text.size();
      out.push_back(text.substr(i, j - i));
      i = j + 1;
    }
    return out;
  }
  std::string cur;
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::optional<std::string> check_named_format(const std::string& format, const std::string& value) {
  std::string name = format;
  std::string kind;
  for (const char* suffix : {"-list", "-opt"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.ends_with(s)) {
      kind = s;
      name.resize(name.size() - s.size());
      break;
    }
  }
  const auto& all = validators();
  auto it = all.find(name);
  if (it == all.end()) return std::nullopt;
  if (kind == "-list") {
    for (const auto& item : split_pve_list(value)) {
      if (auto err = it->second(item)) return err;
    }
    return std::nullopt;
  }
  if (kind == "-opt" && (value.empty() || value == "0")) return std::nullopt;
  return it->second(value);
}

}  // namespace apischema
