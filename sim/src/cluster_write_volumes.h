// Shared by the snapshot, backup, disk and agent writes: guest lookup for writes, the disks a
// config references, volumes on storage, and starting a guest task.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// A disk or mount point a guest config references: qemu ideN/sataN/scsiN/virtioN/efidisk0/
// tpmstate0 (not CD-ROMs), lxc rootfs/mpN (not bind mounts), and unusedN when asked for.
struct GuestDisk {
  std::string key;    // "scsi0", "rootfs", "unused0"
  std::string volid;  // "local-lvm:vm-100-disk-0"
};
std::vector<GuestDisk> guest_disks(const Guest& guest, bool with_unused);
// Every volume the guest's config sections (current, pending, snapshots) name: disks, unused
// disks, cloud-init drives and vmstate volumes (what destroying the guest frees).
std::set<std::string> guest_referenced_volumes(const Guest& guest);
// The config key that holds `key`'s volume ("scsi0" → "local-lvm:vm-100-disk-0,size=32G").
bool is_guest_disk_key(GuestType type, const std::string& key);

// "local-lvm:vm-100-disk-0" → "local-lvm"; "" when there is no storage prefix.
std::string volid_storage(const std::string& volid);
// "local-lvm:vm-100-disk-0" → "vm-100-disk-0".
std::string volid_name(const std::string& volid);
// The volume `volid` on the pool `node` sees, or nullptr.
Volume* find_volume(ClusterState& state, const std::string& node, const std::string& volid);
// Removes `volid` from its pool; false when it was not there.
bool remove_volume(ClusterState& state, const std::string& node, const std::string& volid);
// Free bytes of `storage` as `node` sees it (0 when unknown).
std::int64_t storage_free(const ClusterState& state, const std::string& node,
                          const std::string& storage);
// Whether the storage can snapshot this volume (thin LVM, ZFS, RBD, or qcow2 files).
bool volume_supports_snapshot(const ClusterState& state, const std::string& volid);

// Where a file-based storage lives: its `path` option, or /mnt/pve/<id> for network storages.
std::string storage_path(const StorageDef& storage);

// "32G" as PVE prints disk sizes in configs: the largest unit that divides evenly.
std::string format_disk_size(std::int64_t bytes);

// The guest `vmid` of `type` on the request's node, or nullptr (then `vmid` is still parsed
// when possible so the caller can name it in its error).
Guest* find_request_guest(ClusterState& state, const ApiRequest& request, GuestType type);
long long request_vmid(const ApiRequest& request);

// "VM" / "CT": how AbstractConfig names the guest in "VM is locked (backup)".
const char* guest_kind(GuestType type);

// Starts a task on the request's node by the request's user with the model's task duration.
std::string start_request_task(ClusterState& state, const ApiRequest& request,
                               const std::string& type, const std::string& id,
                               const std::string& exitstatus, std::vector<std::string> log,
                               std::function<void()> on_finish = {});

// A guest task that fails at once with `message` (checks PVE makes inside its worker).
ApiResponse failed_guest_task(ClusterState& state, const ApiRequest& request,
                              const std::string& type, const std::string& message,
                              std::vector<std::string> log = {});

// Runtime transitions the writes here need (rollback, backup in stop/suspend mode).
void stop_guest_runtime(Guest& guest);
void start_guest_runtime(Guest& guest, std::int64_t now_ms);

}  // namespace pvesim
