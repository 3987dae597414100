// Shared by guest create, restore and clone: VMID availability, volume access checks, disks
// copied to new volumes, fresh MAC addresses and the config lock a new guest holds.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_state.h"
#include "cluster_write_guests.h"

namespace pvesim {

// Parameters of POST /nodes/{node}/qemu (create, and restore from an archive) that steer the
// creation rather than becoming config keys.
inline const std::vector<std::string> kQemuCreateControls = {
    "archive", "storage", "force", "unique", "pool", "start", "live-restore", "bwlimit"};

// PVE::Cluster::check_vmid_unused: "" when no guest has `vmid`, else
// "VM 100 already exists on node 'pve1'" ("CT 101 …" for a container).
std::string vmid_taken_text(const ClusterState& state, int vmid);

// The content type PVE::Storage::parse_volname reads from a volume name:
// "local:iso/x.iso" → iso, "…:vztmpl/…" → vztmpl, "…:backup/…" → backup, else images.
std::string volume_content_type(const std::string& volid);

// The owner VMID PVE::Storage::parse_volname reads from a volume name ("vm-100-disk-0",
// "backup/vzdump-qemu-100-…"); 0 for none.
int volume_owner(const std::string& volname);

// Datastore.AllocateSpace on the request's `storage` when it names one (qemu create and
// restore): nullopt when allowed, else the 403.
std::optional<ApiResponse> check_target_storage(const ClusterState& state,
                                                const ApiRequest& request);

// PVE::Storage::check_volume_access of `volid` for guest `vmid`, expecting `content`:
// nullopt when allowed, else PVE's answer (500 wrong content type, 403 missing privilege).
std::optional<ApiResponse> check_volume_access(const ClusterState& state, const ApiRequest& request,
                                               int vmid, const std::string& volid,
                                               const std::string& content);

// raise_perm_exc(): 403 "Permission check failed" without details.
ApiResponse permission_check_failed();

// The VM.Allocate check of qemu/lxc create and restore: on /vms/{vmid}, or on /pool/{pool}
// when the request names a pool.
bool may_allocate_guest(const ClusterState& state, const ApiRequest& request, int vmid);

// A copy of the disk `value` ("local-lvm:vm-100-disk-0,iothread=1,size=32G") as a new volume of
// guest `vmid` on `storage` ("" = the storage it is on now): full clones and restores.
DiskAllocation copy_disk(ClusterState& state, const std::string& node, GuestType type, int vmid,
                         const std::string& value, const std::string& storage);

// A cloud-init drive for guest `vmid`: a new 4 MiB volume "vm-<vmid>-cloudinit" on `storage`
// ("" = the storage `value` names), keeping `value`'s options; always a cdrom ("media=cdrom").
DiskAllocation allocate_cloudinit(ClusterState& state, const std::string& node, int vmid,
                                  const std::string& value, const std::string& storage);

// netN with a newly generated MAC address (clones, restores with unique=1).
std::string with_new_mac(GuestType type, const std::string& net);

// Removes `volids` from the storages of `node`: a failed worker frees what it allocated.
void free_volumes(ClusterState& state, const std::string& node,
                  const std::vector<std::string>& volids);

// The config `volume` (a backup) restores: the one vzdump stored, or for archives without one
// (the seeds') the current config of the guest the archive belongs to; nullopt when neither.
std::optional<Json> backup_guest_config(const ClusterState& state, const Volume& volume);

// create_and_lock_config: a new guest whose config holds only `lock` (create, clone) while its
// worker runs; an existing guest of that VMID just gets the lock.
void lock_new_guest(ClusterState& state, GuestType type, int vmid, const std::string& node,
                    const std::string& lock);

// The last step of a create or restore worker, run when its task ends: the guest gets
// `config` (and no snapshots), joins the request's `pool` (add_vm_to_pool) and starts when
// `start` is set.
std::function<void()> write_new_config(ClusterState& state, const ApiRequest& request, int vmid,
                                       Json config, bool start);

// The config keys a create request sets, typed, excluding `controls` and the disk keys.
// Disk keys land in `disks` (in request order) for the caller to allocate.
Json create_config_of(const ApiRequest& request, GuestType type,
                      const std::vector<std::string>& controls,
                      std::vector<std::pair<std::string, std::string>>& disks);

// The config a restore starts from: `backup` without what belongs to the old guest's life
// (lock, parent, unusedN, snapshot state).
Json restorable_config(const Json& backup);

// template_create: the volume `volid` becomes a base volume ("…:vm-106-disk-0" →
// "…:base-106-disk-0"); returns the new volume id.
std::string make_base_volume(ClusterState& state, const std::string& node,
                             const std::string& volid);

// The path of a file volume as PVE prints it in task logs: "local:vztmpl/x.tar.zst" →
// "/var/lib/vz/template/cache/x.tar.zst", "local:backup/x" → "/var/lib/vz/dump/x".
std::string volume_file_path(const ClusterState& state, const std::string& volid);

// POST /nodes/{node}/qemu with `archive` (cluster_write_restore_qemu.cpp).
ApiResponse restore_qemu(ClusterState& state, const ApiRequest& request);

}  // namespace pvesim
