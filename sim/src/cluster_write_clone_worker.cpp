// The clone worker (tasks qmclone and vzclone): full and linked copies of the source's disks,
// then the new guest's config, or on a failure the removal of what it made.
#include <functional>

#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_write_clone.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "task_progress.h"

namespace pvesim {
namespace {

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
        const auto progress = image_copy_log(
            made.back(), parse_size(property_value(copy.value, "size").value_or("0")).value_or(0));
        log.insert(log.end(), progress.begin(), progress.end());
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

}  // namespace

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

}  // namespace pvesim
