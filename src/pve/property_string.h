// Proxmox property strings ("virtio=BC:24:11:AA:BB:CC,bridge=vmbr0"): parse, edit, format,
// validate.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pve {

// A malformed property string, or a value that may not go into one; what() says which part.
class PropertyStringError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The key=value list Proxmox uses inside config values (net0, scsi0, rootfs, mp0 …), in order.
// Parsing follows PVE::JSONSchema::parse_property_string: parts are split on ',', a part is
// split on its first '=' (so values read from Proxmox may contain '='), empty parts are
// skipped, and one part without '=' is the value of the default key ("local-lvm:vm-100-disk-0"
// is volume=…). Values set through set() are held to is_safe_value(), so nothing new can be
// smuggled in.
class PropertyString {
 public:
  struct Entry {
    std::string key;
    std::string value;
    bool operator==(const Entry&) const = default;
  };

  PropertyString() = default;
  explicit PropertyString(std::string default_key) : default_key_(std::move(default_key)) {}

  // Throws PropertyStringError: a part with an empty key or value, a duplicate key, a bare
  // value when there is no default key or the default key is already set.
  static PropertyString parse(std::string_view text, std::string_view default_key = {});

  [[nodiscard]] const std::string& default_key() const { return default_key_; }
  [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> get(std::string_view key) const;

  // Replaces the value in place, or appends the entry. Throws PropertyStringError when the key
  // is not a plain key ([A-Za-z0-9_-], as in PVE formats) or the value is not is_safe_value().
  void set(std::string_view key, std::string_view value);
  // Renames a key where it stands, keeping its value (a NIC model change keeps its MAC).
  // Throws PropertyStringError when `from` is absent or `to` is already present or not a key.
  void rename(std::string_view from, std::string_view to);
  // Removes the key; false when it was not there.
  bool erase(std::string_view key);

  // "k=v,k=v"; the default key's value is written bare when it comes first.
  [[nodiscard]] std::string format() const;

 private:
  std::vector<Entry>::iterator find(std::string_view key);
  [[nodiscard]] std::vector<Entry>::const_iterator find(std::string_view key) const;

  std::string default_key_;
  std::vector<Entry> entries_;
};

// ---- Values: what may go into a property string, in PVE's own formats ----

// Non-empty, at most 4096 bytes, and no ',' '=' or control character (C0, DEL).
bool is_safe_value(std::string_view value);
// "BC:24:11:AA:BB:CC": six hex pairs, unicast (I/G bit clear) as PVE's mac-addr format wants.
bool is_mac_address(std::string_view text);
// 802.1Q VLAN id that PVE accepts as `tag`: 1..4094.
bool is_vlan_tag(std::int64_t tag);
// pve-bridge-id ([-_.A-Za-z0-9]) and a Linux interface name (at most 15 characters).
bool is_bridge_name(std::string_view text);
// Plain addresses (gateway formats ipv4 / ipv6).
bool is_ipv4(std::string_view text);
bool is_ipv6(std::string_view text);
// Address/prefix as PVE's cidrv4 (prefix 8..32) and cidrv6 (prefix 8..128) formats.
bool is_ipv4_cidr(std::string_view text);
bool is_ipv6_cidr(std::string_view text);
// pve-ipv4-config: dhcp | manual | IPv4/CIDR; pve-ipv6-config: auto | dhcp | manual | IPv6/CIDR.
bool is_ipv4_config(std::string_view text);
bool is_ipv6_config(std::string_view text);
// The QEMU NIC models of qemu-server ("virtio", "e1000", …), from the API schema.
std::span<const std::string_view> qemu_nic_models();
bool is_qemu_nic_model(std::string_view text);
// A new volume's size in GiB as in STORAGE:SIZE: digits with an optional fraction, above 0.
bool is_new_volume_size(std::string_view text);
// The `size` of …/resize: [+]digits[.digits][K|M|G|T] ('+' grows by that much).
bool is_resize_size(std::string_view text);
// A mount point path inside a container (pve-lxc-mp-string): absolute, no "." or ".."
// component, and is_safe_value().
bool is_container_path(std::string_view text);

// Whole-string checks for config values a caller supplies (create_vm's net0, create_lxc's
// net0). nullopt when Proxmox would accept it and nothing is smuggled in; otherwise one
// sentence naming the bad part. Unknown keys are refused, so every value is checked.
std::optional<std::string> qemu_net_problem(std::string_view text);
std::optional<std::string> lxc_net_problem(std::string_view text);

}  // namespace pve
