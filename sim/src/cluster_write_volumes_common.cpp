// Helpers shared by the snapshot, backup, disk and agent writes (see cluster_write_volumes.h).
#include <algorithm>
#include <regex>
#include <set>

#include "byte_units.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {

bool is_guest_disk_key(GuestType type, const std::string& key) {
  static const std::regex kQemu("^(ide|sata|scsi|virtio)\\d+$|^efidisk0$|^tpmstate0$");
  static const std::regex kLxc("^rootfs$|^mp\\d+$");
  return std::regex_match(key, type == GuestType::kQemu ? kQemu : kLxc);
}

std::vector<GuestDisk> guest_disks(const Guest& guest, bool with_unused) {
  static const std::regex kUnused("^unused\\d+$");
  std::vector<GuestDisk> out;
  for (const auto& [key, value] : guest.config.items()) {
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    const std::string volid = text.substr(0, text.find(','));
    if (std::regex_match(key, kUnused)) {
      if (with_unused) out.push_back({key, volid});
      continue;
    }
    if (!is_guest_disk_key(guest.type, key)) continue;
    if (property_value(text, "media") == std::optional<std::string>("cdrom")) continue;
    // "none", bind mounts ("/mnt/data") and device paths have no storage.
    if (volid_storage(volid).empty()) continue;
    out.push_back({key, volid});
  }
  return out;
}

std::set<std::string> guest_referenced_volumes(const Guest& guest) {
  std::set<std::string> out;
  // The current config, then the pending section: destroy_vm and destroy_lxc_container free
  // volumes a pending change allocated too (foreach_volume_full over $conf->{pending}).
  for (const Json* section : {&guest.config, &guest.pending}) {
    Guest as_section = guest;
    as_section.config = *section;
    for (const auto& disk : guest_disks(as_section, true)) out.insert(disk.volid);
    // A cloud-init drive is a cdrom with a volume of its own.
    for (const auto& [key, value] : section->items()) {
      const std::string text = config_value_text(value);
      const std::string volid = text.substr(0, text.find(','));
      if (volid.find("-cloudinit") != std::string::npos && !volid_storage(volid).empty()) {
        out.insert(volid);
      }
    }
  }
  for (const auto& snapshot : guest.snapshots) {
    Guest as_of = guest;
    as_of.config = snapshot.config;
    for (const auto& disk : guest_disks(as_of, true)) out.insert(disk.volid);
    if (auto vmstate = snapshot.config.find("vmstate"); vmstate != snapshot.config.end()) {
      out.insert(config_value_text(*vmstate));
    }
  }
  return out;
}

std::string volid_storage(const std::string& volid) {
  const auto colon = volid.find(':');
  if (colon == std::string::npos || colon == 0 || volid.front() == '/') return "";
  return volid.substr(0, colon);
}

std::string volid_name(const std::string& volid) {
  const auto colon = volid.find(':');
  return colon == std::string::npos ? volid : volid.substr(colon + 1);
}

Volume* find_volume(ClusterState& state, const std::string& node, const std::string& volid) {
  StoragePool* pool = state.pool(node, volid_storage(volid));
  if (pool == nullptr) return nullptr;
  for (auto& volume : pool->volumes) {
    if (volume.volid == volid) return &volume;
  }
  return nullptr;
}

bool remove_volume(ClusterState& state, const std::string& node, const std::string& volid) {
  StoragePool* pool = state.pool(node, volid_storage(volid));
  if (pool == nullptr) return false;
  const auto before = pool->volumes.size();
  pool->volumes.erase(std::remove_if(pool->volumes.begin(), pool->volumes.end(),
                                     [&](const Volume& v) { return v.volid == volid; }),
                      pool->volumes.end());
  return pool->volumes.size() != before;
}

std::int64_t storage_free(const ClusterState& state, const std::string& node,
                          const std::string& storage) {
  const StoragePool* pool = state.pool(node, storage);
  if (pool == nullptr) return 0;
  return std::max<std::int64_t>(0, pool->total - state.pool_used(*pool));
}

bool volume_supports_snapshot(const ClusterState& state, const std::string& volid) {
  const StorageDef* storage = state.find_storage(volid_storage(volid));
  if (storage == nullptr) return false;
  static const std::vector<std::string> kSnapshotTypes = {"lvmthin", "zfspool", "rbd", "btrfs"};
  if (std::find(kSnapshotTypes.begin(), kSnapshotTypes.end(), storage->type) !=
      kSnapshotTypes.end()) {
    return true;
  }
  const std::string name = volid_name(volid);
  return name.size() > 6 && name.compare(name.size() - 6, 6, ".qcow2") == 0;
}

std::string storage_path(const StorageDef& storage) {
  auto it = storage.options.find("path");
  if (it != storage.options.end() && it->is_string()) return it->get<std::string>();
  return "/mnt/pve/" + storage.id;
}

std::string format_disk_size(std::int64_t bytes) {
  static const std::pair<std::int64_t, const char*> kUnits[] = {
      {kMiB * 1024 * 1024, "T"}, {kMiB * 1024, "G"}, {kMiB, "M"}, {1024, "K"}};
  for (const auto& [factor, unit] : kUnits) {
    if (bytes >= factor && bytes % factor == 0) return std::to_string(bytes / factor) + unit;
  }
  return std::to_string(bytes);
}

long long request_vmid(const ApiRequest& request) {
  return param_int(request, "vmid").value_or(0);
}

Guest* find_request_guest(ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string node = param_string(request, "node").value_or("");
  auto it = state.guests.find(static_cast<int>(request_vmid(request)));
  if (it == state.guests.end() || it->second.type != type || it->second.node != node) {
    return nullptr;
  }
  return &it->second;
}

const char* guest_kind(GuestType type) {
  return type == GuestType::kQemu ? "VM" : "CT";
}

std::string start_request_task(ClusterState& state, const ApiRequest& request,
                               const std::string& type, const std::string& id,
                               const std::string& exitstatus, std::vector<std::string> log,
                               std::function<void()> on_finish) {
  TaskSpec spec;
  spec.node = param_string(request, "node").value_or("");
  spec.type = type;
  spec.id = id;
  spec.user = request.auth_id;
  spec.duration_ms = state.task_ms;
  spec.exitstatus = exitstatus;
  spec.log = std::move(log);
  spec.on_finish = std::move(on_finish);
  return state.tasks.start(std::move(spec));
}

ApiResponse failed_guest_task(ClusterState& state, const ApiRequest& request,
                              const std::string& type, const std::string& message,
                              std::vector<std::string> log) {
  return ApiResponse::ok(start_request_task(
      state, request, type, std::to_string(request_vmid(request)), message, std::move(log)));
}

void stop_guest_runtime(Guest& guest) {
  guest.running = false;
  guest.paused = false;
  guest.pid = 0;
  guest.cpu = 0;
  guest.mem = 0;
}

void start_guest_runtime(Guest& guest, std::int64_t now_ms) {
  guest.running = true;
  guest.paused = false;
  guest.started_ms = now_ms;
  // A fresh process: a pid derived from the clock keeps runs deterministic under a test clock.
  guest.pid = 1000 + static_cast<int>((now_ms / 1000) % 30000);
  guest.cpu = 0.02;
  guest.mem = guest_maxmem(guest) / 4;
}

}  // namespace pvesim
