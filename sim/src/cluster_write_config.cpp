// Config changes: qemu POST …/config (task qmconfig) and PUT …/config (synchronous), lxc PUT
// …/config. As in qemu-server's update_vm_api and pve-container's update_pct_config: the digest
// and lock checks answer 500 before anything changes; every change is first written to the
// pending section (pending_apply.h), then applied at once for a stopped guest or, for a running
// one, as far as it hotplugs. qemu allocates "storage:SIZE" disks while writing the pending
// value and deletes unusedN (and tags) at once; lxc allocates mount points when applying them.
#include <algorithm>
#include <optional>
#include <regex>
#include <set>
#include <utility>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_sha1.h"
#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"
#include "config_permissions.h"
#include "guest_pending.h"
#include "pending_apply.h"
#include "text_concat.h"

namespace pvesim {
namespace {

const std::vector<std::string> kConfigControls = {"delete",   "revert", "digest",
                                                  "skiplock", "force",  "background_delay"};

struct Change {
  std::vector<std::pair<std::string, std::string>> set;  // key, value as given
  std::vector<std::string> remove;
  std::vector<std::string> revert;
  bool force = false;
};

// update_vm_api stores a cloud-init password as a crypt() hash unless it already is one or the
// guest runs Windows (whose cloudbase-init wants it plain). The sim's "$5$salt$…" is shaped
// like PVE::Tools::encrypt_pw's SHA-256 crypt, with a SHA-1 in place of the real digest.
std::string stored_cipassword(const Guest& guest, const std::string& given) {
  static const std::regex kCrypted(R"(^\$(?:[156]|2[ay])(\$.+){2})");
  const std::string ostype = guest.config.value("ostype", std::string());
  if (std::regex_search(given, kCrypted) || ostype.rfind('w', 0) == 0) return given;
  const std::string salt = sha1_hex(std::to_string(guest.vmid) + given).substr(0, 8);
  return "$5$" + salt + "$" + sha1_hex(salt + given);
}

// check_protection's text, or "" when the guest is not protected.
std::string protection_error(const Guest& guest, const std::string& what) {
  if (config_value_text(guest.config.value("protection", Json(0))) != "1") return "";
  return what + " - protection mode enabled";
}

// What writing one qemu change works on, with the boot order as the change leaves it.
struct QemuWrite {
  ClusterState& state;
  Guest& guest;
  std::set<std::string>& modified;
  std::vector<std::string> order;

