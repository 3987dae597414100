// The parts of migrate_vm qemu-server and pve-container share (see cluster_write_migrate.h):
// the target checks of the API handlers, parse_idmap and $check_storage_access_migrate, and the
// worker as AbstractMigrate runs it (sync_offline_local_volumes / storage_migrate, then the
// config moving to the target node's directory).
#include "cluster_write_migrate.h"

#include <functional>

#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"
#include "time_text.h"

namespace pvesim {
namespace {

// PVE::JSONSchema::parse_idmap; its die texts become the refusal.
std::variant<StorageMap, std::string> parse_storage_map(const std::string& text) {
  StorageMap map;
  bool identity = false;
  for (const std::string& entry : split_list(text)) {
    const auto colon = entry.find(':');
    if (entry == "1") {
      identity = true;
    } else if (colon != std::string::npos) {
      const std::string source = entry.substr(0, colon);
      if (map.entries.count(source) != 0) return "duplicate mapping for source '" + source + "'";
      map.entries[source] = entry.substr(colon + 1);
    } else {
      if (!map.fallback.empty()) return std::string("default target ID can only be provided once");
      map.fallback = entry;
    }
  }
  if (identity && (!map.fallback.empty() || !map.entries.empty())) {
    return std::string("identity mapping cannot be combined with other mappings");
  }
  map.identity = identity;
  return map;
}

// $check_storage_access_migrate for `storage` on `target`.
std::optional<ApiResponse> check_storage_access(const ClusterState& state,
                                                const ApiRequest& request,
                                                const std::string& storage,
                                                const std::string& target) {
  const StorageDef* def = state.find_storage(storage);
  if (def == nullptr) return ApiResponse::error(500, "storage '" + storage + "' does not exist\n");
  if (state.pool(target, storage) == nullptr) {
    return ApiResponse::error(
        500, "storage '" + storage + "' is not available on node '" + target + "'\n");
  }
  if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                  "Datastore.AllocateSpace")) {
    return permission_denied("/storage/" + storage, "Datastore.AllocateSpace");
  }
  for (const auto& content : def->content) {
    if (content == "images") return std::nullopt;
  }
  return ApiResponse::error(500, "storage '" + storage + "' does not support vm images\n");
}

// Rewrites every value of `section` that names a moved volume.
void rename_volumes(Json& section, const std::map<std::string, std::string>& moved) {
  for (auto& [key, value] : section.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    const std::string volid = text.substr(0, text.find(','));
    if (auto it = moved.find(volid); it != moved.end()) {
      value = it->second + text.substr(volid.size());
    }
  }
}

// Applied when the worker ends: the guest's config is on the target, naming the copies; the
// source volumes are freed.
std::function<void()> finish_migration(ClusterState& state, int vmid, std::string source,
                                       std::string target, std::map<std::string, std::string> moved,
                                       bool restart) {
  return [&state, vmid, source, target, moved, restart] {
    auto it = state.guests.find(vmid);
    if (it == state.guests.end()) return;
    Guest& guest = it->second;
    guest.node = target;
    guest.config.erase("lock");
    rename_volumes(guest.config, moved);
    rename_volumes(guest.pending, moved);
    for (auto& snapshot : guest.snapshots) rename_volumes(snapshot.config, moved);
    for (const auto& [old_volid, copy] : moved) remove_volume(state, source, old_volid);
    if (restart) start_guest_runtime(guest, state.now_ms());
  };
}

// storage_migrate of one volume: a copy on the target, or the error text.
DiskAllocation copy_to_target(ClusterState& state, const std::string& source,
                              const Migration& migration, const MigratedVolume& volume) {
  std::string value = volume.value;
  const std::string volid = value.substr(0, value.find(','));
  const Volume* original = find_volume(state, source, volid);
  if (value.find(",size=") == std::string::npos && original != nullptr) {
    value += ",size=" + format_disk_size(original->size);
  }
  DiskAllocation copy = volume.cloudinit ? allocate_cloudinit(state, migration.target,
                                                              migration.vmid, value, volume.storage)
                                         : copy_disk(state, migration.target, migration.type,
                                                     migration.vmid, value, volume.storage);
  const std::string copied = copy.value.substr(0, copy.value.find(','));
  if (Volume* made = find_volume(state, migration.target, copied);
      made != nullptr && original != nullptr) {
    made->used = original->used;
  }
  return copy;
}

const char* worker_of(GuestType type) {
  return type == GuestType::kQemu ? "qmigrate" : "vzmigrate";
}

std::string duration_text(const ClusterState& state) {
  return hms(state.task_ms / 1000);
}

