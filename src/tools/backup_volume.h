// Backup volume IDs ("local:backup/vzdump-qemu-100-….vma.zst"): parsing, and the one vzdump wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tools {

struct BackupVolume {
  std::string storage;  // "local"
  std::string name;     // after "backup/": "vzdump-qemu-100-….vma.zst" or PBS "vm/100/2026-…"
};

// "<storage-id>:backup/<name>", with a name free of control characters, empty or "." / ".."
// segments; nullopt for anything else (an ISO, a template, a disk image, a bare file name).
std::optional<BackupVolume> parse_backup_volid(std::string_view volid);

// "qemu" or "lxc" as the archive name tells (vzdump-qemu-…, vzdump-lxc-…, vzdump-openvz-…,
// PBS vm/… and ct/…); "" when it does not say.
std::string backup_guest_type(std::string_view name);

// The guest ID the archive name carries (vzdump-qemu-100-…, vm/100/…), or nothing.
std::optional<std::int64_t> backup_guest_id(std::string_view name);

// The volume a vzdump task wrote, from its log:
//   "INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-qemu-100-….vma.zst'"
//     → "<storage>:backup/vzdump-qemu-100-….vma.zst"
//   "INFO: creating Proxmox Backup Server archive 'vm/100/2026-11-26T10:00:00Z'"
//     → "<storage>:backup/vm/100/2026-11-26T10:00:00Z"
// nullopt when the log names no archive.
std::optional<std::string> volid_from_vzdump_log(const std::vector<std::string>& lines,
                                                 std::string_view storage);

}  // namespace tools
