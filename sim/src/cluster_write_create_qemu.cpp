// POST /nodes/{node}/qemu without `archive`: create a VM (task qmcreate), as qemu-server's
// API2/Qemu.pm create_vm does it. Storage and volume checks answer before the worker starts;
// the config holds "lock: create" while the worker allocates the disks; a failing worker frees
// what it allocated and removes the config. With `archive` the request is a restore
// (cluster_write_restore.cpp).
#include <algorithm>
#include <cctype>
#include <regex>

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

bool is_cdrom(const std::string& value) {
  return property_value(value, "media") == std::optional<std::string>("cdrom");
}

std::string volume_of(const std::string& value) {
  return value.substr(0, value.find(','));
}

// "local:iso/x.iso,media=cdrom" + 790626304 → "local:iso/x.iso,media=cdrom,size=754M".
std::string with_size(const std::string& value, std::int64_t bytes) {
  static const std::regex kSize(",size=[^,]*");
  return std::regex_replace(value, kSize, "") + ",size=" + format_disk_size(bytes);
}

// get_default_bootdevices: the first disk, the first CD-ROM, then the first network device,
// with disks in qemu-server's drive order (ide, sata, scsi, virtio, efidisk0, tpmstate0).
std::string default_boot_order(const Json& config) {
  static const std::vector<std::string> kBuses = {"ide", "sata", "scsi", "virtio"};
  auto rank = [](const std::string& key) {
    for (std::size_t i = 0; i < kBuses.size(); ++i) {
      const std::string& bus = kBuses[i];
      if (key.rfind(bus, 0) == 0 && key.size() > bus.size() &&
          std::isdigit(static_cast<unsigned char>(key[bus.size()]))) {
        return static_cast<int>(i) * 100 + std::stoi(key.substr(bus.size()));
      }
    }
    return 1000;
  };
  std::string disk, cdrom, net;
  int disk_rank = 1000, cdrom_rank = 1000, net_index = -1;
  for (const auto& [key, value] : config.items()) {
    if (is_net_key(key)) {
      const int index = std::stoi(key.substr(3));
      if (net_index < 0 || index < net_index) {
        net_index = index;
        net = key;
      }
      continue;
    }
    const int r = rank(key);
    if (r == 1000 || !value.is_string()) continue;
    const bool cdrom_drive = is_cdrom(value.get<std::string>());
    int& best = cdrom_drive ? cdrom_rank : disk_rank;
    if (r < best) {
      best = r;
      (cdrom_drive ? cdrom : disk) = key;
    }
  }
  std::string order;
  for (const auto& device : {disk, cdrom, net}) {
    if (!device.empty()) order += (order.empty() ? "" : ";") + device;
  }
  return "order=" + order;
}

// check_storage_access: what the API checks about each disk before the worker starts.
std::optional<ApiResponse> check_disks(
    const ClusterState& state, const ApiRequest& request, int vmid,
    const std::vector<std::pair<std::string, std::string>>& disks) {
  for (const auto& [key, value] : disks) {
    const std::string volid = volume_of(value);
    if (volid.empty() || volid == "none" || volid == "cdrom") continue;
    if (volid_name(volid) == "cloudinit") {
      if (state.find_storage(volid_storage(volid)) == nullptr) {
        return ApiResponse::error(500, "storage '" + volid_storage(volid) + "' does not exist\n");
      }
      continue;
    }
    if (auto fresh = parse_new_disk(value)) {
      const std::string path = "/storage/" + fresh->storage;
      if (!state.access.has_privilege(request.auth_id, path, "Datastore.AllocateSpace")) {
        return permission_denied(path, "Datastore.AllocateSpace");
      }
      const StorageDef* storage = state.find_storage(fresh->storage);
      if (storage == nullptr) {
        return ApiResponse::error(500, "storage '" + fresh->storage + "' does not exist\n");
      }
      if (std::find(storage->content.begin(), storage->content.end(), "images") ==
          storage->content.end()) {
        return param_error("storage",
                           "storage '" + fresh->storage + "' does not support vm images");
      }
      continue;
    }
    if (auto denied = check_volume_access(state, request, vmid, volid, "")) return denied;
    const std::string type = volume_content_type(volid);
    if (!volid_storage(volid).empty() && type != "images" && type != "iso") {
      return param_error(key, "content type needs to be 'images' or 'iso'");
    }
  }
  return std::nullopt;
}

