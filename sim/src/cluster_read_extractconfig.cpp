// GET /nodes/{node}/vzdump/extractconfig: the guest config a backup archive carries, as the text
// `vma config` (qemu-server.conf) or `tar -xOf … ./etc/vzdump/pct.conf` prints it.
//
// As PVE::API2::VZDump::extractconfig: check_volume_access without a VMID, then VM.Backup on the
// archive's owner, then PVE::Storage::extract_vzdump_config (abs_filesystem_path, archive_info,
// the archive type); on a PBS storage PBSPlugin::extract_vzdump_config.
#include <algorithm>
#include <regex>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "pbs_backup.h"

namespace pvesim {
namespace {

// Storage types whose volumes are plain files, so abs_filesystem_path finds them (-f).
bool file_based(const StorageDef& storage) {
  static const std::vector<std::string> kTypes = {"dir",    "nfs",       "cifs",
                                                  "cephfs", "glusterfs", "btrfs"};
  return std::find(kTypes.begin(), kTypes.end(), storage.type) != kTypes.end();
}

// qemu-server's valid_drive_names order (ide, scsi, virtio, sata, efidisk0, tpmstate0), in
// which vzdump walks the disks and writes their #qmdump#map lines.
std::pair<int, int> drive_rank(const std::string& key) {
  static const std::vector<std::string> kBuses = {"ide",  "scsi",    "virtio",
                                                  "sata", "efidisk", "tpmstate"};
  for (std::size_t i = 0; i < kBuses.size(); ++i) {
    if (key.rfind(kBuses[i], 0) == 0 && key.size() > kBuses[i].size() &&
        std::isdigit(static_cast<unsigned char>(key[kBuses[i].size()]))) {
      return {static_cast<int>(i), std::stoi(key.substr(kBuses[i].size()))};
    }
  }
  return {static_cast<int>(kBuses.size()), 0};
}

// PVE::VZDump::QemuServer::assemble: the config section without unusedN (and without lock and
// parent, which backup_guest_config already dropped), then one
// "#qmdump#map:<dev>:drive-<dev>:<storage>:<format>:" line per disk in the backup.
std::string qemu_archive_config(ClusterState& state, const std::string& node, const Json& config) {
  static const std::regex kUnused("^unused\\d+$");
  Guest guest;
  guest.type = GuestType::kQemu;
  for (const auto& [key, value] : config.items()) {
    if (!std::regex_match(key, kUnused)) guest.config[key] = value;
  }
  std::vector<GuestDisk> disks = guest_disks(guest, false);
  std::stable_sort(disks.begin(), disks.end(), [](const GuestDisk& a, const GuestDisk& b) {
    return drive_rank(a.key) < drive_rank(b.key);
  });
  std::string text = guest_config_text(guest);
  for (const auto& disk : disks) {
    const std::string value = config_value_text(guest.config[disk.key]);
    if (property_value(value, "backup") == std::optional<std::string>("0")) continue;
    const Volume* volume = find_volume(state, node, disk.volid);
    text += "#qmdump#map:" + disk.key + ":drive-" + disk.key + ":" + volid_storage(disk.volid) +
            ":" + (volume != nullptr ? volume->format : "raw") + ":\n";
  }
  return text;
}

// PBSPlugin::extract_vzdump_config: `proxmox-backup-client restore <snapshot> qemu-server.conf|
// pct.conf -`.
ApiResponse pbs_snapshot_config(ClusterState& state, const std::string& node,
                                const StorageDef& storage, const Volume& volume) {
  const std::optional<Json> config = backup_guest_config(state, volume);
  if (!config) {
    const std::string file = volume.format == "pbs-ct" ? "pct.conf" : "qemu-server.conf";
    return ApiResponse::error(
        500, pbs_client_failure(
                 storage, "restore " + volid_name(volume.volid).substr(7) + " " + file + " -") +
                 "\n");
  }
  if (volume.format == "pbs-vm") return ApiResponse::ok(qemu_archive_config(state, node, *config));
  Guest container;
  container.type = GuestType::kLxc;
  container.config = *config;
  return ApiResponse::ok(guest_config_text(container));
}

}  // namespace

ApiResponse get_vzdump_extractconfig(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const std::string volid = param_string(request, "volume").value_or("");
  if (auto denied = check_volume_access(state, request, 0, volid, "")) return *denied;
  const std::string storage_id = volid_storage(volid);
  if (!storage_id.empty()) {
    // parse_volname's owner; a volume without one makes the check run on "/vms/".
    const int owner = volume_owner(volid_name(volid));
    const std::string owner_path = owner != 0 ? "/vms/" + std::to_string(owner) : "/vms";
    if (!state.access.has_privilege(request.auth_id, owner_path, "VM.Backup")) {
      return permission_denied(owner_path, "VM.Backup");
    }
  }

  const StorageDef* storage = state.find_storage(storage_id);
  const Volume* volume = find_volume(state, node, volid);
  if (storage != nullptr && storage->type == "pbs" && volume != nullptr) {
    return pbs_snapshot_config(state, node, *storage, *volume);
  }
  if (storage == nullptr || volume == nullptr || !file_based(*storage) ||
      volume->format == "subvol") {
    return ApiResponse::error(500, "can't find file '" + volid + "'\n");
  }
  const std::string path = volume_file_path(state, volid);
  static const std::regex kArchive(
      "^vzdump-(lxc|openvz|qemu)-.+\\.(tgz$|tar|vma)(?:\\.(gz|lzo|zst|bz2))?$");
  std::smatch m;
  const std::string filename = path.substr(path.rfind('/') + 1);
  if (!std::regex_match(filename, m, kArchive)) {
    return ApiResponse::error(500, "ERROR: couldn't determine archive info from '" + path + "'\n");
  }
  const std::string type = m[1];
  const std::string format = m[2];
  const bool compressed = m[3].matched || format == "tgz";

  const std::optional<Json> config = backup_guest_config(state, *volume);
  if (type != "qemu" || format != "vma") {
    if (!config) return ApiResponse::error(500, "ERROR: archive contains no configuration file\n");
    if (type == "qemu") return ApiResponse::ok(qemu_archive_config(state, node, *config));
    Guest container;  // PVE::VZDump::LXC::assemble writes pct.conf with write_pct_config
    container.type = GuestType::kLxc;
    container.config = *config;
    return ApiResponse::ok(guest_config_text(container));
  }
  if (!config) {
    const std::string missing = "unable to find configuration data 'qemu-server.conf'";
    return ApiResponse::error(
        500, compressed ? "Failed to extract config from VMA archive: " + missing + "\n"
                        : "command 'vma config " + path + "' failed: exit code 255\n");
  }
  return ApiResponse::ok(qemu_archive_config(state, node, *config));
}

}  // namespace pvesim
