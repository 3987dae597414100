// GET and POST /nodes/{node}/qemu/{vmid}/migrate, as qemu-server's migrate_vm_precondition and
// migrate_vm (API2/Qemu.pm) with the worker of QemuMigrate.pm (task qmigrate): the API refuses
// a local or unknown target, a locked VM and a running one without `online`; the worker's
// prepare and scan_local_volumes refuse local devices, an unreachable target, local cdrom
// images, snapshots on local storage and (live) attached local disks without with-local-disks.
#include <algorithm>
#include <regex>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_migrate.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

bool is_unused_key(const std::string& key) {
  static const std::regex kUnused("^unused\\d+$");
  return std::regex_match(key, kUnused);
}

// check_local_resources: devices that tie the VM to this node (mapped devices not modelled).
std::vector<std::string> local_resources(const Json& config) {
  static const std::regex kLocal("^(usb|hostpci|serial|parallel|virtiofs)\\d+$");
  std::vector<std::string> out;
  for (const auto& [key, value] : config.items()) {
    const std::string text = config_value_text(value);
    if (!std::regex_match(key, kLocal)) continue;
    if (key.rfind("usb", 0) == 0 &&
        property_value(text, "host") == std::optional<std::string>("spice"))
      continue;
    if (key.rfind("serial", 0) == 0 && text == "socket") continue;
    out.push_back(key);
  }
  return out;
}

// The outcome of scan_local_volumes: what the worker copies, the lines it logs, and whether a
// problem aborts the migration.
struct VolumeScan {
  std::vector<MigratedVolume> volumes;
  std::vector<std::string> log;
  bool failed = false;
};

// test_volid for the drive `key` = `text`: "" when it migrates, else why not.
std::string volume_problem(ClusterState& state, const Guest& guest, const std::string& key,
                           const std::string& text, bool with_local_disks) {
  const std::string volid = text.substr(0, text.find(','));
  const bool cloudinit = volid.find("-cloudinit") != std::string::npos;
  if (volid.front() == '/') return "local file/device";
  if (property_value(text, "media") == std::optional<std::string>("cdrom") && !cloudinit) {
    return "local cdrom image";
  }
  if (referenced_in_snapshot(guest, volid)) {
    if (guest.running)
      return "online storage migration not possible if non-replicated snapshot exists";
    const StorageDef* def = state.find_storage(volid_storage(volid));
    const Volume* volume = find_volume(state, guest.node, volid);
    const bool qcow2 = volume != nullptr && volume->format == "qcow2";
    if (def == nullptr || (def->type != "zfspool" && !qcow2))
      return "non-migratable snapshot exists";
  }
  const bool attached = !is_unused_key(key) && !cloudinit && key != "tpmstate0";
  if (attached && guest.running && !with_local_disks) {
    return "can't live migrate attached local disks without with-local-disks option";
  }
  return "";
}

VolumeScan scan_local_volumes(ClusterState& state, const Guest& guest, const StorageMap& map,
                              bool with_local_disks) {
  VolumeScan scan;
  std::vector<std::string> problems;
  for (const auto& [key, value] : guest.config.items()) {
    if (!is_guest_disk_key(GuestType::kQemu, key) && !is_unused_key(key)) continue;
    const std::string text = config_value_text(value);
    const std::string volid = text.substr(0, text.find(','));
    if (volid == "none" || volid.empty()) continue;
    if (volid == "cdrom") {
      problems.push_back("can't migrate local cdrom drive");
      scan.failed = true;
      continue;
    }
    const StorageDef* def = state.find_storage(volid_storage(volid));
    if (def != nullptr && def->shared) continue;
    const bool cloudinit = volid.find("-cloudinit") != std::string::npos;
    if (cloudinit || key == "tpmstate0") {
      scan.log.push_back("found generated disk '" + volid + "' (in current VM config)");
    } else {
      scan.log.push_back("found local disk '" + volid + "' (" +
                         (is_unused_key(key) ? "unused" : "attached") + ")");
    }
    const std::string problem = volume_problem(state, guest, key, text, with_local_disks);
    if (!problem.empty()) {
      problems.push_back("can't migrate local disk '" + volid + "': " + problem);
      scan.failed = true;
      continue;
    }
    scan.volumes.push_back({text, map.map(volid_storage(volid)), cloudinit});
  }
  for (auto& line : scan.log) line = migration_line(state, line);
  for (const auto& problem : problems) scan.log.push_back(migration_line(state, problem));
  return scan;
}

// check_storage_availability: the storages of the drives that `target` does not have.
std::vector<std::string> unavailable_storages(const ClusterState& state, const Guest& guest,
                                              const std::string& target) {
  std::vector<std::string> out;
  for (const auto& [key, value] : guest.config.items()) {
    if (!is_guest_disk_key(GuestType::kQemu, key)) continue;
    const std::string text = config_value_text(value);
    const std::string storage = volid_storage(text.substr(0, text.find(',')));
    if (!storage.empty() && state.pool(target, storage) == nullptr &&
        std::find(out.begin(), out.end(), storage) == out.end()) {
      out.push_back(storage);
    }
  }
  return out;
}

