// Disk writes: resize (qemu and lxc), move_disk (qemu) and move_volume (lxc).
// As in qemu-server and pve-container, every check runs inside the worker, so problems end the
// task with an error instead of failing the HTTP call.
// Not modelled: thin pools and sparse files are overcommitted without a free-space check on
// resize (as LVM-thin and qemu-img allow); moves to another guest (`target-vmid`).
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <regex>
#include <variant>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"
#include "task_progress.h"

namespace pvesim {
namespace {

std::string with_size(const std::string& property_string, const std::string& size) {
  // Replace or append `size=` keeping the other options in their order.
  static const std::regex kSize("(^|,)size=[^,]*");
  if (std::regex_search(property_string, kSize)) {
    return std::regex_replace(property_string, kSize, "$1size=" + size);
  }
  return property_string + ",size=" + size;
}

std::string gib_text(std::int64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
  return buffer;
}

ApiResponse resize(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string disk = param_string(request, "disk").value_or("");
  const std::string size_text = param_string(request, "size").value_or("");
  const std::string node = param_string(request, "node").value_or("");
  Guest* guest = find_request_guest(state, request, type);
  auto fail = [&](const std::string& message) {
    return failed_guest_task(state, request, "resize", message);
  };
  if (guest == nullptr) return fail(config_missing(type, node, request_vmid(request)).message);
  if (auto digest = param_string(request, "digest");
      digest && !digest->empty() && *digest != guest_config_digest(*guest)) {
    return fail("checksum missmatch (file change by other user?)");
  }
  if (!guest_lock(*guest).empty() && !param_bool(request, "skiplock", false)) {
    return fail(std::string(guest_kind(type)) + " is locked (" + guest_lock(*guest) + ")");
  }
  auto entry = guest->config.find(disk);
  if (entry == guest->config.end() || !entry->is_string()) {
    return fail("disk '" + disk + "' does not exist");
  }
  const std::string value = entry->get<std::string>();
  if (property_value(value, "media") == std::optional<std::string>("cdrom")) {
    return fail("you can't resize a cdrom");
  }
  const std::string volid = value.substr(0, value.find(','));
  if (volid_storage(volid).empty()) return fail("disk '" + disk + "' has no associated volume");
  const std::string storage = volid_storage(volid);
  if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                  "Datastore.AllocateSpace")) {
    return fail("Permission check failed (/storage/" + storage + ", Datastore.AllocateSpace)");
  }
  Volume* volume = find_volume(state, guest->node, volid);
  if (volume == nullptr) return fail("Could not determine current size of volume '" + volid + "'");
  const bool relative = !size_text.empty() && size_text.front() == '+';
  const auto amount = parse_size(relative ? size_text.substr(1) : size_text);
  if (!amount) return fail("internal error");
  const std::int64_t new_size = relative ? volume->size + *amount : *amount;
  if (new_size < volume->size) return fail("shrinking disks is not supported");

  std::vector<std::string> log;
  if (new_size != volume->size) {
    const StorageDef* def = state.find_storage(storage);
    if (def != nullptr && def->type == "lvmthin") {
      log.push_back("  Size of logical volume pve/" + volid_name(volid) + " changed from " +
                    gib_text(volume->size) + " to " + gib_text(new_size) + ".");
      log.push_back("  Logical volume pve/" + volid_name(volid) + " successfully resized.");
    } else {
      log.push_back("Image resized.");
    }
  }
  const int vmid = guest->vmid;
  const std::string guest_node = guest->node;
  return ApiResponse::ok(start_request_task(
      state, request, "resize", std::to_string(vmid), "OK", std::move(log),
      [&state, vmid, guest_node, disk, volid, new_size] {
        auto it = state.guests.find(vmid);
        if (it == state.guests.end()) return;
        Json& config = it->second.config;
        if (!config.contains(disk) || !config[disk].is_string()) return;
        config[disk] = with_size(config[disk].get<std::string>(), format_disk_size(new_size));
        if (Volume* v = find_volume(state, guest_node, volid)) v->size = new_size;
      }));
}

