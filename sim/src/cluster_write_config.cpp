// Config changes: qemu POST …/config (task qmconfig) and PUT …/config (synchronous), lxc PUT
// …/config. As in qemu-server's update_vm_api and pve-container's update_vm: the digest and
// lock checks answer 500 before anything changes; `delete` detaches disks to unusedN and
// destroys unusedN volumes; "storage:SIZE" values allocate new volumes. Changes apply at
// once (pending changes of running guests are not modelled).
#include <set>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

const std::vector<std::string> kControls = {"delete",   "revert", "digest",
                                            "skiplock", "force",  "background_delay"};

struct Change {
  std::vector<std::pair<std::string, std::string>> set;  // key, value as given
  std::vector<std::string> remove;
};

// The volume of a disk-like key that `delete` detaches (not cdroms, bind mounts or "none").
std::string detachable_volume(const Guest& guest, const std::string& key) {
  for (const auto& disk : guest_disks(guest, false)) {
    if (disk.key == key) return disk.volid;
  }
  return "";
}

bool used_in_snapshot(const Guest& guest, const std::string& volid) {
  for (const auto& snapshot : guest.snapshots) {
    Guest as_of = guest;
    as_of.config = snapshot.config;
    for (const auto& disk : guest_disks(as_of, true)) {
      if (disk.volid == volid) return true;
    }
  }
  return false;
}

// Applies the change to `guest`; returns the error text of the first failure ("" when done).
std::string apply_change(ClusterState& state, Guest& guest, const ApiRequest& request,
                         const Change& change, bool force, std::vector<std::string>& log) {
  for (const auto& key : change.remove) {
    if (!guest.config.contains(key)) continue;  // PVE only warns
    if (key.rfind("unused", 0) == 0) {
      const std::string volid = config_value_text(guest.config[key]);
      if (config_value_text(guest.config.value("protection", Json(0))) == "1") {
        return "can't remove unused disk '" + volid + "' - protection mode enabled";
      }
      if (!used_in_snapshot(guest, volid)) remove_volume(state, guest.node, volid);
      guest.config.erase(key);
      continue;
    }
    const std::string volid = detachable_volume(guest, key);
    guest.config.erase(key);
    if (volid.empty()) continue;
    if (force && guest.type == GuestType::kQemu && !used_in_snapshot(guest, volid)) {
      remove_volume(state, guest.node, volid);
    } else if (!is_unused_volume(guest.config, volid)) {
      guest.config[free_unused_key(guest.config)] = volid;
    }
  }
  for (const auto& [key, text] : change.set) {
    std::string value = text;
    if (is_guest_disk_key(guest.type, key)) {
      if (auto request_disk = parse_new_disk(text)) {
        DiskAllocation allocation =
            allocate_disk(state, guest.node, guest.type, guest.vmid, *request_disk);
        if (!allocation.error.empty()) return allocation.error;
        value = allocation.value;
        log.insert(log.end(), allocation.log.begin(), allocation.log.end());
        // The disk a new volume replaces stays as an unused disk.
        const std::string old = detachable_volume(guest, key);
        if (!old.empty() && !is_unused_volume(guest.config, old)) {
          guest.config[free_unused_key(guest.config)] = old;
        }
      }
    } else if (is_net_key(key)) {
      value = with_mac(guest.type, text);
    }
    guest.config[key] = typed_config_value(request, key, value);
  }
  return "";
}

// Everything up to the change itself; nullopt when the request may go ahead.
std::optional<ApiResponse> early_checks(const Guest& guest, const ApiRequest& request,
                                        const Change& change) {
  for (const auto& key : change.remove) {
    for (const auto& [set_key, value] : change.set) {
      if (set_key == key) {
        return param_error(
            "delete", "you can't use '-" + key + "' and -delete " + key + "' at the same time");
      }
    }
  }
  if (change.set.empty() && change.remove.empty() && !param_string(request, "revert")) {
    return ApiResponse::error(500, "no options specified\n");
  }
  if (auto digest = param_string(request, "digest");
      digest && !digest->empty() && *digest != guest_config_digest(guest)) {
    return ApiResponse::error(
        500, "detected modified configuration - file changed by other user? Try again.\n");
  }
  const std::string lock = guest_lock(guest);
  if (!lock.empty() && !param_bool(request, "skiplock", false)) {
    return ApiResponse::error(500,
                              std::string(guest_kind(guest.type)) + " is locked (" + lock + ")\n");
  }
  return std::nullopt;
}

ApiResponse update(ClusterState& state, const ApiRequest& request, GuestType type, bool async) {
  const std::string node = param_string(request, "node").value_or("");
  if (param_bool(request, "skiplock", false) && request.auth_id != "root@pam") {
    return param_error("skiplock", "Only root may use this option.");
  }
  if (param_bool(request, "force", false) && !param_string(request, "delete")) {
    return param_error("force", "missing property - 'delete' is required with 'force'");
  }
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) return config_missing(type, node, request_vmid(request));

  Change change;
  for (const auto& key : config_keys_of(request, kControls)) {
    change.set.emplace_back(key, param_string(request, key).value_or(""));
  }
  change.remove = split_list(param_string(request, "delete").value_or(""));
  if (auto error = early_checks(*guest, request, change)) return *error;

  const bool force = param_bool(request, "force", false);
  if (!async) {
    std::vector<std::string> log;
    Guest updated = *guest;
    const std::string error = apply_change(state, updated, request, change, force, log);
    if (!error.empty()) return ApiResponse::error(500, error + "\n");
    *guest = std::move(updated);
    return ApiResponse::ok(nullptr);
  }
  // POST: the worker makes the change; its failures end the task.
  std::vector<std::string> log;
  Guest updated = *guest;
  const std::string error = apply_change(state, updated, request, change, force, log);
  if (!error.empty()) {
    return ApiResponse::ok(
        start_request_task(state, request, "qmconfig", std::to_string(guest->vmid), error, log));
  }
  const int vmid = guest->vmid;
  Json config = updated.config;
  return ApiResponse::ok(start_request_task(state, request, "qmconfig", std::to_string(vmid), "OK",
                                            std::move(log), [&state, vmid, config] {
                                              auto it = state.guests.find(vmid);
                                              if (it != state.guests.end())
                                                it->second.config = config;
                                            }));
}

}  // namespace

ApiResponse post_qemu_config(ClusterState& state, const ApiRequest& request) {
  return update(state, request, GuestType::kQemu, true);
}
ApiResponse put_qemu_config(ClusterState& state, const ApiRequest& request) {
  return update(state, request, GuestType::kQemu, false);
}
ApiResponse put_lxc_config(ClusterState& state, const ApiRequest& request) {
  return update(state, request, GuestType::kLxc, false);
}

}  // namespace pvesim
