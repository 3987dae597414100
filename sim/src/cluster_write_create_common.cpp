// Helpers shared by guest create, restore and clone (cluster_write_create.h).
#include <algorithm>
#include <regex>

#include "byte_units.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "pbs_backup.h"

namespace pvesim {

int volume_owner(const std::string& volname) {
  static const std::regex kOwner("(?:^|/)(?:vm|base|vzdump-(?:qemu|lxc))-(\\d{1,9})-");
  // PBSPlugin::parse_volname: the owner of backup/<vm|ct>/<vmid>/<time>.
  if (const std::optional<PbsVolname> pbs = parse_pbs_volname(volname)) {
    const bool guest = pbs->btype == "vm" || pbs->btype == "ct";
    const bool numeric =
        pbs->id.size() <= 9 &&
        std::all_of(pbs->id.begin(), pbs->id.end(), [](char c) { return c >= '0' && c <= '9'; });
    return guest && numeric ? std::stoi(pbs->id) : 0;
  }
  std::smatch m;
  return std::regex_search(volname, m, kOwner) ? std::stoi(m[1]) : 0;
}

std::string vmid_taken_text(const ClusterState& state, int vmid) {
  auto it = state.guests.find(vmid);
  if (it == state.guests.end()) return "";
  return std::string(guest_kind(it->second.type)) + " " + std::to_string(vmid) +
         " already exists on node '" + it->second.node + "'";
}

std::string volume_content_type(const std::string& volid) {
  const std::string name = volid_name(volid);
  for (const char* type : {"iso", "vztmpl", "backup", "snippets", "import"}) {
    if (name.rfind(std::string(type) + "/", 0) == 0) return type;
  }
  return "images";
}

ApiResponse permission_check_failed() {
  return ApiResponse::error(403, "Permission check failed\n");
}

bool may_allocate_guest(const ClusterState& state, const ApiRequest& request, int vmid) {
  const auto pool = param_string(request, "pool");
  return state.access.has_privilege(request.auth_id, "/vms/" + std::to_string(vmid),
                                    "VM.Allocate") ||
         (pool && state.access.has_privilege(request.auth_id, "/pool/" + *pool, "VM.Allocate"));
}

std::optional<ApiResponse> check_target_storage(const ClusterState& state,
                                                const ApiRequest& request) {
  const auto storage = param_string(request, "storage");
  if (storage && !state.access.has_privilege(request.auth_id, "/storage/" + *storage,
                                             "Datastore.AllocateSpace")) {
    return permission_denied("/storage/" + *storage, "Datastore.AllocateSpace");
  }
  return std::nullopt;
}

std::optional<ApiResponse> check_volume_access(const ClusterState& state, const ApiRequest& request,
                                               int vmid, const std::string& volid,
                                               const std::string& content) {
  const std::string storage = volid_storage(volid);
  if (storage.empty()) {
    if (request.auth_id == "root@pam") return std::nullopt;
    return ApiResponse::error(500, "Only root can pass arbitrary filesystem paths.\n");
  }
  if (state.find_storage(storage) == nullptr) {
    return ApiResponse::error(500, "storage '" + storage + "' does not exist\n");
  }
  const std::string type = volume_content_type(volid);
  if (!content.empty() && type != content && !(content == "rootdir" && type == "images")) {
    return ApiResponse::error(
        500, "unable to use volume " + volid + " - content type needs to be '" + content + "'\n");
  }
  const AccessControl& access = state.access;
  const std::string storage_path = "/storage/" + storage;
  if (access.has_privilege(request.auth_id, storage_path, "Datastore.Allocate")) {
    return std::nullopt;
  }
  const int owner = volume_owner(volid_name(volid));
  if (type == "iso" || type == "vztmpl" || type == "import") {
    if (access.has_privilege(request.auth_id, storage_path, "Datastore.AllocateSpace") ||
        access.has_privilege(request.auth_id, storage_path, "Datastore.Audit")) {
      return std::nullopt;
    }
    return permission_denied(storage_path, "Datastore.AllocateSpace|Datastore.Audit");
  }
  if (owner != 0 && owner == vmid) return std::nullopt;
  const std::string owner_path = "/vms/" + std::to_string(owner);
  if (type == "backup" && owner != 0) {
    if (!access.has_privilege(request.auth_id, storage_path, "Datastore.AllocateSpace")) {
      return permission_denied(storage_path, "Datastore.AllocateSpace");
    }
    if (!access.has_privilege(request.auth_id, owner_path, "VM.Backup")) {
      return permission_denied(owner_path, "VM.Backup");
    }
    return std::nullopt;
  }
  if (type == "images" && owner != 0) {
    if (!access.has_privilege(request.auth_id, storage_path, "Datastore.Audit")) {
      return permission_denied(storage_path, "Datastore.Audit");
    }
    if (!access.has_privilege(request.auth_id, owner_path, "VM.Config.Disk")) {
      return permission_denied(owner_path, "VM.Config.Disk");
    }
    return std::nullopt;
  }
  return ApiResponse::error(500, "missing privileges to access " + volid + "\n");
}

DiskAllocation copy_disk(ClusterState& state, const std::string& node, GuestType type, int vmid,
                         const std::string& value, const std::string& storage) {
  const auto comma = value.find(',');
  const std::string volid = value.substr(0, comma);
  std::string options;
  std::optional<std::int64_t> size;
  for (std::size_t start = comma; start != std::string::npos;) {
    const auto next = value.find(',', start + 1);
    const std::string part = value.substr(start + 1, next - start - 1);
    if (part.rfind("size=", 0) == 0) {
      size = parse_size(part.substr(5));
    } else if (!part.empty()) {
      options += "," + part;
    }
    start = next;
  }
  if (!size) {
    const Volume* volume = find_volume(state, node, volid);
    size = volume != nullptr ? volume->size : 0;
  }
  NewDiskRequest request;
  request.storage = storage.empty() ? volid_storage(volid) : storage;
  request.size_gib = static_cast<double>(*size) / static_cast<double>(kGiB);
  request.options = options;
  DiskAllocation copy = allocate_disk(state, node, type, vmid, request);
  if (!copy.error.empty()) return copy;
  // The copy keeps the source's options in their order, size included.
  const std::string copied = copy.value.substr(0, copy.value.find(','));
  copy.value = copied + value.substr(volid.size());
  if (value.find(",size=") == std::string::npos) copy.value += ",size=" + format_disk_size(*size);
  return copy;
}

DiskAllocation allocate_cloudinit(ClusterState& state, const std::string& node, int vmid,
                                  const std::string& value, const std::string& storage) {
  constexpr std::int64_t kCloudinitBytes = 4LL * 1024 * 1024;
  const std::string volid = value.substr(0, value.find(','));
  const std::string target = storage.empty() ? volid_storage(volid) : storage;
  DiskAllocation out;
  StoragePool* pool = state.pool(node, target);
  if (pool == nullptr) {
    out.error = "storage '" + target + "' does not exist";
    return out;
  }
  Volume volume;
  volume.volid = target + ":vm-" + std::to_string(vmid) + "-cloudinit";
  volume.content = "images";
  volume.format = "raw";
  volume.size = kCloudinitBytes;
  volume.used = kCloudinitBytes;
  volume.ctime = state.now_ms() / 1000;
  volume.vmid = vmid;
  pool->volumes.push_back(volume);
  out.value = volume.volid + value.substr(volid.size());
  if (!property_value(out.value, "media")) out.value += ",media=cdrom";
  return out;
}

std::string with_new_mac(GuestType type, const std::string& net) {
  static const std::regex kLxcMac("(^|,)hwaddr=[^,]*");
  static const std::regex kQemuMac("^([a-z0-9-]+)=[0-9A-Fa-f:]+");
  static const std::regex kMacaddr("(^|,)macaddr=[^,]*");
  if (type == GuestType::kLxc) return with_mac(type, std::regex_replace(net, kLxcMac, ""));
  std::string stripped = std::regex_replace(net, kQemuMac, "$1");
  stripped = std::regex_replace(stripped, kMacaddr, "");
  return with_mac(type, stripped);
}

void free_volumes(ClusterState& state, const std::string& node,
                  const std::vector<std::string>& volids) {
  for (const auto& volid : volids) remove_volume(state, node, volid);
}

std::optional<Json> backup_guest_config(const ClusterState& state, const Volume& volume) {
  if (volume.backup_config.is_object()) return volume.backup_config;
  auto owner = state.guests.find(volume.vmid);
  if (owner == state.guests.end()) return std::nullopt;
  const bool lxc_archive =
      volume.volid.find("vzdump-lxc-") != std::string::npos || volume.format == "pbs-ct";
  if ((owner->second.type == GuestType::kLxc) != lxc_archive) return std::nullopt;
  Json config = owner->second.config;
  config.erase("lock");
  config.erase("parent");
  return config;
}

void lock_new_guest(ClusterState& state, GuestType type, int vmid, const std::string& node,
                    const std::string& lock) {
  auto it = state.guests.find(vmid);
  if (it != state.guests.end()) {
    it->second.config["lock"] = lock;
    return;
  }
  Guest guest;
  guest.type = type;
  guest.vmid = vmid;
  guest.node = node;
  guest.config = Json{{"lock", lock}};
  state.guests[vmid] = std::move(guest);
}

Json restorable_config(const Json& backup) {
  static const std::regex kDropped(
      "^(lock|parent|snaptime|snapstate|vmstate|runningmachine|"
      "runningcpu|unused\\d+)$");
  Json config = Json::object();
  for (const auto& [key, value] : backup.items()) {
    if (!std::regex_match(key, kDropped)) config[key] = value;
  }
  return config;
}

std::string make_base_volume(ClusterState& state, const std::string& node,
                             const std::string& volid) {
  Volume* volume = find_volume(state, node, volid);
  const std::string name = volid_name(volid);
  const auto at = name.rfind("vm-");
  if (volume == nullptr || at == std::string::npos) return volid;
  volume->volid = volid_storage(volid) + ":" + name.substr(0, at) + "base-" + name.substr(at + 3);
  return volume->volid;
}

std::string volume_file_path(const ClusterState& state, const std::string& volid) {
  const StorageDef* storage = state.find_storage(volid_storage(volid));
  const std::string name = volid_name(volid);
  const std::string root = storage != nullptr ? storage_path(*storage) : "";
  if (name.rfind("vztmpl/", 0) == 0) return root + "/template/cache/" + name.substr(7);
  if (name.rfind("iso/", 0) == 0) return root + "/template/iso/" + name.substr(4);
  if (name.rfind("backup/", 0) == 0) return root + "/dump/" + name.substr(7);
  return root + "/images/" + name;
}

std::function<void()> write_new_config(ClusterState& state, const ApiRequest& request, int vmid,
                                       Json config, bool start) {
  const std::string pool = param_string(request, "pool").value_or("");
  return [&state, vmid, config = std::move(config), start, pool] {
    auto it = state.guests.find(vmid);
    if (it == state.guests.end()) return;
    it->second.config = config;
    it->second.snapshots.clear();
    if (!pool.empty()) add_guest_to_pool(state, vmid, pool);
    if (start) start_guest_runtime(it->second, state.now_ms());
  };
}

Json create_config_of(const ApiRequest& request, GuestType type,
                      const std::vector<std::string>& controls,
                      std::vector<std::pair<std::string, std::string>>& disks) {
  Json config = Json::object();
  for (const auto& key : config_keys_of(request, controls)) {
    const std::string text = param_string(request, key).value_or("");
    if (is_guest_disk_key(type, key)) {
      disks.emplace_back(key, text);
    } else if (is_net_key(key)) {
      config[key] = with_mac(type, text);
    } else {
      config[key] = typed_config_value(request, key, text);
    }
  }
  return config;
}

}  // namespace pvesim
