// Shared by the qemu and lxc migrate handlers (cluster_write_migrate_qemu.cpp,
// cluster_write_migrate_lxc.cpp): the checks both make before forking, the storage map, and the
// worker that copies a guest's local volumes to the target node and moves the guest there.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// PVE::JSONSchema::parse_idmap of `targetstorage` / `target-storage`: "1" keeps every storage,
// "src:dst" maps one, a lone id maps every other one.
struct StorageMap {
  std::map<std::string, std::string> entries;
  std::string fallback;
  bool identity = true;
  std::string map(const std::string& storage) const;  // PVE::JSONSchema::map_id
};

// migrate_vm's first checks: the target is another node of the cluster.
std::optional<ApiResponse> check_migrate_target(const ClusterState& state,
                                                const ApiRequest& request);

// The request's storage map from `param`, each target storage checked on the target node as
// $check_storage_access_migrate does (and VM.Config.Disk for a real map); or the first refusal.
std::variant<StorageMap, ApiResponse> migrate_storage_map(const ClusterState& state,
                                                          const ApiRequest& request,
                                                          const std::string& param);

// A local volume the worker copies: its config value ("local-lvm:vm-102-disk-1,size=64G") and
// the storage it goes to on the target.
struct MigratedVolume {
  std::string value;
  std::string storage;
  bool cloudinit = false;
};

// A migration whose checks passed. `log` holds the scan's lines; the worker adds the copies.
struct Migration {
  GuestType type = GuestType::kQemu;
  int vmid = 0;
  std::string target;
  std::vector<MigratedVolume> volumes;
  bool online = false;   // qemu: the VM keeps running on the target
  bool restart = false;  // lxc: the CT is shut down here and started on the target
  std::vector<std::string> log;
};

// Whether a snapshot section of `guest` names `volid` (foreach_volid's referenced_in_snapshot).
bool referenced_in_snapshot(const Guest& guest, const std::string& volid);

// "2026-11-26 00:00:00 text", or with `error` "… ERROR: text", as AbstractMigrate logs.
std::string migration_line(const ClusterState& state, const std::string& text, bool error = false);

// Starts the worker (qmigrate / vzmigrate): copies the volumes now; when the task ends the
// guest, with its config rewritten to the new volumes, is on the target and the old volumes
// are gone. A failed copy aborts the migration instead.
ApiResponse start_migration(ClusterState& state, const ApiRequest& request, Migration migration);

// A worker that dies in prepare or phase 1 with `error`: `log`, then "migration aborted".
ApiResponse abort_migration(ClusterState& state, const ApiRequest& request, GuestType type,
                            std::vector<std::string> log, const std::string& error);

}  // namespace pvesim
