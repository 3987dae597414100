// Bringing pending changes into effect: all of them (stopped guest, start), or only the
// hotpluggable ones (running guest), after qemu-server's and pve-container's
// vmconfig_apply_pending / vmconfig_hotplug_pending.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cluster_state.h"

namespace pvesim {

// Per config key, the text PVE collects in its $errors hash (raise_param_exc reports them).
using PendingErrors = std::map<std::string, std::string>;

// vmconfig_apply_pending: every pending delete and value. Disks deleted go to unusedN (qemu
// with a forced delete: destroyed), unusedN volumes are destroyed, a replaced disk's volume
// stays as unusedN; lxc mount points given as "storage:size" are allocated here. Allocation
// lines are appended to `log`.
PendingErrors apply_pending(ClusterState& state, Guest& guest, std::vector<std::string>& log);

// vmconfig_hotplug_pending for a running guest: the keys of `selection` (the ones the request
// touched) that can change live; the rest stays pending. qemu applies its fast-plug keys
// (name, description, tags, …) whatever the selection.
PendingErrors hotplug_pending(ClusterState& state, Guest& guest,
                              const std::set<std::string>& selection,
                              std::vector<std::string>& log);
PendingErrors hotplug_pending_qemu(ClusterState& state, Guest& guest,
                                   const std::set<std::string>& selection);

// "unused0", "unused12".
bool is_unused_key(const std::string& key);
// The volume a disk-like value ("local-lvm:vm-100-disk-0,size=32G") stores, or "" for
// CD-ROMs, "none", bind mounts and non-disk keys.
std::string disk_volume(GuestType type, const std::string& key, const Json& value);
// Whether a snapshot of `guest` still references `volid`.
bool used_in_snapshot(const Guest& guest, const std::string& volid);
// vmconfig_register_unused_drive / add_unused_volume: `volid` as the next unusedN, unless empty
// or already there.
void register_unused_volume(Guest& guest, const std::string& volid);
// Destroys the volume of unusedN `key` unless a snapshot still uses it; the key goes.
void destroy_unused(ClusterState& state, Guest& guest, const std::string& key);
// vmconfig_delete_or_detach_drive: the disk at `key` leaves the config; its volume becomes
// unusedN, or with `force` (qemu) is destroyed when no snapshot uses it.
void delete_or_detach_disk(ClusterState& state, Guest& guest, const std::string& key, bool force);
// The devices of the config's `boot: order=…` ("scsi0;ide2;net0" → scsi0, ide2, net0).
std::vector<std::string> boot_order(const Json& config);
// print_bootorder: "order=scsi0;net0".
std::string print_boot_order(const std::vector<std::string>& devices);
// get_bootdisks: the drives of the boot order, else the legacy `bootdisk`; QEMU refuses to
// unplug them ("can't unplug bootdisk 'scsi0'").
std::vector<std::string> boot_disks(const Json& config);

// write_vm_config's cleanup: unusedN entries whose volume a disk (current or pending) uses
// again go.
void drop_reused_unused(Guest& guest);
// Moves pending `key` into the config; a disk it replaces stays as unusedN.
void commit_pending_key(Guest& guest, const std::string& key);

}  // namespace pvesim
