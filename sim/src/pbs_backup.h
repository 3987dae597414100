// Proxmox Backup Server snapshots as PVE's PBSPlugin names and lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cluster_state.h"

namespace pvesim {

// The snapshot `type` `vmid` taken at `ctime` on PBS storage `storage_id`, as
// PBSPlugin::list_volumes reports it: volid "<storage>:backup/vm/100/2026-11-26T01:00:03Z"
// (print_volid: btype vm|ct, ISO time in UTC), format pbs-vm|pbs-ct, content backup.
Volume make_pbs_backup(const std::string& storage_id, GuestType type, int vmid, std::int64_t ctime,
                       std::int64_t size);

// "vm/100/2026-11-26T01:00:03Z": the snapshot's name on the datastore.
std::string pbs_snapshot_name(GuestType type, int vmid, std::int64_t ctime);

// "pve@pbs@192.168.1.60:tank": PBSClient::get_repository (username, server, port, datastore).
std::string pbs_repository(const StorageDef& storage);

// A failed `proxmox-backup-client <arguments>` as PBSPlugin's run_client_cmd reports it:
// "proxmox-backup-client failed: command '/usr/bin/proxmox-backup-client forget vm/100/…
// --repository pve@pbs@192.168.1.60:tank' failed: exit code 255".
std::string pbs_client_failure(const StorageDef& storage, const std::string& arguments);

// A PBS volume name split as PBSPlugin::parse_volname does
// (^backup/([^\s_]+)/([^\s_]+)/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$): "vm", "100",
// "2026-11-26T01:00:03Z"; nothing for any other name.
struct PbsVolname {
  std::string btype;
  std::string id;
  std::string time;
};
std::optional<PbsVolname> parse_pbs_volname(std::string_view name);

// Whether the volume is a PBS snapshot (format pbs-vm or pbs-ct).
bool is_pbs_backup(const Volume& volume);

// "qemu" / "lxc" for a PBS snapshot (list_volumes' `subtype`), "" for other volumes.
std::string pbs_subtype(const Volume& volume);

}  // namespace pvesim