// QemuMigrate's prepare and phase 1, run when the API checks passed.
ApiResponse run_qemu_migration(ClusterState& state, const ApiRequest& request, Guest& guest,
                               const StorageMap& map) {
  const std::string target = param_string(request, "target").value_or("");
  const Node* node = state.find_node(target);
  const bool online = guest.running;
  std::vector<std::string> blocking = local_resources(guest.config);
  if (!blocking.empty() && !param_bool(request, "force", false)) {
    std::string list;
    for (const auto& key : blocking) list += (list.empty() ? "" : ", ") + key;
    return abort_migration(state, request, GuestType::kQemu, {},
                           "can't migrate VM which uses local devices: " + list);
  }
  if (!node->online) {
    return abort_migration(state, request, GuestType::kQemu, {},
                           "Can't connect to destination address using public key");
  }
  Migration migration{GuestType::kQemu, guest.vmid, target, {}, online, false, {}};
  migration.log.push_back(migration_line(state, "starting migration of VM " +
                                                    std::to_string(guest.vmid) + " to node '" +
                                                    target + "' (" + node->ip + ")"));
  VolumeScan scan =
      scan_local_volumes(state, guest, map, param_bool(request, "with-local-disks", false));
  migration.log.insert(migration.log.end(), scan.log.begin(), scan.log.end());
  if (scan.failed) {
    const std::string error = "Problem found while scanning volumes - can't migrate VM - check log";
    migration.log.push_back(migration_line(state, error, true));
    migration.log.push_back(migration_line(state, "aborting phase 1 - cleanup resources"));
    return abort_migration(state, request, GuestType::kQemu, std::move(migration.log), error);
  }
  migration.volumes = std::move(scan.volumes);
  return start_migration(state, request, std::move(migration));
}

// The size of a local volume for the precondition answer: the drive's size=, else the volume's.
std::int64_t volume_bytes(ClusterState& state, const Guest& guest, const std::string& text) {
  if (auto size = property_value(text, "size")) return parse_size(*size).value_or(0);
  const Volume* volume = find_volume(state, guest.node, text.substr(0, text.find(',')));
  return volume != nullptr ? volume->size : 0;
}

}  // namespace

ApiResponse post_qemu_migrate(ClusterState& state, const ApiRequest& request) {
  if (auto refused = check_migrate_target(state, request)) return *refused;
  const bool root = request.auth_id == "root@pam";
  if (param_bool(request, "force", false) && !root) {
    return param_error("force", "Only root may use this option.");
  }
  for (const char* root_only : {"migration_type", "migration_network"}) {
    if (param_string(request, root_only) && !root) {
      return param_error(root_only, "Only root may use this option.");
    }
  }
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  if (guest == nullptr) return config_missing(GuestType::kQemu, node, request_vmid(request));
  if (const std::string lock = guest_lock(*guest); !lock.empty()) {
    return ApiResponse::error(500, "VM is locked (" + lock + ")\n");
  }
  if (guest->running && !param_bool(request, "online", false)) {
    return ApiResponse::error(500, "can't migrate running VM without --online\n");
  }
  auto mapped = migrate_storage_map(state, request, "targetstorage");
  if (auto* refused = std::get_if<ApiResponse>(&mapped)) return std::move(*refused);
  const StorageMap& map = std::get<StorageMap>(mapped);
  if (map.identity) {
    const std::string target = param_string(request, "target").value_or("");
    if (auto missing = unavailable_storages(state, *guest, target); !missing.empty()) {
      return ApiResponse::error(
          500, "storage '" + missing.front() + "' is not available on node '" + target + "'\n");
    }
  }
  return run_qemu_migration(state, request, *guest, map);
}

ApiResponse get_qemu_migrate(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  if (guest == nullptr) return config_missing(GuestType::kQemu, node, request_vmid(request));
  if (const std::string lock = guest_lock(*guest); !lock.empty()) {
    return ApiResponse::error(500, "VM is locked (" + lock + ")\n");
  }
  Json answer = {{"running", flag(guest->running)},
                 {"allowed_nodes", Json::array()},
                 {"not_allowed_nodes", Json::object()},
                 {"local_disks", Json::array()},
                 {"local_resources", local_resources(guest->config)},
                 {"mapped-resources", Json::array()},
                 {"mapped-resource-info", Json::object()},
                 {"has-dbus-vmstate", 1}};
  for (const Node& other : state.nodes) {
    if (other.name == node) continue;
    if (auto missing = unavailable_storages(state, *guest, other.name); !missing.empty()) {
      std::sort(missing.begin(), missing.end());
      answer["not_allowed_nodes"][other.name] = {{"unavailable_storages", missing}};
    } else {
      answer["allowed_nodes"].push_back(other.name);
    }
  }
  for (const auto& [key, value] : guest->config.items()) {
    if (!is_guest_disk_key(GuestType::kQemu, key) && !is_unused_key(key)) continue;
    const std::string text = config_value_text(value);
    const std::string volid = text.substr(0, text.find(','));
    const StorageDef* def = state.find_storage(volid_storage(volid));
    if (volid == "none" || (def != nullptr && def->shared)) continue;
    const bool cdrom = property_value(text, "media") == std::optional<std::string>("cdrom");
    Json disk = {{"volid", volid},
                 {"size", volume_bytes(state, *guest, text)},
                 {"cdrom", flag(cdrom)},
                 {"is_unused", flag(is_unused_key(key))}};
    if (!is_unused_key(key)) {
      disk["is_attached"] = 1;
      disk["drivename"] = key;
    }
    answer["local_disks"].push_back(disk);
  }
  return ApiResponse::ok(answer);
}

}  // namespace pvesim
