// Snapshot writes for qemu and lxc: create, rollback, delete, and a snapshot's own config.
// Checks follow PVE::AbstractConfig (snapshot_create, snapshot_rollback, snapshot_delete):
// they run inside the worker, so they surface as failed tasks, not HTTP errors.
#include <cstdio>
#include <set>

#include "byte_units.h"
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

// The keys __snapshot_copy_config leaves out when copying between sections.
bool skipped_in_copy(const std::string& key) {
  static const std::set<std::string> kSkipped = {"snapshots",   "snapstate",      "snaptime",
                                                 "vmstate",     "lock",           "digest",
                                                 "description", "runningmachine", "runningcpu"};
  return kSkipped.count(key) != 0 || key.rfind("unused", 0) == 0;
}

Json copy_config(const Json& source) {
  Json out = Json::object();
  for (const auto& [key, value] : source.items()) {
    if (!skipped_in_copy(key)) out[key] = value;
  }
  return out;
}

const char* task_type(GuestType type, const char* qemu, const char* lxc) {
  return type == GuestType::kQemu ? qemu : lxc;
}

Snapshot* find_snapshot_mut(Guest& guest, const std::string& name) {
  for (auto& snapshot : guest.snapshots) {
    if (snapshot.name == name) return &snapshot;
  }
  return nullptr;
}

// "  Logical volume "snap_vm-100-disk-0_x" created." on thin LVM; files log nothing.
std::string lvm_line(const ClusterState& state, const std::string& volid, const std::string& lv,
                     const std::string& what) {
  const StorageDef* storage = state.find_storage(volid_storage(volid));
  if (storage == nullptr || storage->type != "lvmthin") return "";
  return "  Logical volume \"" + lv + "\" " + what + ".";
}

void push_nonempty(std::vector<std::string>& log, const std::string& line) {
  if (!line.empty()) log.push_back(line);
}

// The reserved names PVE refuses before it forks the worker.
std::optional<ApiResponse> reserved_name(const std::string& name) {
  if (name == "current" || name == "pending") {
    return ApiResponse::error(500, "unable to use snapshot name '" + name + "' (reserved name)\n");
  }
  return std::nullopt;
}

// The failed task a snapshot worker ends with when the guest's config does not exist.
ApiResponse missing_guest_task(ClusterState& state, const ApiRequest& request, GuestType type,
                               const char* worker) {
  const std::string node = param_string(request, "node").value_or("");
  return failed_guest_task(state, request, worker,
                           config_missing(type, node, request_vmid(request)).message);
}

// The failed task of a worker that finds the guest locked: "VM is locked (backup)".
ApiResponse locked_guest_task(ClusterState& state, const ApiRequest& request, GuestType type,
                              const char* worker, const std::string& lock) {
  return failed_guest_task(state, request, worker,
                           std::string(guest_kind(type)) + " is locked (" + lock + ")");
}

ApiResponse create(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string name = param_string(request, "snapname").value_or("");
  if (auto error = reserved_name(name)) return *error;
  const char* worker = task_type(type, "qmsnapshot", "vzsnapshot");
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) return missing_guest_task(state, request, type, worker);
  if (guest_is_template(*guest)) {
    return failed_guest_task(state, request, worker,
                             "you can't take a snapshot if it's a template");
  }
  if (!guest_lock(*guest).empty()) {
    return locked_guest_task(state, request, type, worker, guest_lock(*guest));
  }
  if (find_snapshot(*guest, name) != nullptr) {
    return failed_guest_task(state, request, worker, "snapshot name '" + name + "' already used");
  }
  const auto disks = guest_disks(*guest, false);
  for (const auto& disk : disks) {
    if (!volume_supports_snapshot(state, disk.volid)) {
      return failed_guest_task(state, request, worker, "snapshot feature is not available");
    }
  }

  // Prepare, as __snapshot_prepare writes it: the section with snapstate, the guest locked.
  Json section = copy_config(guest->config);
  section["snapstate"] = "prepare";
  section["snaptime"] = state.now_ms() / 1000;
  if (auto description = param_string(request, "description");
      description && !description->empty()) {
    section["description"] = *description;
  }
  std::vector<std::string> log;
  const bool save_state =
      type == GuestType::kQemu && guest->running && param_bool(request, "vmstate", false);
  if (save_state && !disks.empty()) {
    // RAM plus device state: PVE sizes the state volume as 2 × memory + 500 MiB.
    const std::string storage = volid_storage(disks.front().volid);
    const std::string volid = storage + ":vm-" + std::to_string(guest->vmid) + "-state-" + name;
    Volume volume;
    volume.volid = volid;
    volume.content = "images";
    volume.format = "raw";
    volume.size = 2 * guest_maxmem(*guest) + 500 * kMiB;
    volume.used = guest->mem;
    volume.ctime = state.now_ms() / 1000;
    volume.vmid = guest->vmid;
    if (StoragePool* pool = state.pool(guest->node, storage)) pool->volumes.push_back(volume);
    section["vmstate"] = volid;
    const std::string machine = guest->config.value("machine", std::string("pc-i440fx-10.0"));
    section["runningmachine"] = machine + "+pve1";
    section["runningcpu"] =
        guest->config.value("cpu", std::string("kvm64")) + ",+kvm_pv_eoi,+kvm_pv_unhalt";
    log.push_back("saving VM state and RAM using storage '" + storage + "'");
    char saved[32];
    std::snprintf(saved, sizeof saved, "%.2f GiB",
                  static_cast<double>(guest->mem) / (1024.0 * kMiB));
    log.push_back(std::string("completed saving the VM state in 2s, saved ") + saved);
  }
  for (const auto& disk : disks) {
    if (type == GuestType::kQemu && guest->running) {
      log.push_back("snapshotting 'drive-" + disk.key + "' (" + disk.volid + ")");
    }
    push_nonempty(
        log, lvm_line(state, disk.volid, "snap_" + volid_name(disk.volid) + "_" + name, "created"));
  }
  guest->snapshots.push_back({name, section});
  guest->config["lock"] = "snapshot";

  const int vmid = guest->vmid;
  return ApiResponse::ok(start_request_task(state, request, worker, std::to_string(vmid), "OK",
                                            std::move(log), [&state, vmid, name] {
                                              auto it = state.guests.find(vmid);
                                              if (it == state.guests.end()) return;
                                              Guest& g = it->second;
                                              if (Snapshot* snapshot = find_snapshot_mut(g, name))
                                                snapshot->config.erase("snapstate");
                                              g.config.erase("lock");
                                              g.config["parent"] = name;
                                            }));
}

