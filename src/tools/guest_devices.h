// Device keys in a guest config (disk slots, mount points, NICs, unused volumes) and their values.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/args.h"

namespace tools::devices {

// "prefix" followed by a number min..max written without leading zeros: scsi0..scsi30.
bool is_numbered(std::string_view key, std::string_view prefix, int max);

bool is_qemu_disk(std::string_view key);   // ide0-3, sata0-5, scsi0-30, virtio0-15
bool is_mountpoint(std::string_view key);  // mp0-255
bool is_unused(std::string_view key);      // unused0-255
bool is_net(std::string_view key);         // net0-31 (qemu and lxc)
bool is_lxc_volume(std::string_view key);  // rootfs, mp0-255

inline constexpr std::string_view kQemuDiskSlots = "scsi0-30, virtio0-15, sata0-5 or ide0-3";

using KeyFilter = std::function<bool(std::string_view)>;
// A guest's volumes: a VM's disks, a container's rootfs and mount points; or those and unusedN.
KeyFilter volume_keys(GuestType type);
KeyFilter volume_or_unused_keys(GuestType type);
// Whether `key` holds a volume of the guest: a disk or mount point, an unusedN, or a VM's
// efidisk0 or tpmstate0 (volumes the disk tools leave alone).
bool holds_volume(GuestType type, std::string_view key);

// The config keys `valid` accepts, in natural order (scsi2 before scsi10), comma-separated;
// "none" when there are none. For "its disks are: scsi0, unused0".
std::string keys_list(const nlohmann::json& config, const KeyFilter& valid);
std::vector<std::string> keys(const nlohmann::json& config, const KeyFilter& valid);

// The volume of a disk or mount point value: "local-lvm:vm-100-disk-0,size=32G" → its first
// part. Empty when the value cannot be read.
std::string volume_of(std::string_view value);
// "local-lvm:vm-100-disk-0" → "local-lvm"; empty for a path or device ("/dev/sdb").
std::string storage_of(std::string_view volume);
// The value's size=… option in bytes ("32G", "512M", "1.5T", "8192K", or bytes without unit).
std::optional<double> size_bytes(std::string_view size);
std::optional<double> size_of(std::string_view value);
// The unusedN key whose value is `volume`, or "" when none holds it.
std::string unused_holding(const nlohmann::json& config, std::string_view volume);
// A config value as text ("" when missing).
std::string value(const nlohmann::json& config, std::string_view key);

}  // namespace tools::devices
