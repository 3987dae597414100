#include "pve/property_string.h"

#include "pve/api_enums.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <functional>
#include <map>
#include <regex>

namespace pve {
namespace {

bool is_key(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// A bounded non-negative integer written in decimal, as PVE's integer properties take it.
std::optional<std::int64_t> small_integer(std::string_view text) {
  if (!is_digits(text) || text.size() > 9) return std::nullopt;
  std::int64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

bool matches(std::string_view text, const std::regex& re) {
  return std::regex_match(text.begin(), text.end(), re);
}

bool is_boolean_text(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  static const std::array<std::string_view, 8> kWords = {"1",   "0",  "on",   "off",
                                                         "yes", "no", "true", "false"};
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

bool in_range(std::string_view text, std::int64_t min, std::int64_t max) {
  auto n = small_integer(text);
  return n && *n >= min && *n <= max;
}

bool is_rate(std::string_view text) {
  static const std::regex re(R"(\d{1,9}(\.\d{1,9})?)");
  return text.size() <= 19 && matches(text, re);
}

// "10;20-30": VLAN ids (or ranges, when `ranges`) separated by ';'. Written by hand so that
// a long value never meets the recursive std::regex matcher.
bool is_trunks(std::string_view text, bool ranges) {
  if (text.empty() || text.size() > 4096) return false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t semi = text.find(';', start);
    if (semi == std::string_view::npos) semi = text.size();
    std::string_view item = text.substr(start, semi - start);
    std::size_t dash = ranges ? item.find('-') : std::string_view::npos;
    if (dash == std::string_view::npos) {
      if (!small_integer(item)) return false;
    } else if (!small_integer(item.substr(0, dash)) || !small_integer(item.substr(dash + 1))) {
      return false;
    }
    start = semi + 1;
  }
  return true;
}

bool is_interface_name(std::string_view text) {
  static const std::regex re(R"([-_.A-Za-z0-9]{1,15})");
  return text.size() <= 15 && matches(text, re);
}

bool cidr(std::string_view text, bool (*address)(std::string_view), std::int64_t max_prefix) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  auto prefix = small_integer(text.substr(slash + 1));
  return address(text.substr(0, slash)) && prefix && *prefix >= 8 && *prefix <= max_prefix;
}

using ValueCheck = std::function<bool(std::string_view)>;
struct KeyRule {
  ValueCheck check;
  const char* expected;  // what a valid value looks like, for the error sentence
};

std::optional<std::string> check_entries(const PropertyString& ps,
                                         const std::map<std::string_view, KeyRule>& rules,
                                         std::string_view what) {
  for (const auto& e : ps.entries()) {
    auto rule = rules.find(e.key);
    if (rule == rules.end()) {
      return std::string(what) + ": unknown option '" + e.key + "'";
    }
    if (!is_safe_value(e.value) || !rule->second.check(e.value)) {
      return std::string(what) + ": '" + e.key + "' must be " + rule->second.expected;
    }
  }
  return std::nullopt;
}

const std::map<std::string_view, KeyRule>& common_nic_rules() {
  static const std::map<std::string_view, KeyRule> rules = {
      {"bridge", {is_bridge_name, "a bridge name such as vmbr0"}},
      {"firewall", {is_boolean_text, "0 or 1"}},
      {"link_down", {is_boolean_text, "0 or 1"}},
      {"tag", {[](std::string_view v) { return in_range(v, 1, 4094); }, "a VLAN id 1-4094"}},
      {"rate", {is_rate, "a rate in MB/s such as 12.5"}},
  };
  return rules;
}

// parse() skips a part that is only blanks: "a=1,,b=2" and "a=1, ,b=2" are two entries.
bool is_blank(std::string_view part) {
  return std::all_of(part.begin(), part.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

PropertyString PropertyString::parse(std::string_view text, std::string_view default_key) {
  PropertyString ps{std::string(default_key)};
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    start = comma + 1;
    if (is_blank(part)) continue;
    std::size_t eq = part.find('=');
    Entry entry;
    if (eq == std::string_view::npos) {
      if (default_key.empty()) {
        throw PropertyStringError("value '" + std::string(part) + "' has no key");
      }
      entry = {std::string(default_key), std::string(part)};
    } else {
      entry = {std::string(part.substr(0, eq)), std::string(part.substr(eq + 1))};
      if (entry.key.empty() || entry.value.empty()) {
        throw PropertyStringError("'" + std::string(part) + "' is not key=value");
      }
    }
    if (ps.has(entry.key)) throw PropertyStringError("duplicate key '" + entry.key + "'");
    ps.entries_.push_back(std::move(entry));
  }
  return ps;
}

std::vector<PropertyString::Entry>::iterator PropertyString::find(std::string_view key) {
  return std::find_if(entries_.begin(), entries_.end(),
                      [&](const Entry& e) { return e.key == key; });
}

std::vector<PropertyString::Entry>::const_iterator PropertyString::find(
    std::string_view key) const {
  return std::find_if(entries_.begin(), entries_.end(),
                      [&](const Entry& e) { return e.key == key; });
}

bool PropertyString::has(std::string_view key) const {
  return find(key) != entries_.end();
}

std::optional<std::string> PropertyString::get(std::string_view key) const {
  auto it = find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->value;
}

void PropertyString::set(std::string_view key, std::string_view value) {
  if (!is_key(key)) throw PropertyStringError("'" + std::string(key) + "' is not an option name");
  if (!is_safe_value(value)) {
    throw PropertyStringError("the value for '" + std::string(key) +
                              "' must be non-empty without ',', '=' or control characters");
  }
  auto it = find(key);
  if (it != entries_.end()) {
    it->value = std::string(value);
  } else {
    entries_.push_back({std::string(key), std::string(value)});
  }
}

void PropertyString::rename(std::string_view from, std::string_view to) {
  if (from == to) return;
  auto it = find(from);
  if (it == entries_.end()) throw PropertyStringError("no option '" + std::string(from) + "'");
  if (!is_key(to)) throw PropertyStringError("'" + std::string(to) + "' is not an option name");
  if (has(to)) throw PropertyStringError("duplicate key '" + std::string(to) + "'");
  it->key = std::string(to);
}

bool PropertyString::erase(std::string_view key) {
  auto it = find(key);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::string PropertyString::format() const {
  std::string out;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (i > 0) out += ',';
    // Bare, a value holding '=' would read back as a key of its own, a blank one as nothing.
    if (i == 0 && !default_key_.empty() && e.key == default_key_ && !is_blank(e.value) &&
        e.value.find('=') == std::string::npos) {
      out += e.value;
    } else {
      out += e.key + "=" + e.value;
    }
  }
  return out;
}

bool is_safe_value(std::string_view value) {
  if (value.empty() || value.size() > 4096) return false;
  return std::none_of(value.begin(), value.end(),
                      [](char c) { return c == ',' || c == '=' || is_control(c); });
}

bool is_mac_address(std::string_view text) {
  static const std::regex re(R"([0-9a-fA-F][02468aceACE](:[0-9a-fA-F]{2}){5})");
  return text.size() == 17 && matches(text, re);
}

bool is_vlan_tag(std::int64_t tag) {
  return tag >= 1 && tag <= 4094;
}

bool is_bridge_name(std::string_view text) {
  return is_interface_name(text);
}

bool is_ipv4(std::string_view text) {
  if (text.empty() || text.size() > 15) return false;
  std::string s(text);
  in_addr out{};
  return inet_pton(AF_INET, s.c_str(), &out) == 1;
}

bool is_ipv6(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  std::string s(text);
  in6_addr out{};
  return inet_pton(AF_INET6, s.c_str(), &out) == 1;
}

bool is_ipv4_cidr(std::string_view text) {
  return cidr(text, is_ipv4, 32);
}

bool is_ipv6_cidr(std::string_view text) {
  return cidr(text, is_ipv6, 128);
}

bool is_ipv4_config(std::string_view text) {
  return text == "dhcp" || text == "manual" || is_ipv4_cidr(text);
}

bool is_ipv6_config(std::string_view text) {
  return text == "auto" || text == "dhcp" || text == "manual" || is_ipv6_cidr(text);
}

std::span<const std::string_view> qemu_nic_models() {
  return api_enums::kQemuNicModels;
}

bool is_qemu_nic_model(std::string_view text) {
  auto models = qemu_nic_models();
  return std::find(models.begin(), models.end(), text) != models.end();
}

bool is_new_volume_size(std::string_view text) {
  static const std::regex re(R"(\d{1,9}(\.\d{1,6})?)");
  if (text.size() > 16 || !matches(text, re)) return false;
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '1' && c <= '9'; });
}

bool is_resize_size(std::string_view text) {
  static const std::regex re(R"(\+?\d{1,15}(\.\d{1,6})?[KMGT]?)");
  return text.size() <= 24 && matches(text, re);
}

bool is_container_path(std::string_view text) {
  if (!is_safe_value(text) || text.front() != '/') return false;
  std::size_t start = 1;
  while (start <= text.size()) {
    std::size_t slash = text.find('/', start);
    if (slash == std::string_view::npos) slash = text.size();
    std::string_view component = text.substr(start, slash - start);
    if (component == "." || component == "..") return false;
    start = slash + 1;
  }
  return true;
}

std::optional<std::string> qemu_net_problem(std::string_view text) {
  constexpr std::string_view kWhat = "network device";
  PropertyString ps;
  try {
    ps = PropertyString::parse(text, "model");
  } catch (const PropertyStringError& e) {
    return std::string(kWhat) + ": " + e.what();
  }
  // "virtio=MAC" is model=virtio plus macaddr=MAC (qemu-server's keyAlias/alias pair).
  std::map<std::string_view, KeyRule> rules = common_nic_rules();
  rules.emplace("model", KeyRule{is_qemu_nic_model, "a NIC model such as virtio or e1000"});
  rules.emplace("macaddr", KeyRule{is_mac_address, "a unicast MAC such as BC:24:11:AA:BB:CC"});
  rules.emplace(
      "mtu", KeyRule{[](std::string_view v) { return in_range(v, 1, 65520); }, "an MTU 1-65520"});
  rules.emplace("queues", KeyRule{[](std::string_view v) { return in_range(v, 0, 64); },
                                  "a queue count 0-64"});
  rules.emplace("trunks", KeyRule{[](std::string_view v) { return is_trunks(v, true); },
                                  "VLAN ids separated by ';' such as 10;20-30"});
  int models = 0;
  bool mac = ps.has("macaddr");
  for (auto model : qemu_nic_models()) {
    if (ps.has(model)) {
      ++models;
      if (mac) return std::string(kWhat) + ": the MAC is given twice";
      rules.emplace(model, KeyRule{is_mac_address, "a unicast MAC such as BC:24:11:AA:BB:CC"});
    }
  }
  if (ps.has("model")) ++models;
  if (models != 1) {
    return std::string(kWhat) + ": exactly one model is needed, such as 'virtio,bridge=vmbr0'";
  }
  return check_entries(ps, rules, kWhat);
}

std::optional<std::string> lxc_net_problem(std::string_view text) {
  constexpr std::string_view kWhat = "container network device";
  PropertyString ps;
  try {
    ps = PropertyString::parse(text);
  } catch (const PropertyStringError& e) {
    return std::string(kWhat) + ": " + e.what();
  }
  if (!ps.has("name")) {
    return std::string(kWhat) + ": 'name' is required, such as 'name=eth0,bridge=vmbr0,ip=dhcp'";
  }
  std::map<std::string_view, KeyRule> rules = common_nic_rules();
  rules.emplace("name", KeyRule{is_interface_name, "an interface name such as eth0"});
  rules.emplace("hwaddr", KeyRule{is_mac_address, "a unicast MAC such as BC:24:11:AA:BB:CC"});
  rules.emplace("ip", KeyRule{is_ipv4_config, "dhcp, manual or an IPv4/CIDR such as 10.0.0.5/24"});
  rules.emplace("ip6", KeyRule{is_ipv6_config, "auto, dhcp, manual or an IPv6/CIDR"});
  rules.emplace("gw", KeyRule{is_ipv4, "an IPv4 address"});
  rules.emplace("gw6", KeyRule{is_ipv6, "an IPv6 address"});
  rules.emplace("host-managed", KeyRule{is_boolean_text, "0 or 1"});
  rules.emplace(
      "mtu", KeyRule{[](std::string_view v) { return in_range(v, 64, 65535); }, "an MTU 64-65535"});
  rules.emplace("trunks", KeyRule{[](std::string_view v) { return is_trunks(v, false); },
                                  "VLAN ids separated by ';' such as 10;20"});
  rules.emplace("type", KeyRule{[](std::string_view v) { return v == "veth"; }, "veth"});
  return check_entries(ps, rules, kWhat);
}

}  // namespace pve
