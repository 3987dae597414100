// POST /nodes/{node}/{qemu,lxc}/{vmid}/clone: copy a guest to `newid` (tasks qmclone and
// vzclone, with the source's VMID as task id), as qemu-server's clone_vm and pve-container's
// clone_vm do it. A full clone copies every disk to a new volume (on `storage`, else where the
// disk is); a linked clone, the default for templates, makes thin clones of the template's base
// volumes. The new guest exists with "lock: clone" (qemu) / "lock: create" (lxc) while the worker
// runs; a container source holds "lock: disk" meanwhile. Network devices get new MACs.
#include <optional>
#include <regex>
#include <variant>

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "cluster_write_clone.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

bool is_base_volume(const std::string& volid) {
  static const std::regex kBase("^(\\d+/)?base-\\d+-");
  return std::regex_search(volid_name(volid), kBase);
}

bool is_shared(const ClusterState& state, const std::string& storage) {
  const StorageDef* def = state.find_storage(storage);
  return def != nullptr && def->shared;
}

// The checks both clone handlers make on `target` and `storage` before anything else.
std::optional<ApiResponse> check_target(const ClusterState& state, const ApiRequest& request,
                                        CloneTarget& target) {
  const std::string node = param_string(request, "node").value_or("");
  target.node = param_string(request, "target").value_or(node);
  if (target.node == "localhost") target.node = node;
  target.elsewhere = target.node != node;
  target.storage = param_string(request, "storage").value_or("");
  if (auto missing = check_pool(state, request)) return *missing;
  if (target.elsewhere && state.find_node(target.node) == nullptr) {
    return ApiResponse::error(500, "no such cluster node '" + target.node + "'\n");
  }
  if (target.storage.empty()) return std::nullopt;
  if (state.find_storage(target.storage) == nullptr) {
    return ApiResponse::error(500, "storage '" + target.storage + "' does not exist\n");
  }
  for (const std::string& on : {node, target.node}) {
    if (state.pool(on, target.storage) == nullptr) {
      return ApiResponse::error(
          500, "storage '" + target.storage + "' is not available on node '" + on + "'\n");
    }
  }
  if (target.elsewhere && !is_shared(state, target.storage)) {
    return ApiResponse::error(500, "can't clone to non-shared storage '" + target.storage + "'\n");
  }
  return std::nullopt;
}

// The new guest's config (without the disks, network devices with new MACs) and the disks the
// worker copies into it.
struct ClonePlan {
  Json config;
  std::vector<ClonedDisk> disks;
  bool shared = true;  // every disk on shared storage: the clone may go to another node
};

// qemu-server's clone_vm checks each drive of `old` (the source's config or snapshot): the plan,
// or the answer of the first check that fails.
std::variant<ClonePlan, ApiResponse> plan_qemu_clone(const ClusterState& state,
                                                     const ApiRequest& request, const Guest& guest,
                                                     const Json& old, bool full,
                                                     const CloneTarget& target) {
  const bool from_snapshot = param_string(request, "snapname").has_value();
  ClonePlan plan{restorable_config(old), {}, true};
  Json& config = plan.config;
  for (const auto& [key, value] : old.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    const std::string volid = text.substr(0, text.find(','));
    if (is_net_key(key)) {
      config[key] = with_new_mac(GuestType::kQemu, text);
      continue;
    }
    if (!is_guest_disk_key(GuestType::kQemu, key) || volid_storage(volid).empty()) continue;
    plan.shared = plan.shared && is_shared(state, volid_storage(volid));
    const bool cloudinit = volid.find("-cloudinit") != std::string::npos;
    const bool cdrom = property_value(text, "media") == std::optional<std::string>("cdrom");
    if (cdrom && !cloudinit) continue;  // copied as it is
    const std::string storage = target.storage.empty() ? volid_storage(volid) : target.storage;
    if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                    "Datastore.AllocateSpace")) {
      return permission_denied("/storage/" + storage, "Datastore.AllocateSpace");
    }
    if (full && guest.running && !from_snapshot && key == "tpmstate0") {
      return ApiResponse::error(500, "cannot clone TPM state while VM is running\n");
    }
    if (!full && !cloudinit && !is_base_volume(volid)) {
      return ApiResponse::error(500,
                                "Linked clone feature is not supported for drive '" + key + "'\n");
    }
    config.erase(key);
    plan.disks.push_back({key, text, full, cloudinit});
  }
  return plan;
}

// pve-container's clone_vm checks each mount point of `old`: the plan, or the answer of the
// first check that fails.
std::variant<ClonePlan, ApiResponse> plan_lxc_clone(const ClusterState& state,
                                                    const ApiRequest& request, const Guest& guest,
                                                    const Json& old, bool full,
                                                    const CloneTarget& target) {
  const bool from_snapshot = param_string(request, "snapname").has_value();
  ClonePlan plan{restorable_config(old), {}, true};
  Json& config = plan.config;
  for (const auto& [key, value] : old.items()) {
    const std::string text = config_value_text(value);
    const std::string volid = text.substr(0, text.find(','));
    if (is_net_key(key)) {
      config[key] = with_new_mac(GuestType::kLxc, text);
      continue;
    }
    if (!is_guest_disk_key(GuestType::kLxc, key)) continue;
    if (volid_storage(volid).empty()) {
      const char* kind = volid.rfind("/dev/", 0) == 0 ? "device" : "bind";
      return ApiResponse::error(500,
                                "unable to clone mountpoint '" + key + "' (type " + kind + ")\n");
    }
    const std::string storage = target.storage.empty() ? volid_storage(volid) : target.storage;
    plan.shared = plan.shared && is_shared(state, storage);
    if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                    "Datastore.AllocateSpace")) {
      return permission_denied("/storage/" + storage, "Datastore.AllocateSpace");
    }
    if (full && guest.running && !from_snapshot) {
      return ApiResponse::error(500,
                                "Cannot do full clones on a running container without snapshots\n");
    }
    if (!full && !is_base_volume(volid)) {
      return ApiResponse::error(500, "Linked clone feature for '" + volid + "' is not available\n");
    }
    config.erase(key);
    plan.disks.push_back({key, text, full, false});
  }
  return plan;
}

}  // namespace

