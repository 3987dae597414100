// Applying pending changes (both guest types) and the lxc hotplug rules of pve-container's
// PVE::LXC::Config; the qemu hotplug rules are in pending_hotplug_qemu.cpp.
#include "pending_apply.h"

#include <regex>

#include "cluster_write_guests.h"
#include "cluster_write_volumes.h"
#include "guest_pending.h"
#include "text_concat.h"

namespace pvesim {
namespace {

bool is_mount_point_key(const std::string& key) {
  static const std::regex kMountPoint("^mp\\d+$");
  return std::regex_match(key, kMountPoint);
}

// apply_pending_mountpoint: a "storage:size" value is allocated first. The sim treats rootfs
// like a mount point here (PVE leaves rootfs changes to its own code paths).
std::string apply_mount_point(ClusterState& state, Guest& guest, const std::string& key,
                              std::vector<std::string>& log) {
  if (auto request = parse_new_disk(config_value_text(guest.pending[key]))) {
    DiskAllocation allocation = allocate_disk(state, guest.node, guest.type, guest.vmid, *request);
    if (!allocation.error.empty()) return allocation.error;
    log.insert(log.end(), allocation.log.begin(), allocation.log.end());
    guest.pending[key] = allocation.value;
  }
  commit_pending_key(guest, key);
  return "";
}

const std::set<std::string>& lxc_fast_plug_keys() {
  static const std::set<std::string> keys = {"description", "onboot",   "startup",
                                             "protection",  "hostname", "hookscript",
                                             "cores",       "tags",     "lock"};
  return keys;
}

PendingErrors hotplug_pending_lxc(ClusterState& state, Guest& guest,
                                  const std::set<std::string>& selection,
                                  std::vector<std::string>& log) {
  PendingErrors errors;
  const auto& fast = lxc_fast_plug_keys();
  for (const auto& key : fast) {
    if (selection.count(key) != 0 && guest.pending.contains(key)) commit_pending_key(guest, key);
  }
  static const std::regex kLiveDelete("^(swap|cpulimit|cpuunits|net\\d+)$");
  for (const auto& [key, force] : pending_deletes(guest.pending)) {
    if (selection.count(key) == 0) continue;
    if (is_unused_key(key)) {
      destroy_unused(state, guest, key);
    } else if (fast.count(key) == 0 && !std::regex_match(key, kLiveDelete)) {
      continue;  // not hotpluggable: stays pending
    }
    guest.config.erase(key);
    remove_pending_delete(guest.pending, key);
  }
  static const std::regex kLiveSet("^(cpulimit|cpuunits|memory|swap|net\\d+)$");
  static const std::regex kDevice("^dev\\d+$");
  const Json pending = guest.pending;
  for (const auto& [key, value] : pending.items()) {
    if (key == "delete" || selection.count(key) == 0) continue;
    if (std::regex_match(key, kLiveSet)) {
      commit_pending_key(guest, key);
    } else if (is_mount_point_key(key) || std::regex_match(key, kDevice)) {
      // Only new mount points and devices are plugged in; changing an existing one waits.
      if (guest.config.contains(key)) continue;
      const std::string error = apply_mount_point(state, guest, key, log);
      if (!error.empty()) errors[key] = concat("unable to hotplug ", key, ": ", error);
    }
  }
  return errors;
}

}  // namespace

bool is_unused_key(const std::string& key) {
  static const std::regex kUnused("^unused\\d+$");
  return std::regex_match(key, kUnused);
}

std::string disk_volume(GuestType type, const std::string& key, const Json& value) {
  Guest holder;
  holder.type = type;
  holder.config[key] = value;
  for (const auto& disk : guest_disks(holder, false)) return disk.volid;
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

void register_unused_volume(Guest& guest, const std::string& volid) {
  if (volid.empty() || is_unused_volume(guest.config, volid)) return;
  guest.config[free_unused_key(guest.config)] = volid;
}

void destroy_unused(ClusterState& state, Guest& guest, const std::string& key) {
  auto it = guest.config.find(key);
  if (it == guest.config.end()) return;
  const std::string volid = config_value_text(*it);
  if (!used_in_snapshot(guest, volid)) remove_volume(state, guest.node, volid);
  guest.config.erase(key);
}

void delete_or_detach_disk(ClusterState& state, Guest& guest, const std::string& key, bool force) {
  auto it = guest.config.find(key);
  if (it == guest.config.end()) return;
  const std::string volid = disk_volume(guest.type, key, *it);
  guest.config.erase(key);
  if (volid.empty()) return;
  if (force && guest.type == GuestType::kQemu && !used_in_snapshot(guest, volid)) {
    remove_volume(state, guest.node, volid);
  } else {
    register_unused_volume(guest, volid);
  }
}

std::vector<std::string> boot_order(const Json& config) {
  auto it = config.find("boot");
  if (it == config.end()) return {};
  auto order = property_value(config_value_text(*it), "order");
  return order ? split_list(*order) : std::vector<std::string>{};
}

std::string print_boot_order(const std::vector<std::string>& devices) {
  std::string order;
  for (const auto& device : devices) order += (order.empty() ? "" : ";") + device;
  return "order=" + order;
}

std::vector<std::string> boot_disks(const Json& config) {
  if (!config.contains("boot")) {
    auto legacy = config.find("bootdisk");
    if (legacy == config.end()) return {};
    return {config_value_text(*legacy)};
  }
  std::vector<std::string> out;
  for (const auto& device : boot_order(config)) {
    if (is_guest_disk_key(GuestType::kQemu, device)) out.push_back(device);
  }
  return out;
}

void drop_reused_unused(Guest& guest) {
  std::set<std::string> used;
  for (const auto& disk : guest_disks(guest, false)) used.insert(disk.volid);
  Guest pending_view = guest;
  pending_view.config = guest.pending;
  for (const auto& disk : guest_disks(pending_view, false)) used.insert(disk.volid);
  for (auto it = guest.config.begin(); it != guest.config.end();) {
    const bool reused = is_unused_key(it.key()) && used.count(config_value_text(*it)) != 0;
    it = reused ? guest.config.erase(it) : std::next(it);
  }
}

void commit_pending_key(Guest& guest, const std::string& key) {
  const Json value = guest.pending[key];
  guest.pending.erase(key);
  if (auto old = guest.config.find(key); old != guest.config.end()) {
    const std::string replaced = disk_volume(guest.type, key, *old);
    if (replaced != disk_volume(guest.type, key, value)) register_unused_volume(guest, replaced);
  }
  guest.config[key] = value;
  drop_reused_unused(guest);
}

PendingErrors apply_pending(ClusterState& state, Guest& guest, std::vector<std::string>& log) {
  PendingErrors errors;
  for (const auto& [key, force] : pending_deletes(guest.pending)) {
    if (is_unused_key(key)) {
      destroy_unused(state, guest, key);
    } else if (is_guest_disk_key(guest.type, key)) {
      delete_or_detach_disk(state, guest, key, force);
    }
    guest.config.erase(key);
    remove_pending_delete(guest.pending, key);
  }
  cleanup_pending(guest);
  const Json pending = guest.pending;
  for (const auto& [key, value] : pending.items()) {
    if (key == "delete") continue;
    if (guest.type == GuestType::kLxc && is_guest_disk_key(guest.type, key)) {
      const std::string error = apply_mount_point(state, guest, key, log);
      if (!error.empty())
        errors[key] = concat("unable to apply pending change ", key, " : ", error);
    } else {
      commit_pending_key(guest, key);
    }
  }
  return errors;
}

PendingErrors hotplug_pending(ClusterState& state, Guest& guest,
                              const std::set<std::string>& selection,
                              std::vector<std::string>& log) {
  if (guest.type == GuestType::kLxc) return hotplug_pending_lxc(state, guest, selection, log);
  return hotplug_pending_qemu(state, guest, selection);
}

}  // namespace pvesim