  // A device leaving the boot order, or a CD-ROM joining it, changes `boot` (pending too).
  void set_boot(std::vector<std::string> devices) {
    order = std::move(devices);
    guest.pending["boot"] = print_boot_order(order);
    modified.insert("boot");
  }
};

// One `delete` key: unusedN and tags go at once, the rest becomes a pending delete. Returns the
// text it dies with ("" when written).
std::string delete_qemu_key(QemuWrite& write, const std::string& key, bool force) {
  Guest& guest = write.guest;
  const bool in_config = guest.config.contains(key);
  const bool was_pending = guest.pending.contains(key);
  if (!in_config && !was_pending) return "";  // PVE only warns
  write.modified.insert(key);
  const Json value = in_config ? guest.config[key] : guest.pending[key];
  guest.pending.erase(key);
  if (std::find(write.order.begin(), write.order.end(), key) != write.order.end()) {
    std::vector<std::string> rest;
    for (const auto& device : write.order) {
      if (device != key) rest.push_back(device);
    }
    write.set_boot(std::move(rest));
  }
  if (is_unused_key(key)) {
    std::string refused =
        protection_error(guest, "can't remove unused disk '" + config_value_text(value) + "'");
    if (!refused.empty()) return refused;
    destroy_unused(write.state, guest, key);
  } else if (is_guest_disk_key(GuestType::kQemu, key)) {
    std::string refused = protection_error(guest, "can't remove drive '" + key + "'");
    if (!refused.empty()) return refused;
    // A disk that was only pending (already allocated) is kept as an unused disk.
    if (!in_config) register_unused_volume(guest, disk_volume(guest.type, key, value));
    add_pending_delete(guest.pending, key, force);
  } else if (key == "tags") {
    guest.config.erase(key);
  } else {
    add_pending_delete(guest.pending, key, force);
  }
  return "";
}

// One value: a pending value (new "storage:SIZE" disks allocated now, network devices with a
// MAC). Returns the text it dies with ("" when written).
std::string set_qemu_key(QemuWrite& write, const ApiRequest& request, const std::string& key,
                         const std::string& text, std::vector<std::string>& log) {
  Guest& guest = write.guest;
  write.modified.insert(key);
  auto pending = guest.pending.find(key);
  if (pending != guest.pending.end() && config_value_text(*pending) == text) return "";
  std::string value = text;
  if (is_guest_disk_key(GuestType::kQemu, key)) {
    if (pending != guest.pending.end()) {
      register_unused_volume(guest, disk_volume(guest.type, key, *pending));
    }
    const bool cdrom = property_value(text, "media") == std::optional<std::string>("cdrom") &&
                       text.find("cloudinit") == std::string::npos;
    const auto& order = write.order;
    if (cdrom && !order.empty() && std::find(order.begin(), order.end(), key) == order.end()) {
      std::vector<std::string> longer = order;
      longer.push_back(key);
      write.set_boot(std::move(longer));
    }
    if (auto disk = parse_new_disk(text)) {
      DiskAllocation allocation =
          allocate_disk(write.state, guest.node, guest.type, guest.vmid, *disk);
      if (!allocation.error.empty()) return allocation.error;
      value = allocation.value;
      log.insert(log.end(), allocation.log.begin(), allocation.log.end());
    }
  } else if (is_net_key(key)) {
    value = with_mac(guest.type, text);
  }
  guest.pending[key] = typed_config_value(request, key, value);
  remove_pending_delete(guest.pending, key);
  return "";
}

// update_vm_api's updatefn up to "apply pending changes": deletes and values go to the pending
// section. Returns the text it dies with ("" when written).
std::string write_qemu_pending(ClusterState& state, Guest& guest, const ApiRequest& request,
                               Change change, std::set<std::string>& modified,
                               std::vector<std::string>& log) {
  // revert: a current value is written again (cleanup_pending then drops the pending one); a
  // value that is only pending is deleted.
  for (const auto& key : change.revert) {
    if (auto current = guest.config.find(key); current != guest.config.end()) {
      change.set.emplace_back(key, config_value_text(*current));
    } else if (guest.pending.contains(key)) {
      change.remove.push_back(key);
    }
  }
  QemuWrite write{state, guest, modified, boot_order(guest.config)};
  for (const auto& key : change.remove) {
    if (std::string refused = delete_qemu_key(write, key, change.force); !refused.empty()) {
      return refused;
    }
  }
  for (const auto& [key, text] : change.set) {
    if (std::string error = set_qemu_key(write, request, key, text, log); !error.empty()) {
      return error;
    }
  }
  drop_reused_unused(guest);
  cleanup_pending(guest);
  return "";
}

// pve-container's update_pct_config up to the hotplug/apply step.
std::string write_lxc_pending(Guest& guest, const ApiRequest& request, const Change& change,
                              std::set<std::string>& modified) {
  const std::string ct = "CT " + std::to_string(guest.vmid);
  for (const auto& key : change.revert) {
    guest.pending.erase(key);
    remove_pending_delete(guest.pending, key);
  }
  for (const auto& key : change.remove) {
    if (!guest.config.contains(key) && !guest.pending.contains(key)) continue;  // only a warning
    modified.insert(key);
    if (key == "memory" || key == "rootfs" || key == "ostype") {
      return "unable to delete required option '" + key + "'";
    }
    if (key == "unprivileged") return "unable to delete read-only option: '" + key + "'";
    if (is_unused_key(key) || is_guest_disk_key(GuestType::kLxc, key)) {
      std::string refused =
          protection_error(guest, concat("can't remove ", ct, " drive '", key, "'"));
      if (!refused.empty()) return refused;
    }
    add_pending_delete(guest.pending, key, false);  // forced deletes are not implemented for CTs
  }
  for (const auto& [key, text] : change.set) {
    modified.insert(key);
    if (key == "unprivileged") return "unable to modify read-only option: '" + key + "'";
    if (is_guest_disk_key(GuestType::kLxc, key)) {
      std::string refused =
          protection_error(guest, concat("can't update ", ct, " drive '", key, "'"));
      if (!refused.empty()) return refused;
    }
    // PVE fills in hwaddr when the device is applied; the sim does it here already.
    const std::string value = is_net_key(key) ? with_mac(guest.type, text) : text;
    guest.pending[key] = typed_config_value(request, key, value);
    remove_pending_delete(guest.pending, key);
  }
  cleanup_pending(guest);
  return "";
}

ApiResponse refusal_response(const ConfigRefusal& refusal) {
  return ApiResponse::error(refusal.status, refusal.message + "\n");
}

// Everything up to the change itself; nullopt when the request may go ahead.
std::optional<ApiResponse> early_checks(const AccessControl& access, const Guest& guest,
                                        const ApiRequest& request, const Change& change) {
  const bool qemu = guest.type == GuestType::kQemu;
  auto is_set = [&change](const std::string& key) {
    for (const auto& [set_key, value] : change.set) {
      if (set_key == key) return true;
    }
    return false;
  };
  for (const auto& key : change.revert) {
    // qemu-server reports this one under `delete`, pve-container under `revert`.
    if (is_set(key)) {
      return qemu ? param_error("delete", concat("you can't use '-", key, "' and -revert ", key,
                                                 "' at the same time"))
                  : param_error("revert", concat("you can't use '-", key, "' and '-revert ", key,
                                                 "' at the same time"));
    }
  }
  for (const auto& key : change.remove) {
    if (is_set(key)) {
      return param_error(
          "delete", concat("you can't use '-", key, "' and -delete ", key, "' at the same time"));
    }
    for (const auto& reverted : change.revert) {
      if (reverted != key) continue;
      return qemu ? param_error("revert", concat("you can't use '-delete ", key, "' and -revert ",
                                                 key, "' at the same time"))
                  : param_error("delete", concat("you can't use '-delete ", key, "' and '-revert ",
                                                 key, "' at the same time"));
    }
  }
  if (change.set.empty() && change.remove.empty() && change.revert.empty()) {
    return ApiResponse::error(500, "no options specified\n");
  }
  if (qemu) {
    // update_vm_api checks the deleted keys, then the set ones, before it loads the config.
    std::vector<std::string> set_keys;
    for (const auto& [key, value] : change.set) set_keys.push_back(key);
    for (const std::vector<std::string>* keys : {&change.remove, &std::as_const(set_keys)}) {
      if (auto refused = check_qemu_config_keys(access, request.auth_id, guest.vmid, *keys)) {
        return refusal_response(*refused);
      }
    }
  }
  if (auto digest = param_string(request, "digest");
      digest && !digest->empty() && *digest != guest_config_digest(guest)) {
    // update_vm_api dies with its own text; pve-container calls PVE::Tools::assert_if_modified.
    return ApiResponse::error(
        500, qemu ? "checksum mismatch (file change by other user?)\n"
                  : "detected modified configuration - file changed by other user? Try again.\n");
  }
  const std::string lock = guest_lock(guest);
  if (!lock.empty() && !param_bool(request, "skiplock", false)) {
    return ApiResponse::error(500,
                              std::string(guest_kind(guest.type)) + " is locked (" + lock + ")\n");
  }
  // pve-container checks the keys under the lock, after the digest.
  if (!qemu) {
    if (auto refused = check_lxc_config_keys(access, request.auth_id, guest, change.set,
                                             change.remove, change.revert)) {
      return refusal_response(*refused);
    }
  }
  return std::nullopt;
}

// raise_param_exc($errors) as a 400, and as the task error a worker ends with (PVE::Exception
// stringified, its newlines turned into spaces).
ApiResponse errors_response(const PendingErrors& errors) {
  ApiResponse response = ApiResponse::error(400, "Parameter verification failed.\n");
  response.errors = errors;
  return response;
}
std::string errors_task_text(const PendingErrors& errors) {
  std::string text = "400 Parameter verification failed.";
  for (const auto& [key, message] : errors) text += concat(" ", key, ": ", message);
  return text;
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
  for (const auto& key : config_keys_of(request, kConfigControls)) {
    std::string value = param_string(request, key).value_or("");
    if (type == GuestType::kQemu && key == "cipassword") value = stored_cipassword(*guest, value);
    change.set.emplace_back(key, std::move(value));
  }
  change.remove = split_list(param_string(request, "delete").value_or(""));
  change.revert = split_list(param_string(request, "revert").value_or(""));
  change.force = param_bool(request, "force", false);
  if (auto error = early_checks(state.access, *guest, request, change)) return *error;
  // qemu checks the drives in its worker, as it writes them.
  if (type == GuestType::kQemu) {
    if (auto refused = check_qemu_drive_changes(state.access, request.auth_id, *guest, change.set,
                                                change.remove, change.revert)) {
      if (!async) return refusal_response(*refused);
      return ApiResponse::ok(start_request_task(
          state, request, "qmconfig", std::to_string(guest->vmid), refused->task_text(), {}));
    }
  }

  Guest updated = *guest;
  std::set<std::string> modified;
  std::vector<std::string> log;
  const std::string error = type == GuestType::kQemu
                                ? write_qemu_pending(state, updated, request, change, modified, log)
                                : write_lxc_pending(updated, request, change, modified);
  PendingErrors errors;
  if (error.empty()) {
    errors = updated.running ? hotplug_pending(state, updated, modified, log)
                             : apply_pending(state, updated, log);
  }
  // qemu writes the config step by step, so a failed hotplug keeps what was written;
  // pve-container writes nothing when there are errors.
  const bool keep = error.empty() && (errors.empty() || type == GuestType::kQemu);
  if (!async) {
    if (!error.empty()) return ApiResponse::error(500, error + "\n");
    if (keep) *guest = std::move(updated);
    if (!errors.empty()) return errors_response(errors);
    return ApiResponse::ok(nullptr);
  }
  // POST: the worker makes the change; its failures end the task.
  const std::string id = std::to_string(guest->vmid);
  if (!error.empty()) {
    return ApiResponse::ok(start_request_task(state, request, "qmconfig", id, error, log));
  }
  const int vmid = guest->vmid;
  const std::string exitstatus = errors.empty() ? "OK" : errors_task_text(errors);
  return ApiResponse::ok(
      start_request_task(state, request, "qmconfig", id, exitstatus, std::move(log),
                         [&state, vmid, config = updated.config, pending = updated.pending] {
                           auto it = state.guests.find(vmid);
                           if (it == state.guests.end()) return;
                           it->second.config = config;
                           it->second.pending = pending;
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
