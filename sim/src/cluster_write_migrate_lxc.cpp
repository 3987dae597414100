// GET and POST /nodes/{node}/lxc/{vmid}/migrate, as pve-container's migrate_vm_precondition and
// migrate_vm (API2/LXC.pm) with the worker of LXC/Migrate.pm (task vzmigrate): the API refuses a
// local or unknown target and a running CT without `online` or `restart`; the worker's prepare
// refuses a locked CT, live migration, local bind/device mount points and an unreachable target,
// phase 1 volumes that snapshots reference on local storage. A restart migration shuts the CT
// down here and starts it on the target.
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_migrate.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

// prepare's walk over the mount points: the first refusal, or "".
std::string mount_point_problem(const Guest& guest) {
  for (const auto& [key, value] : guest.config.items()) {
    if (!is_guest_disk_key(GuestType::kLxc, key)) continue;
    const std::string text = config_value_text(value);
    if (text.front() != '/') continue;
    if (property_value(text, "shared") == std::optional<std::string>("1")) continue;
    const char* kind = text.rfind("/dev/", 0) == 0 ? "device" : "bind";
    return std::string("cannot migrate local ") + kind + " mount point '" + key + "'";
  }
  return "";
}

// Phase 1's scan: the volumes to copy into `migration`, logging what it found; false when a
// volume cannot move.
bool scan_volumes(ClusterState& state, const Guest& guest, const StorageMap& map,
                  Migration& migration) {
  std::vector<std::string> problems;
  for (const auto& disk : guest_disks(guest, true)) {
    const StorageDef* def = state.find_storage(volid_storage(disk.volid));
    if (def != nullptr && def->shared) continue;
    migration.log.push_back(
        migration_line(state, "found local volume '" + disk.volid + "' (in current VM config)"));
    if (referenced_in_snapshot(guest, disk.volid) &&
        (def == nullptr || (def->type != "zfspool" && def->type != "btrfs"))) {
      problems.push_back("can't migrate local volume '" + disk.volid +
                         "': non-migratable snapshot exists");
      continue;
    }
    const std::string value = config_value_text(guest.config[disk.key]);
    migration.volumes.push_back({value, map.map(volid_storage(disk.volid)), false});
  }
  for (const auto& problem : problems) migration.log.push_back(migration_line(state, problem));
  return problems.empty();
}

// LXC::Migrate's prepare and phase 1, run when the API checks passed.
ApiResponse run_lxc_migration(ClusterState& state, const ApiRequest& request, Guest& guest,
                              const StorageMap& map) {
  const std::string target = param_string(request, "target").value_or("");
  const Node* node = state.find_node(target);
  const bool restart = guest.running && param_bool(request, "restart", false);
  if (const std::string lock = guest_lock(guest); !lock.empty()) {
    return abort_migration(state, request, GuestType::kLxc, {}, "CT is locked (" + lock + ")");
  }
  if (guest.running && param_bool(request, "online", false)) {
    return abort_migration(state, request, GuestType::kLxc, {},
                           "lxc live migration is currently not implemented");
  }
  if (const std::string problem = mount_point_problem(guest); !problem.empty()) {
    return abort_migration(state, request, GuestType::kLxc, {}, problem);
  }
  if (!node->online) {
    return abort_migration(state, request, GuestType::kLxc, {},
                           "Can't connect to destination address using public key");
  }
  const std::string id = std::to_string(guest.vmid);
  Migration migration{GuestType::kLxc, guest.vmid, target, {}, false, restart, {}};
  if (restart) migration.log.push_back(migration_line(state, "shutdown CT " + id));
  migration.log.push_back(migration_line(
      state, "starting migration of CT " + id + " to node '" + target + "' (" + node->ip + ")"));
  if (!scan_volumes(state, guest, map, migration)) {
    const std::string error = "can't migrate CT - check log";
    migration.log.push_back(migration_line(state, error, true));
    return abort_migration(state, request, GuestType::kLxc, std::move(migration.log), error);
  }
  return start_migration(state, request, std::move(migration));
}

}  // namespace

ApiResponse post_lxc_migrate(ClusterState& state, const ApiRequest& request) {
  if (auto refused = check_migrate_target(state, request)) return *refused;
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  if (guest == nullptr) return config_missing(GuestType::kLxc, node, request_vmid(request));
  if (guest->running && !param_bool(request, "online", false) &&
      !param_bool(request, "restart", false)) {
    return ApiResponse::error(500,
                              "can't migrate running container without --online or --restart\n");
  }
  auto mapped = migrate_storage_map(state, request, "target-storage");
  if (auto* refused = std::get_if<ApiResponse>(&mapped)) return std::move(*refused);
  return run_lxc_migration(state, request, *guest, std::get<StorageMap>(mapped));
}

ApiResponse get_lxc_migrate(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  if (guest == nullptr) return config_missing(GuestType::kLxc, node, request_vmid(request));
  if (const std::string lock = guest_lock(*guest); !lock.empty()) {
    return ApiResponse::error(500, "CT is locked (" + lock + ")\n");
  }
  Json allowed = Json::array();
  for (const Node& other : state.nodes) {
    if (other.name != node) allowed.push_back(other.name);
  }
  return ApiResponse::ok({{"running", flag(guest->running)},
                          {"allowed-nodes", allowed},
                          {"not-allowed-nodes", Json::object()}});
}

}  // namespace pvesim