// The worker's disk step: new volumes allocated, existing ones sized. Returns the error text.
std::string create_disks(ClusterState& state, const std::string& node, int vmid,
                         const std::vector<std::pair<std::string, std::string>>& disks,
                         Json& config, std::vector<std::string>& allocated,
                         std::vector<std::string>& log) {
  for (const auto& [key, value] : disks) {
    const std::string volid = volume_of(value);
    if (volid.empty() || volid == "none" || volid == "cdrom") {
      config[key] = value;
      continue;
    }
    if (volid_name(volid) == "cloudinit") {
      DiskAllocation drive = allocate_cloudinit(state, node, vmid, value, "");
      if (!drive.error.empty()) return drive.error;
      allocated.push_back(volume_of(drive.value));
      log.push_back(key + ": successfully created disk '" + drive.value + "'");
      config[key] = drive.value;
      continue;
    }
    if (auto fresh = parse_new_disk(value)) {
      DiskAllocation allocation = allocate_disk(state, node, GuestType::kQemu, vmid, *fresh);
      if (!allocation.error.empty()) return allocation.error;
      allocated.push_back(volume_of(allocation.value));
      log.insert(log.end(), allocation.log.begin(), allocation.log.end());
      log.push_back(key + ": successfully created disk '" + allocation.value + "'");
      config[key] = allocation.value;
      continue;
    }
    const Volume* volume = find_volume(state, node, volid);
    if (volume == nullptr) return "volume " + volid + " does not exist";
    config[key] = with_size(value, volume->size);
  }
  return "";
}

}  // namespace

ApiResponse post_qemu_create(ClusterState& state, const ApiRequest& request) {
  if (param_string(request, "archive")) return restore_qemu(state, request);
  const std::string node = param_string(request, "node").value_or("");
  const int vmid = static_cast<int>(request_vmid(request));
  const std::string id = std::to_string(vmid);
  if (auto missing = check_pool(state, request)) return *missing;
  if (auto denied = check_target_storage(state, request)) return *denied;
  if (!may_allocate_guest(state, request, vmid)) {
    return permission_check_failed();
  }
  std::vector<std::pair<std::string, std::string>> disks;
  Json config = create_config_of(request, GuestType::kQemu, kQemuCreateControls, disks);
  if (auto refused = check_disks(state, request, vmid, disks)) return *refused;
  if (const std::string taken = vmid_taken_text(state, vmid); !taken.empty()) {
    return ApiResponse::error(500, "unable to create VM " + id + " - " + taken + "\n");
  }
  lock_new_guest(state, GuestType::kQemu, vmid, node, "create");

  std::vector<std::string> log;
  std::vector<std::string> allocated;
  const std::string error = create_disks(state, node, vmid, disks, config, allocated, log);
  if (!error.empty()) {
    free_volumes(state, node, allocated);
    return ApiResponse::ok(start_request_task(
        state, request, "qmcreate", id, "unable to create VM " + id + " - " + error, std::move(log),
        [&state, vmid] { state.guests.erase(vmid); }));
  }
  config["meta"] = "creation-qemu=10.0.2,ctime=" + std::to_string(state.now_ms() / 1000);
  if (!config.contains("boot")) config["boot"] = default_boot_order(config);
  if (!config.contains("smbios1")) config["smbios1"] = "uuid=" + random_uuid();
  if (!config.contains("vmgenid") || config_value_text(config["vmgenid"]) == "1") {
    config["vmgenid"] = random_uuid();
  }
  const bool start = param_bool(request, "start", false);
  if (start) log.push_back("Execute autostart");
  return ApiResponse::ok(
      start_request_task(state, request, "qmcreate", id, "OK", std::move(log),
                         write_new_config(state, request, vmid, std::move(config), start)));
}

}  // namespace pvesim