bool allows_content(const StorageDef& storage, const std::string& content) {
  for (const auto& item : storage.content) {
    if (item == content) return true;
  }
  return false;
}

// The first free "vm-<vmid>-disk-<n>" on the target pool.
std::string next_disk_name(ClusterState& state, const std::string& node, const std::string& storage,
                           int vmid) {
  for (int n = 0;; ++n) {
    const std::string volid =
        storage + ":vm-" + std::to_string(vmid) + "-disk-" + std::to_string(n);
    if (find_volume(state, node, volid) == nullptr) return volid;
  }
}

std::string first_free_unused(const Json& config) {
  for (int n = 0;; ++n) {
    const std::string key = "unused" + std::to_string(n);
    if (!config.contains(key)) return key;
  }
}

// A disk a move may copy: the guest, its config key and volume, and the target storage.
struct MoveSource {
  Guest* guest = nullptr;
  std::string volid;
  Volume* volume = nullptr;
  const StorageDef* target = nullptr;
};

// The checks of qemu-server's move_disk and pve-container's move_volume, in their order: the
// source, or the message of the first that fails.
std::variant<MoveSource, std::string> check_move(ClusterState& state, const ApiRequest& request,
                                                 GuestType type, const std::string& key,
                                                 const std::string& target) {
  const bool qemu = type == GuestType::kQemu;
  MoveSource source;
  source.guest = find_request_guest(state, request, type);
  Guest* guest = source.guest;
  if (guest == nullptr) {
    const std::string node = param_string(request, "node").value_or("");
    return config_missing(type, node, request_vmid(request)).message;
  }
  if (auto digest = param_string(request, "digest");
      digest && !digest->empty() && *digest != guest_config_digest(*guest)) {
    return "VM " + std::to_string(guest->vmid) +
           " - checksum missmatch (file change by other user?)";
  }
  if (!guest_lock(*guest).empty()) {
    return std::string(guest_kind(type)) + " is locked (" + guest_lock(*guest) + ")";
  }
  auto entry = guest->config.find(key);
  if (entry == guest->config.end() || !entry->is_string()) {
    return qemu ? "disk '" + key + "' does not exist" : "volume '" + key + "' does not exist";
  }
  const std::string value = entry->get<std::string>();
  if (qemu && property_value(value, "media") == std::optional<std::string>("cdrom")) {
    return std::string("you can't move a cdrom");
  }
  source.volid = value.substr(0, value.find(','));
  if (!qemu && guest->running) return std::string("cannot move volumes of a running container");
  const auto format = param_string(request, "format");
  source.volume = find_volume(state, guest->node, source.volid);
  const std::string old_format = source.volume != nullptr ? source.volume->format : "raw";
  if (target == volid_storage(source.volid) && (!format || *format == old_format)) {
    return std::string("you can't move to the same storage with same format");
  }
  source.target = state.find_storage(target);
  if (source.target == nullptr) return "storage '" + target + "' does not exist";
  const std::string content = qemu ? "images" : "rootdir";
  if (!allows_content(*source.target, content)) {
    return "storage '" + target + "' does not support content-type '" + content + "'";
  }
  if (source.volume == nullptr) return "volume '" + source.volid + "' does not exist";
  const std::int64_t needed = source.volume->used >= 0 ? source.volume->used : source.volume->size;
  if (needed > storage_free(state, guest->node, target)) {
    return "not enough free space on storage '" + target + "'";
  }
  return source;
}

// The copy on the target storage, made when the move starts: a new disk name there, qcow2 on
// file storages unless `format` says otherwise.
Volume copy_to_target(ClusterState& state, const MoveSource& source, const std::string& target,
                      const std::optional<std::string>& format) {
  const Guest& guest = *source.guest;
  const bool file_based = source.target->type == "dir" || source.target->type == "nfs";
  const std::string new_format = format.value_or(file_based ? "qcow2" : "raw");
  std::string new_volid = next_disk_name(state, guest.node, target, guest.vmid);
  if (file_based) {
    new_volid =
        target + ":" + std::to_string(guest.vmid) + "/" + volid_name(new_volid) + "." + new_format;
  }
  Volume copy = *source.volume;
  copy.volid = new_volid;
  copy.format = new_format;
  copy.ctime = state.now_ms() / 1000;
  copy.parent.clear();
  if (StoragePool* pool = state.pool(guest.node, target)) pool->volumes.push_back(copy);
  return copy;
}