ApiResponse post_qemu_clone(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const int vmid = static_cast<int>(request_vmid(request));
  const int newid = static_cast<int>(param_int(request, "newid").value_or(0));
  const std::string id = std::to_string(vmid);
  const std::string new_id = std::to_string(newid);
  CloneTarget target;
  if (auto refused = check_target(state, request, target)) return *refused;
  Guest* guest = find_request_guest(state, request, GuestType::kQemu);
  if (guest == nullptr) return config_missing(GuestType::kQemu, node, vmid);
  if (const std::string lock = guest_lock(*guest); !lock.empty()) {
    return ApiResponse::error(500, "VM is locked (" + lock + ")\n");
  }
  const auto snapname = param_string(request, "snapname");
  const Snapshot* snapshot = snapname ? find_snapshot(*guest, *snapname) : nullptr;
  if (snapname && snapshot == nullptr) {
    return ApiResponse::error(500, "snapshot '" + *snapname + "' does not exist\n");
  }
  const bool full = param_bool(request, "full", !guest_is_template(*guest));
  if (!target.storage.empty() && !full) {
    return ApiResponse::error(500, "parameter 'storage' not allowed for linked clones\n");
  }
  if (param_string(request, "format") && !full) {
    return ApiResponse::error(500, "parameter 'format' not allowed for linked clones\n");
  }
  const Json& old = snapshot != nullptr ? snapshot->config : guest->config;

  auto planned = plan_qemu_clone(state, request, *guest, old, full, target);
  if (auto* refusal = std::get_if<ApiResponse>(&planned)) return std::move(*refusal);
  auto& [config, disks, shared] = std::get<ClonePlan>(planned);
  if (target.elsewhere && !shared) {
    return ApiResponse::error(
        500, "can't clone VM to node '" + target.node + "' (VM uses local storage)\n");
  }
  auto existing = state.guests.find(newid);
  if (existing != state.guests.end() && existing->second.node == node &&
      existing->second.type == GuestType::kQemu) {
    return ApiResponse::error(500,
                              "unable to create VM " + new_id + ": config file already exists\n");
  }
  if (const std::string taken = vmid_taken_text(state, newid); !taken.empty()) {
    return ApiResponse::ok(
        start_request_task(state, request, "qmclone", id, "clone failed: " + taken, {}));
  }

  config["smbios1"] = "uuid=" + random_uuid();
  if (config.contains("vmgenid")) config["vmgenid"] = random_uuid();
  config.erase("template");
  const std::string old_name = old.contains("name") ? config_value_text(old["name"]) : id;
  config["name"] = param_string(request, "name").value_or("Copy-of-VM-" + old_name);
  lock_new_guest(state, GuestType::kQemu, newid, node, "clone");
  return start_clone_worker(state, request, GuestType::kQemu, newid, target, disks,
                            std::move(config), "");
}

ApiResponse post_lxc_clone(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const int vmid = static_cast<int>(request_vmid(request));
  const int newid = static_cast<int>(param_int(request, "newid").value_or(0));
  CloneTarget target;
  if (auto refused = check_target(state, request, target)) return *refused;
  Guest* guest = find_request_guest(state, request, GuestType::kLxc);
  if (guest == nullptr) return config_missing(GuestType::kLxc, node, vmid);
  if (const std::string lock = guest_lock(*guest); !lock.empty()) {
    return ApiResponse::error(500, "CT is locked (" + lock + ")\n");
  }
  if (const std::string taken = vmid_taken_text(state, newid); !taken.empty()) {
    return ApiResponse::error(500, taken + "\n");
  }
  const bool full = param_bool(request, "full", !guest_is_template(*guest));
  if (!target.storage.empty() && !full) {
    return ApiResponse::error(500, "parameter 'storage' not allowed for linked clones\n");
  }
  const auto snapname = param_string(request, "snapname");
  const Snapshot* snapshot = snapname ? find_snapshot(*guest, *snapname) : nullptr;
  if (snapname && snapshot == nullptr) {
    return ApiResponse::error(500, "snapshot '" + *snapname + "' does not exist\n");
  }
  const Json& old = snapshot != nullptr ? snapshot->config : guest->config;

  auto planned = plan_lxc_clone(state, request, *guest, old, full, target);
  if (auto* refusal = std::get_if<ApiResponse>(&planned)) return std::move(*refusal);
  auto& [config, disks, shared] = std::get<ClonePlan>(planned);
  if (target.elsewhere && !shared) {
    return ApiResponse::error(
        500, "can't clone CT to node '" + target.node + "' (CT uses local storage)\n");
  }
  config.erase("template");
  if (auto hostname = param_string(request, "hostname")) config["hostname"] = *hostname;
  guest->config["lock"] = "disk";
  lock_new_guest(state, GuestType::kLxc, newid, node, "create");
  // The new config (without disks yet) is written before the worker starts.
  Json pending = config;
  pending["lock"] = "create";
  state.guests.at(newid).config = pending;
  return start_clone_worker(state, request, GuestType::kLxc, newid, target, disks,
                            std::move(config), "disk");
}

}  // namespace pvesim
