// The rules of the disk and network tools' arguments: which slots a guest type has, sizes,
// mount paths, NIC options. Every value ends up in a Proxmox property string, so none may carry
// a ',' or '=' that would smuggle in another option.
#include <charconv>
#include <cmath>

#include "pve/property_string.h"
#include "tools/disks.h"
#include "tools/guest_devices.h"
#include "tools/network.h"

namespace tools::typed {
namespace {

namespace dev = devices;

Problem unless(bool valid, std::string_view rule) {
  if (valid) return std::nullopt;
  return std::string(rule);
}

Problem slot(bool valid, std::string_view expected) {
  return unless(valid, "must be " + std::string(expected));
}

std::string gib_text(double gib) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, gib);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace

std::optional<VolumeGiB> Value<VolumeGiB>::read(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return VolumeGiB{v.dump()};
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return VolumeGiB{gib_text(std::round(d * 1e6) / 1e6)};
  }
  if (!v.is_string()) return std::nullopt;
  std::string text = v.get<std::string>();
  for (std::string_view suffix : {"GiB", "GB", "G"}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.resize(text.size() - suffix.size());
      break;
    }
  }
  return VolumeGiB{text};
}

Problem qemu_disk(const std::string& key) {
  return slot(dev::is_qemu_disk(key), dev::kQemuDiskSlots);
}
Problem qemu_disk_or_unused(const std::string& key) {
  return slot(dev::is_qemu_disk(key) || dev::is_unused(key),
              std::string(dev::kQemuDiskSlots) + ", or unused0-255");
}
Problem mountpoint(const std::string& key) {
  return slot(dev::is_mountpoint(key), "mp0-255");
}
Problem mountpoint_or_unused(const std::string& key) {
  return slot(dev::is_mountpoint(key) || dev::is_unused(key),
              "mp0-255 or unused0-255 (the rootfs cannot be removed)");
}
Problem lxc_volume(const std::string& key) {
  return slot(dev::is_lxc_volume(key), "rootfs or mp0-255");
}
Problem lxc_volume_or_unused(const std::string& key) {
  return slot(dev::is_lxc_volume(key) || dev::is_unused(key), "rootfs, mp0-255 or unused0-255");
}

// Only digits and one '.' reach the "storage:size" value, so no option can be smuggled in.
Problem new_volume_size(const VolumeGiB& size) {
  if (pve::is_new_volume_size(size.text)) return std::nullopt;
  return std::string(Value<VolumeGiB>::kRule);
}

Problem grow_size(const std::string& size) {
  if (pve::is_resize_size(size)) return std::nullopt;
  return "must be like +10G (grow by 10 GiB) or 50G (grow to 50 GiB): a number with K, M, G or T";
}

Problem container_path(const std::string& path) {
  if (pve::is_container_path(path)) return std::nullopt;
  return "must be an absolute path inside the container such as /data, without '.' or '..' "
         "parts, ',' '=' or control characters";
}

// ---- network ----

Problem net_key(const std::string& key) {
  return unless(dev::is_net(key), "must be net0-31");
}

Problem bridge_name(const std::string& text) {
  return unless(pve::is_bridge_name(text),
                "must be a bridge name such as vmbr0 (letters, digits, '-', '_' or '.', at most "
                "15 characters)");
}

Problem interface_name(const std::string& text) {
  return unless(pve::is_bridge_name(text),
                "must be an interface name such as eth1 (at most 15 characters)");
}

Problem mac_address(const std::string& text) {
  return unless(pve::is_mac_address(text),
                "must be a unicast MAC address such as BC:24:11:AA:BB:CC");
}

// Not advertised as an enum: the list is long, and every tool listing stays short.
Problem qemu_nic_model(const std::string& text) {
  if (pve::is_qemu_nic_model(text)) return std::nullopt;
  std::string list;
  for (std::string_view model : pve::qemu_nic_models())
    list += (list.empty() ? "" : ", ") + std::string(model);
  return "must be one of: " + list;
}

Problem ipv4_config(const std::string& text) {
  return unless(pve::is_ipv4_config(text),
                "must be dhcp, manual or an IPv4 address with prefix such as 192.168.1.100/24");
}

Problem ipv4_address(const std::string& text) {
  return unless(pve::is_ipv4(text), "must be an IPv4 address such as 192.168.1.1");
}

Problem ipv6_config(const std::string& text) {
  return unless(pve::is_ipv6_config(text),
                "must be auto, dhcp, manual or an IPv6 address with prefix such as fd00::5/64");
}

Problem ipv6_address(const std::string& text) {
  return unless(pve::is_ipv6(text), "must be an IPv6 address such as fd00::1");
}

}  // namespace tools::typed
