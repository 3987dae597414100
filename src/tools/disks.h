// Disk write tools: add, remove, resize and move VM disks and container volumes. A _vm/_lxc pair
// names its volume and checks it differently (disk vs mp, which slots exist), so each tool has
// its own argument struct; the pair's handler takes the struct both derive from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tools/common_args.h"
#include "tools/tool_row.h"
#include "tools/write_pipeline.h"

namespace tools {

// Allocating, copying and converting volumes can take minutes on slow storage.
inline constexpr std::int64_t kAllocateTimeout = 300;
inline constexpr std::int64_t kMoveTimeout = 900;

// A new volume's size in GiB as it goes into "storage:size". Models send it as a number (10,
// 0.5) or a string ("10", "10G", "1.5GiB"); either is read into the digits.
struct VolumeGiB {
  std::string text;
};
inline void to_json(nlohmann::json& out, const VolumeGiB& size) {
  out = size.text;
}

}  // namespace tools

namespace tools::typed {

template <>
struct Value<VolumeGiB> {
  static constexpr std::string_view kType = "string";
  static constexpr std::string_view kRule =
      "must be a positive number of GiB, such as 10 or \"0.5\"";
  static std::optional<VolumeGiB> read(const nlohmann::json& v);
};

Problem qemu_disk(const std::string& key);             // scsi0-30, virtio0-15, sata0-5, ide0-3
Problem qemu_disk_or_unused(const std::string& key);   // … or unused0-255
Problem mountpoint(const std::string& key);            // mp0-255
Problem mountpoint_or_unused(const std::string& key);  // … or unused0-255
Problem lxc_volume(const std::string& key);            // rootfs, mp0-255
Problem lxc_volume_or_unused(const std::string& key);  // … or unused0-255
Problem new_volume_size(const VolumeGiB& size);        // digits with an optional fraction, above 0
Problem grow_size(const std::string& size);            // +10G or 50G
Problem container_path(const std::string& path);       // absolute, no "." or "..", nothing smuggled

}  // namespace tools::typed

namespace tools {

// ---- add_disk_vm (disk) / add_mountpoint_lxc (mp, path) ----

struct NewVolume : GuestTaskArgs<kAllocateTimeout> {
  std::string slot;
  std::string storage;
  VolumeGiB size;
  std::string path;  // containers: where it is mounted

  template <class Slot, class... More>
  static auto fields_with(Slot slot, More... more) {
    return guest_task_fields<kAllocateTimeout>(
        slot, typed::storage(&NewVolume::storage),
        typed::field(&NewVolume::size, "size").about("GiB").checked(typed::new_volume_size),
        more...);
  }
};

struct AddDiskArgs : NewVolume {
  static auto fields() {
    return fields_with(typed::field(&NewVolume::slot, "disk")
                           .about("Free slot, e.g. scsi1")
                           .checked(typed::qemu_disk));
  }
};

struct AddMountpointArgs : NewVolume {
  static auto fields() {
    return fields_with(
        typed::field(&NewVolume::slot, "mp")
            .about("Free slot, e.g. mp0")
            .checked(typed::mountpoint),
        typed::field(&NewVolume::path, "path").about("e.g. /data").checked(typed::container_path));
  }
};

// ---- remove_disk_vm (disk) / remove_mountpoint_lxc (mp) ----

struct VolumeSlot : GuestTaskArgs<kAllocateTimeout> {
  std::string slot;
};

struct RemoveDiskArgs : VolumeSlot {
  static auto fields() {
    return guest_task_fields<kAllocateTimeout>(typed::field(&VolumeSlot::slot, "disk")
                                                   .about("e.g. scsi1 or unused0")
                                                   .checked(typed::qemu_disk_or_unused));
  }
};

struct RemoveMountpointArgs : VolumeSlot {
  static auto fields() {
    return guest_task_fields<kAllocateTimeout>(typed::field(&VolumeSlot::slot, "mp")
                                                   .about("e.g. mp0 or unused0")
                                                   .checked(typed::mountpoint_or_unused));
  }
};

// ---- resize_disk_vm / resize_disk_lxc ----

struct DiskGrowth : GuestTaskArgs<kAllocateTimeout> {
  std::string disk;
  std::string size;

  template <class Disk>
  static auto fields_with(Disk disk) {
    return guest_task_fields<kAllocateTimeout>(disk, typed::field(&DiskGrowth::size, "size")
                                                         .about("+10G adds, 50G sets")
                                                         .checked(typed::grow_size));
  }
};

struct ResizeDiskVmArgs : DiskGrowth {
  static auto fields() {
    return fields_with(
        typed::field(&DiskGrowth::disk, "disk").about("e.g. scsi0").checked(typed::qemu_disk));
  }
};

struct ResizeDiskLxcArgs : DiskGrowth {
  static auto fields() {
    return fields_with(
        typed::field(&DiskGrowth::disk, "disk").about("rootfs or mpN").checked(typed::lxc_volume));
  }
};

// ---- move_disk_vm / move_disk_lxc ----

struct DiskMove : GuestTaskArgs<kMoveTimeout> {
  std::string disk;
  std::string storage;
  bool remove_source = true;  // `delete`: with it (the default) the source is destroyed once copied

  template <class Disk>
  static auto fields_with(Disk disk) {
    return guest_task_fields<kMoveTimeout>(disk, typed::storage(&DiskMove::storage),
                                           typed::field(&DiskMove::remove_source, "delete")
                                               .about("Delete the source")
                                               .or_default(true));
  }
};

struct MoveDiskVmArgs : DiskMove {
  static auto fields() {
    return fields_with(typed::field(&DiskMove::disk, "disk")
                           .about("e.g. scsi0 or unused0")
                           .checked(typed::qemu_disk_or_unused));
  }
};

struct MoveDiskLxcArgs : DiskMove {
  static auto fields() {
    return fields_with(typed::field(&DiskMove::disk, "disk")
                           .about("rootfs, mpN or unusedN")
                           .checked(typed::lxc_volume_or_unused));
  }
};

// The argument that names the volume, and its key in structuredContent: `mp` for containers.
inline std::string_view volume_argument(GuestType type) {
  return type == GuestType::kLxc ? "mp" : "disk";
}

// The answer of a tool that adds or removes a volume, up to its slot: shown as "Mount Point" or
// "Disk", in the field its argument is named by.
inline WriteReport volume_report(const GuestTarget& guest, const std::string& slot,
                                 const OutcomeTitles& titles) {
  WriteReport report{.titles = titles, .facts = guest_facts(guest)};
  report.facts.push_back(fact(guest.type == GuestType::kLxc ? "Mount Point" : "Disk", slot,
                              std::string(volume_argument(guest.type)), slot));
  return report;
}

mcp::ToolResult add_volume(const Call& call, const NewVolume& args);
mcp::ToolResult remove_volume(const Call& call, const VolumeSlot& args);
mcp::ToolResult resize_volume(const Call& call, const DiskGrowth& args);
mcp::ToolResult move_volume(const Call& call, const DiskMove& args);

extern const std::string_view kAddVolumeOutput;
extern const std::string_view kRemoveVolumeOutput;
extern const std::string_view kResizeVolumeOutput;
extern const std::string_view kMoveVolumeOutput;

}  // namespace tools
