// POST /nodes/{node}/{qemu,lxc}/{vmid}/clone: copy a guest to `newid` (tasks qmclone and
// vzclone, with the source's VMID as task id), as qemu-server's clone_vm and pve-container's
// clone_vm do it. A full clone copies every disk to a new volume (on `storage`, else where the
// disk is); a linked clone, the default for templates, makes thin clones of the template's base
// volumes. The new guest exists with "lock: clone" (qemu) / "lock: create" (lxc) while the worker
// runs; a container source holds "lock: disk" meanwhile. Network devices get new MACs.
#include <cstdio>
#include <iterator>
#include <regex>

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "text_concat.h"

namespace pvesim {
namespace {

// PVE::Format::render_bytes with one decimal: "100.0 GiB", "4.0 MiB".
std::string rendered_bytes(std::int64_t bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  return buffer;
}

bool is_base_volume(const std::string& volid) {
  static const std::regex kBase("^(\\d+/)?base-\\d+-");
  return std::regex_search(volid_name(volid), kBase);
}

bool is_shared(const ClusterState& state, const std::string& storage) {
  const StorageDef* def = state.find_storage(storage);
  return def != nullptr && def->shared;
}

// vdisk_clone: a thin clone of the base volume `base` for guest `vmid`
// ("local-lvm:base-9000-disk-0" → "local-lvm:base-9000-disk-0/vm-106-disk-0").
std::string linked_clone(ClusterState& state, const std::string& node, int vmid,
                         const std::string& base, std::vector<std::string>& log) {
  const std::string storage_id = volid_storage(base);
  const StorageDef* storage = state.find_storage(storage_id);
  const Volume* source = find_volume(state, node, base);
  StoragePool* pool = state.pool(node, storage_id);
  if (storage == nullptr || source == nullptr || pool == nullptr) {
    return "";
  }
  const std::string name = free_disk_name(state, node, storage_id, vmid, "vm");
  const bool file_based =
      storage->type == "dir" || storage->type == "nfs" || storage->type == "cifs";
  Volume volume = *source;
  volume.volid = base + "/" + (file_based ? std::to_string(vmid) + "/" + name + ".qcow2" : name);
  volume.used = storage->type == "lvmthin" ? 0 : -1;
  volume.ctime = state.now_ms() / 1000;
  volume.vmid = vmid;
  volume.parent = base;
  volume.is_protected = false;
  pool->volumes.push_back(volume);
  if (!file_based) log.push_back("  Logical volume \"" + name + "\" created.");
  return volume.volid;
}

// The checks both clone handlers make on `target` and `storage` before anything else.
struct CloneTarget {
  std::string node;     // where the new guest lives
  std::string storage;  // "" = each disk's own storage
  bool elsewhere = false;
};
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

// One disk the worker copies: its key, its config value, and how.
struct ClonedDisk {
  std::string key;
  std::string value;
  bool full = true;
  bool cloudinit = false;
};

// The worker's disk copies; returns the error text ("" when every disk was made).
std::string clone_disks(ClusterState& state, const std::string& node, GuestType type, int newid,
                        const std::vector<ClonedDisk>& disks, const std::string& storage,
                        Json& config, std::vector<std::string>& made,
                        std::vector<std::string>& log) {
  const bool qemu = type == GuestType::kQemu;
  for (const auto& disk : disks) {
    const std::string volid = disk.value.substr(0, disk.value.find(','));
    if (disk.cloudinit) {
      log.push_back("create full clone of drive " + disk.key + " (" + volid + ")");
      DiskAllocation drive = allocate_cloudinit(state, node, newid, disk.value, storage);
      if (!drive.error.empty()) return drive.error;
      made.push_back(drive.value.substr(0, drive.value.find(',')));
      config[disk.key] = drive.value;
    } else if (disk.full) {
      log.push_back(qemu ? "create full clone of drive " + disk.key + " (" + volid + ")"
                         : "create full clone of mountpoint " + disk.key + " (" + volid + ")");
      DiskAllocation copy = copy_disk(state, node, type, newid, disk.value, storage);
      if (!copy.error.empty()) return copy.error;
      made.push_back(copy.value.substr(0, copy.value.find(',')));
      log.insert(log.end(), copy.log.begin(), copy.log.end());
      if (qemu) {
        const std::string size = rendered_bytes(
            parse_size(property_value(copy.value, "size").value_or("0")).value_or(0));
        log.push_back(concat("transferred ", size, " of ", size, " (100.00%)"));
      }
      config[disk.key] = copy.value;
    } else {
      log.push_back(qemu ? "create linked clone of drive " + disk.key + " (" + volid + ")"
                         : "create linked clone of mount point " + disk.key + " (" + volid + ")");
      const std::string clone = linked_clone(state, node, newid, volid, log);
      if (clone.empty()) return "volume '" + volid + "' does not exist";
      made.push_back(clone);
      config[disk.key] = clone + disk.value.substr(volid.size());
    }
  }
  return "";
}

// Applied when the worker ends: the new guest gets its config and node; `source_lock` is
// dropped from the source (lxc "disk").
std::function<void()> finish_clone(ClusterState& state, GuestType type, int vmid, int newid,
                                   const std::string& node, Json config,
                                   const std::string& source_lock, const std::string& pool) {
  return [&state, type, vmid, newid, node, config = std::move(config), source_lock, pool] {
    if (!source_lock.empty()) {
      auto source = state.guests.find(vmid);
      if (source != state.guests.end() && guest_lock(source->second) == source_lock) {
        source->second.config.erase("lock");
      }
    }
    Guest guest;
    guest.type = type;
    guest.vmid = newid;
    guest.node = node;
    guest.config = config;
    state.guests[newid] = std::move(guest);
    if (!pool.empty()) add_guest_to_pool(state, newid, pool);
  };
}

// A failed worker: the source's lock goes, so do the new guest and its volumes.
std::function<void()> abort_clone(ClusterState& state, int vmid, int newid,
                                  const std::string& source_lock) {
  return [&state, vmid, newid, source_lock] {
    auto source = state.guests.find(vmid);
    if (!source_lock.empty() && source != state.guests.end() &&
        guest_lock(source->second) == source_lock) {
      source->second.config.erase("lock");
    }
    state.guests.erase(newid);
  };
}

// The worker both clone handlers start once their checks passed: copies the disks into
// `config` and writes it for `newid` on the target node, or fails as "clone failed: …".
ApiResponse start_clone_worker(ClusterState& state, const ApiRequest& request, GuestType type,
                               int newid, const CloneTarget& target,
                               const std::vector<ClonedDisk>& disks, Json config,
                               const std::string& source_lock) {
  const std::string node = param_string(request, "node").value_or("");
  const int vmid = static_cast<int>(request_vmid(request));
  const char* worker = type == GuestType::kQemu ? "qmclone" : "vzclone";
  if (auto description = param_string(request, "description");
      description && !description->empty()) {
    config["description"] = *description;
  }
  std::vector<std::string> log;
  std::vector<std::string> made;
  const std::string error =
      clone_disks(state, node, type, newid, disks, target.storage, config, made, log);
  if (!error.empty()) {
    free_volumes(state, node, made);
    return ApiResponse::ok(start_request_task(state, request, worker, std::to_string(vmid),
                                              "clone failed: " + error, std::move(log),
                                              abort_clone(state, vmid, newid, source_lock)));
  }
  return ApiResponse::ok(
      start_request_task(state, request, worker, std::to_string(vmid), "OK", std::move(log),
                         finish_clone(state, type, vmid, newid, target.node, std::move(config),
                                      source_lock, param_string(request, "pool").value_or(""))));
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

  Json config = restorable_config(old);
  std::vector<ClonedDisk> disks;
  bool shared = true;
  for (const auto& [key, value] : old.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    const std::string volid = text.substr(0, text.find(','));
    if (is_net_key(key)) {
      config[key] = with_new_mac(GuestType::kQemu, text);
      continue;
    }
    if (!is_guest_disk_key(GuestType::kQemu, key) || volid_storage(volid).empty()) continue;
    shared = shared && is_shared(state, volid_storage(volid));
    const bool cloudinit = volid.find("-cloudinit") != std::string::npos;
    const bool cdrom = property_value(text, "media") == std::optional<std::string>("cdrom");
    if (cdrom && !cloudinit) continue;  // copied as it is
    const std::string storage = target.storage.empty() ? volid_storage(volid) : target.storage;
    if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                    "Datastore.AllocateSpace")) {
      return permission_denied("/storage/" + storage, "Datastore.AllocateSpace");
    }
    if (full && guest->running && !snapname && key == "tpmstate0") {
      return ApiResponse::error(500, "cannot clone TPM state while VM is running\n");
    }
    if (!full && !cloudinit && !is_base_volume(volid)) {
      return ApiResponse::error(500,
                                "Linked clone feature is not supported for drive '" + key + "'\n");
    }
    config.erase(key);
    disks.push_back({key, text, full, cloudinit});
  }
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

  Json config = restorable_config(old);
  std::vector<ClonedDisk> disks;
  bool shared = true;
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
    shared = shared && is_shared(state, storage);
    if (!state.access.has_privilege(request.auth_id, "/storage/" + storage,
                                    "Datastore.AllocateSpace")) {
      return permission_denied("/storage/" + storage, "Datastore.AllocateSpace");
    }
    if (full && guest->running && !snapname) {
      return ApiResponse::error(500,
                                "Cannot do full clones on a running container without snapshots\n");
    }
    if (!full && !is_base_volume(volid)) {
      return ApiResponse::error(500, "Linked clone feature for '" + volid + "' is not available\n");
    }
    config.erase(key);
    disks.push_back({key, text, full, false});
  }
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