ApiResponse rollback(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string name = param_string(request, "snapname").value_or("");
  const char* worker = task_type(type, "qmrollback", "vzrollback");
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) return missing_guest_task(state, request, type, worker);
  if (guest_is_template(*guest)) {
    return failed_guest_task(state, request, worker, "you can't rollback if vm is a template");
  }
  const Snapshot* snapshot = find_snapshot(*guest, name);
  if (snapshot == nullptr) {
    return failed_guest_task(state, request, worker, "snapshot '" + name + "' does not exist");
  }
  if (!guest_lock(*guest).empty()) {
    return locked_guest_task(state, request, type, worker, guest_lock(*guest));
  }
  if (auto snapstate = snapshot->config.find("snapstate"); snapstate != snapshot->config.end()) {
    return failed_guest_task(state, request, worker,
                             "unable to rollback to incomplete snapshot (snapstate = " +
                                 config_value_text(*snapstate) + ")");
  }

  std::vector<std::string> log;
  for (const auto& disk : guest_disks(*guest, false)) {
    const std::string lv = volid_name(disk.volid);
    push_nonempty(log, lvm_line(state, disk.volid, lv, "successfully removed"));
    push_nonempty(log, lvm_line(state, disk.volid, lv, "created"));
  }
  const bool with_state = snapshot->config.contains("vmstate");
  const bool start = param_bool(request, "start", false);
  if (with_state || start) {
    log.push_back(type == GuestType::kQemu ? "starting VM " + std::to_string(guest->vmid)
                                           : "starting CT " + std::to_string(guest->vmid));
  }
  // The worker stops a running guest before it touches the disks.
  stop_guest_runtime(*guest);
  guest->config["lock"] = "rollback";

  const int vmid = guest->vmid;
  return ApiResponse::ok(
      start_request_task(state, request, worker, std::to_string(vmid), "OK", std::move(log),
                         [&state, vmid, name, with_state, start] {
                           auto it = state.guests.find(vmid);
                           if (it == state.guests.end()) return;
                           Guest& g = it->second;
                           const Snapshot* snap = find_snapshot(g, name);
                           if (snap == nullptr) return;
                           // __snapshot_apply_config: the current description and unused disks
                           // stay.
                           Json config = copy_config(snap->config);
                           for (const auto& [key, value] : g.config.items()) {
                             if (key == "description" || key.rfind("unused", 0) == 0)
                               config[key] = value;
                           }
                           config["parent"] = name;
                           g.config = std::move(config);
                           if (with_state || start) start_guest_runtime(g, state.now_ms());
                         }));
}