std::vector<std::string> move_log(bool qemu, const std::string& key, const MoveSource& source,
                                  const Volume& copy, bool remove_old) {
  std::vector<std::string> log;
  if (qemu) {
    log.push_back("create full clone of drive " + key + " (" + source.volid + ")");
  }
  if (source.target->type == "lvmthin") {
    log.push_back("  Logical volume \"" + volid_name(copy.volid) + "\" created.");
  } else {
    log.push_back("Formatting '" + copy.volid + "', fmt=" + copy.format +
                  " size=" + std::to_string(source.volume->size));
  }
  const auto progress = image_copy_log(copy.volid, source.volume->size);
  log.insert(log.end(), progress.begin(), progress.end());
  if (remove_old) {
    log.push_back("  Logical volume \"" + volid_name(source.volid) + "\" successfully removed.");
  }
  return log;
}

// The end of the move: the config names the copy; the old volume goes, or stays as unusedN.
std::function<void()> finish_move(ClusterState& state, const Guest& guest, const std::string& key,
                                  const std::string& volid, const std::string& new_volid,
                                  bool remove_old) {
  return [&state, vmid = guest.vmid, guest_node = guest.node, key, volid, new_volid, remove_old] {
    auto it = state.guests.find(vmid);
    if (it == state.guests.end()) return;
    Json& config = it->second.config;
    if (it->second.type == GuestType::kLxc) config.erase("lock");
    if (!config.contains(key) || !config[key].is_string()) return;
    const std::string old_value = config[key].get<std::string>();
    config[key] = new_volid + old_value.substr(old_value.find(',') == std::string::npos
                                                   ? old_value.size()
                                                   : old_value.find(','));
    if (remove_old) {
      remove_volume(state, guest_node, volid);
    } else {
      config[first_free_unused(config)] = volid;
    }
  };
}

ApiResponse move(ClusterState& state, const ApiRequest& request, GuestType type) {
  const bool qemu = type == GuestType::kQemu;
  const char* worker = qemu ? "qmmove" : "move_volume";
  const std::string key = param_string(request, qemu ? "disk" : "volume").value_or("");
  const auto target = param_string(request, "storage");
  if (param_string(request, "target-vmid")) {
    return ApiResponse::error(501, "pve-sim: moving a disk to another guest is not modelled\n");
  }
  if (!target) {
    return param_error("storage", "either storage or target-vmid must be set");
  }
  auto checked = check_move(state, request, type, key, *target);
  if (auto* message = std::get_if<std::string>(&checked)) {
    return failed_guest_task(state, request, worker, *message);
  }
  const MoveSource& source = std::get<MoveSource>(checked);
  const Volume copy = copy_to_target(state, source, *target, param_string(request, "format"));
  const bool remove_old = param_bool(request, "delete", false);
  std::vector<std::string> log = move_log(qemu, key, source, copy, remove_old);
  // pve-container holds a `disk` lock while it copies; qemu-server only locks the file.
  if (!qemu) source.guest->config["lock"] = "disk";
  return ApiResponse::ok(start_request_task(
      state, request, worker, std::to_string(source.guest->vmid), "OK", std::move(log),
      finish_move(state, *source.guest, key, source.volid, copy.volid, remove_old)));
}

}  // namespace

ApiResponse put_qemu_resize(ClusterState& state, const ApiRequest& request) {
  return resize(state, request, GuestType::kQemu);
}
ApiResponse put_lxc_resize(ClusterState& state, const ApiRequest& request) {
  return resize(state, request, GuestType::kLxc);
}
ApiResponse post_qemu_move_disk(ClusterState& state, const ApiRequest& request) {
  return move(state, request, GuestType::kQemu);
}
ApiResponse post_lxc_move_volume(ClusterState& state, const ApiRequest& request) {
  return move(state, request, GuestType::kLxc);
}

}  // namespace pvesim