// The last line of the worker, written when the task ends.
std::string closing_line(const ClusterState& state, const std::string& text, bool error) {
  return utc_time((state.now_ms() + state.task_ms) / 1000, "%Y-%m-%d %H:%M:%S") +
         (error ? " ERROR: " : " ") + text;
}

}  // namespace

std::string StorageMap::map(const std::string& storage) const {
  if (auto it = entries.find(storage); it != entries.end()) return it->second;
  return fallback.empty() ? storage : fallback;
}

std::optional<ApiResponse> check_migrate_target(const ClusterState& state,
                                                const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const std::string target = param_string(request, "target").value_or("");
  if (target == node) return param_error("target", "target is local node.");
  if (state.find_node(target) == nullptr) {
    return ApiResponse::error(500, "no such cluster node '" + target + "'\n");
  }
  return std::nullopt;
}

std::variant<StorageMap, ApiResponse> migrate_storage_map(const ClusterState& state,
                                                          const ApiRequest& request,
                                                          const std::string& param) {
  const auto text = param_string(request, param);
  if (!text || text->empty()) return StorageMap{};
  auto parsed = parse_storage_map(*text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    return param_error(param, "failed to parse storage map: " + *error);
  }
  StorageMap map = std::get<StorageMap>(parsed);
  const std::string vm_path = "/vms/" + std::to_string(request_vmid(request));
  if (!map.identity && !state.access.has_privilege(request.auth_id, vm_path, "VM.Config.Disk")) {
    return permission_denied(vm_path, "VM.Config.Disk");
  }
  const std::string target = param_string(request, "target").value_or("");
  for (const auto& [source, storage] : map.entries) {
    if (auto refused = check_storage_access(state, request, storage, target)) return *refused;
  }
  if (!map.fallback.empty()) {
    if (auto refused = check_storage_access(state, request, map.fallback, target)) {
      return *refused;
    }
  }
  return map;
}

bool referenced_in_snapshot(const Guest& guest, const std::string& volid) {
  for (const auto& snapshot : guest.snapshots) {
    for (const auto& [key, value] : snapshot.config.items()) {
      const std::string text = config_value_text(value);
      if (text.substr(0, text.find(',')) == volid) return true;
    }
  }
  return false;
}

std::string migration_line(const ClusterState& state, const std::string& text, bool error) {
  return utc_time(state.now_ms() / 1000, "%Y-%m-%d %H:%M:%S") + (error ? " ERROR: " : " ") + text;
}

ApiResponse start_migration(ClusterState& state, const ApiRequest& request, Migration migration) {
  const std::string source = param_string(request, "node").value_or("");
  std::vector<std::string>& log = migration.log;
  if (!migration.volumes.empty()) log.push_back(migration_line(state, "copying local disk images"));
  std::map<std::string, std::string> moved;
  for (const auto& volume : migration.volumes) {
    const std::string volid = volume.value.substr(0, volume.value.find(','));
    DiskAllocation copy = copy_to_target(state, source, migration, volume);
    if (!copy.error.empty()) {
      std::vector<std::string> made;
      for (const auto& [old_volid, copied] : moved) made.push_back(copied);
      free_volumes(state, migration.target, made);
      return abort_migration(state, request, migration.type, std::move(log),
                             "storage migration for '" + volid + "' to storage '" + volume.storage +
                                 "' failed - " + copy.error);
    }
    for (const auto& line : copy.log) log.push_back(migration_line(state, line));
    const std::string copied = copy.value.substr(0, copy.value.find(','));
    log.push_back(
        migration_line(state, "volume '" + volid + "' is '" + copied + "' on the target"));
    moved[volid] = copied;
  }
  const std::string id = std::to_string(migration.vmid);
  if (migration.online) {
    log.push_back(migration_line(
        state, "starting online/live migration on unix:/run/qemu-server/" + id + ".migrate"));
    log.push_back(migration_line(state, "migration status: completed"));
  }
  if (migration.restart) {
    log.push_back(migration_line(state, "start container on target node"));
  }
  log.push_back(closing_line(
      state, "migration finished successfully (duration " + duration_text(state) + ")", false));
  Guest& guest = state.guests.at(migration.vmid);
  guest.config["lock"] = "migrate";
  if (migration.restart) stop_guest_runtime(guest);
  return ApiResponse::ok(
      start_request_task(state, request, worker_of(migration.type), id, "OK", std::move(log),
                         finish_migration(state, migration.vmid, source, migration.target,
                                          std::move(moved), migration.restart)));
}

ApiResponse abort_migration(ClusterState& state, const ApiRequest& request, GuestType type,
                            std::vector<std::string> log, const std::string& error) {
  log.push_back(closing_line(
      state, "migration aborted (duration " + duration_text(state) + "): " + error, true));
  return failed_guest_task(state, request, worker_of(type), "migration aborted", std::move(log));
}

}  // namespace pvesim