ApiResponse remove(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string name = param_string(request, "snapname").value_or("");
  const char* worker = task_type(type, "qmdelsnapshot", "vzdelsnapshot");
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) return missing_guest_task(state, request, type, worker);
  const bool force = param_bool(request, "force", false);
  const std::string lock = guest_lock(*guest);
  // `force` finishes a half-done delete: the guest may still hold its snapshot-delete lock.
  if (!lock.empty() && !(force && lock == "snapshot-delete")) {
    return locked_guest_task(state, request, type, worker, lock);
  }
  if (guest_is_template(*guest)) {
    return failed_guest_task(state, request, worker,
                             "you can't delete a snapshot if vm is a template");
  }
  Snapshot* snapshot = find_snapshot_mut(*guest, name);
  if (snapshot == nullptr) {
    return failed_guest_task(state, request, worker, "snapshot '" + name + "' does not exist");
  }

  std::vector<std::string> log;
  Guest as_of_snapshot = *guest;
  as_of_snapshot.config = snapshot->config;
  for (const auto& disk : guest_disks(as_of_snapshot, false)) {
    push_nonempty(log, lvm_line(state, disk.volid, "snap_" + volid_name(disk.volid) + "_" + name,
                                "successfully removed"));
  }
  snapshot->config["snapstate"] = "delete";
  guest->config["lock"] = "snapshot-delete";

  const int vmid = guest->vmid;
  const std::string guest_node = guest->node;
  return ApiResponse::ok(start_request_task(
      state, request, worker, std::to_string(vmid), "OK", std::move(log),
      [&state, vmid, name, guest_node] {
        auto it = state.guests.find(vmid);
        if (it == state.guests.end()) return;
        Guest& g = it->second;
        const Snapshot* snap = find_snapshot(g, name);
        if (snap == nullptr) return;
        if (auto vmstate = snap->config.find("vmstate"); vmstate != snap->config.end()) {
          remove_volume(state, guest_node, config_value_text(*vmstate));
        }
        // Children of the deleted snapshot move up to its parent (unlink_parent).
        const Json new_parent = snap->config.value("parent", Json());
        auto relink = [&](Json& section) {
          if (section.value("parent", std::string()) != name) return;
          if (new_parent.is_null()) {
            section.erase("parent");
          } else {
            section["parent"] = new_parent;
          }
        };
        relink(g.config);
        for (auto& other : g.snapshots) {
          if (other.name != name) relink(other.config);
        }
        std::erase_if(g.snapshots, [&](const Snapshot& s) { return s.name == name; });
        g.config.erase("lock");
      }));
}

ApiResponse snapshot_missing(const std::string& name) {
  return ApiResponse::error(500, "snapshot '" + name + "' does not exist\n");
}

ApiResponse get_config(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string name = param_string(request, "snapname").value_or("");
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) {
    return config_missing(type, param_string(request, "node").value_or(""), request_vmid(request));
  }
  const Snapshot* snapshot = find_snapshot(*guest, name);
  if (snapshot == nullptr) return snapshot_missing(name);
  return ApiResponse::ok(snapshot->config);
}

ApiResponse put_config(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string name = param_string(request, "snapname").value_or("");
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) {
    return config_missing(type, param_string(request, "node").value_or(""), request_vmid(request));
  }
  const auto description = param_string(request, "description");
  if (!description) return ApiResponse::ok(nullptr);  // nothing to change, as upstream
  if (!guest_lock(*guest).empty()) {
    return ApiResponse::error(
        500, std::string(guest_kind(type)) + " is locked (" + guest_lock(*guest) + ")\n");
  }
  Snapshot* snapshot = find_snapshot_mut(*guest, name);
  if (snapshot == nullptr) return snapshot_missing(name);
  snapshot->config["description"] = *description;
  return ApiResponse::ok(nullptr);
}

}  // namespace

ApiResponse post_qemu_snapshot(ClusterState& state, const ApiRequest& request) {
  return create(state, request, GuestType::kQemu);
}
ApiResponse post_lxc_snapshot(ClusterState& state, const ApiRequest& request) {
  return create(state, request, GuestType::kLxc);
}
ApiResponse post_qemu_snapshot_rollback(ClusterState& state, const ApiRequest& request) {
  return rollback(state, request, GuestType::kQemu);
}
ApiResponse post_lxc_snapshot_rollback(ClusterState& state, const ApiRequest& request) {
  return rollback(state, request, GuestType::kLxc);
}
ApiResponse delete_qemu_snapshot(ClusterState& state, const ApiRequest& request) {
  return remove(state, request, GuestType::kQemu);
}
ApiResponse delete_lxc_snapshot(ClusterState& state, const ApiRequest& request) {
  return remove(state, request, GuestType::kLxc);
}
ApiResponse get_qemu_snapshot_config(ClusterState& state, const ApiRequest& request) {
  return get_config(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_snapshot_config(ClusterState& state, const ApiRequest& request) {
  return get_config(state, request, GuestType::kLxc);
}
ApiResponse put_qemu_snapshot_config(ClusterState& state, const ApiRequest& request) {
  return put_config(state, request, GuestType::kQemu);
}
ApiResponse put_lxc_snapshot_config(ClusterState& state, const ApiRequest& request) {
  return put_config(state, request, GuestType::kLxc);
}

}  // namespace pvesim
