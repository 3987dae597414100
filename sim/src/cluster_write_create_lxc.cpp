// POST /nodes/{node}/lxc: create a container from a template (task vzcreate) or, with
// `restore=1`, from a vzdump archive (task vzrestore), as pve-container's API2/LXC.pm create_vm
// does it. VMID, permission, template and storage checks answer before the worker; the worker
// allocates rootfs and mount points, unpacks, and writes the config (password and SSH keys go
// into the container, never into its config). A failing worker frees the new volumes and
// removes the config.
#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>

#include "byte_units.h"
#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

const std::vector<std::string> kLxcCreateControls = {"ostemplate",
                                                     "password",
                                                     "ssh-public-keys",
                                                     "storage",
                                                     "force",
                                                     "restore",
                                                     "unique",
                                                     "pool",
                                                     "start",
                                                     "bwlimit",
                                                     "ha-managed",
                                                     "unprivileged",
                                                     "ignore-unpack-errors"};

// What PVE::LXC::Setup detects from the unpacked template's /etc/os-release.
std::string template_ostype(const std::string& ostemplate) {
  static const std::regex kDistribution(
      "vztmpl/(debian|devuan|ubuntu|centos|fedora|opensuse|archlinux|alpine|gentoo|nixos|"
      "rockylinux|almalinux)");
  std::smatch m;
  if (!std::regex_search(ostemplate, m, kDistribution)) return "unmanaged";
  const std::string name = m[1];
  return name == "rockylinux" || name == "almalinux" ? "centos" : name;
}

// check_and_activate_storage: the storage must be on the node, hold container directories and
// be usable by the caller.
std::optional<ApiResponse> check_rootdir_storage(const ClusterState& state,
                                                 const ApiRequest& request, const std::string& node,
                                                 const std::string& id) {
  const StorageDef* storage = state.find_storage(id);
  if (storage == nullptr) return ApiResponse::error(500, "storage '" + id + "' does not exist\n");
  if (state.pool(node, id) == nullptr) {
    return ApiResponse::error(500,
                              "storage '" + id + "' is not available on node '" + node + "'\n");
  }
  if (std::find(storage->content.begin(), storage->content.end(), "rootdir") ==
      storage->content.end()) {
    return param_error("storage", "storage '" + id + "' does not support container directories");
  }
  if (!state.access.has_privilege(request.auth_id, "/storage/" + id, "Datastore.AllocateSpace")) {
    return permission_denied("/storage/" + id, "Datastore.AllocateSpace");
  }
  return std::nullopt;
}

// A mount point of the request with plain sizes ("8") on the default storage ("local-lvm:8").
std::string mount_point_value(const std::string& value, const std::string& storage) {
  static const std::regex kPlainSize("^\\d+(\\.\\d+)?(,.*)?$");
  return std::regex_match(value, kPlainSize) ? storage + ":" + value : value;
}

// Everything the create/restore worker decided up front.
struct Plan {
  std::string node;
  int vmid = 0;
  std::string id;
  bool restore = false;
  std::string archive;
  std::string storage;
  Json config = Json::object();
  std::vector<std::pair<std::string, std::string>> mount_points;  // key, value to allocate
};

// The request's rootfs and mount points: plain sizes land on the plan's storage, each volume's
// storage must take container directories, and paths are root@pam's alone. Without a rootfs
// there may be no other mount point, and the plan's storage, where the worker puts the rootfs,
// is checked instead.
std::optional<ApiResponse> prepare_mount_points(
    const ClusterState& state, const ApiRequest& request, const Plan& plan,
    std::vector<std::pair<std::string, std::string>>& mounts) {
  bool has_rootfs = false;
  for (auto& [key, value] : mounts) {
    value = mount_point_value(value, plan.storage);
    has_rootfs = has_rootfs || key == "rootfs";
    const std::string volid = value.substr(0, value.find(','));
    if (volid_storage(volid).empty()) {
      if (request.auth_id != "root@pam") {
        return ApiResponse::error(500, "Only root can pass arbitrary filesystem paths.\n");
      }
      continue;
    }
    if (auto refused = check_rootdir_storage(state, request, plan.node, volid_storage(volid))) {
      return *refused;
    }
  }
  if (!mounts.empty() && !has_rootfs) {
    return ApiResponse::error(500, "mount points configured, but 'rootfs' not set - aborting\n");
  }
  if (!has_rootfs) {
    if (auto refused = check_rootdir_storage(state, request, plan.node, plan.storage)) {
      return *refused;
    }
  }
  return std::nullopt;
}

// "8" for 8 GiB, "0.5" for 512 MiB: a size as a new-volume request spells it.
std::string gib_text(std::int64_t bytes) {
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(bytes) / kGiB);
  return buffer;
}

// The archive's config merged with the request (restore_configuration); mount points are
// re-created on the request's storage with the archive's sizes when the request names none.
std::string plan_restore(ClusterState& state, const ApiRequest& request, Plan& plan,
                         std::vector<std::string>& log) {
  const Volume* volume = find_volume(state, plan.node, plan.archive);
  if (volume == nullptr) return "can't find file '" + plan.archive + "'";
  log.push_back("recovering backed-up configuration from '" + plan.archive + "'");
  if (volume->format.rfind("tar", 0) != 0 && volume->format != "pbs-ct") {
    return "archive '" + plan.archive + "' is not a container backup (format " + volume->format +
           ")";
  }
  const std::optional<Json> backup = backup_guest_config(state, *volume);
  if (!backup) return "no container configuration found in archive '" + plan.archive + "'";
  Json merged = restorable_config(*backup);
  const bool unique = param_bool(request, "unique", false);
  std::vector<std::pair<std::string, std::string>> archived_mounts;
  static const std::regex kVolumeAndSize("^[^,]*|,size=[^,]*");
  const Json archived = merged;
  for (const auto& [key, value] : archived.items()) {
    const std::string text = config_value_text(value);
    if (is_guest_disk_key(GuestType::kLxc, key)) {
      if (volid_storage(text.substr(0, text.find(','))).empty()) continue;  // bind mounts stay
      merged.erase(key);
      const auto size = parse_size(property_value(text, "size").value_or(""));
      if (!size) return "unable to detect disk size - please specify " + key + " (size)";
      archived_mounts.emplace_back(
          key, plan.storage + ":" + gib_text(*size) + std::regex_replace(text, kVolumeAndSize, ""));
    } else if (unique && is_net_key(key)) {
      merged[key] = with_new_mac(GuestType::kLxc, text);
    }
  }
  if (plan.mount_points.empty()) plan.mount_points = archived_mounts;
  for (const auto& [key, value] : plan.config.items()) merged[key] = value;
  if (!param_string(request, "unprivileged") && backup->contains("unprivileged")) {
    merged["unprivileged"] = (*backup)["unprivileged"];
  }
  plan.config = std::move(merged);
  return "";
}

// Template checks and the lines the unpacking prints.
std::string plan_create(ClusterState& state, Plan& plan, std::vector<std::string>& log) {
  const Volume* volume = find_volume(state, plan.node, plan.archive);
  if (volume == nullptr) return "can't find file '" + plan.archive + "'";
  log.push_back("extracting archive '" + volume_file_path(state, plan.archive) + "'");
  log.push_back("Total bytes read: " + std::to_string(volume->size * 4) + " (" +
                std::to_string(volume->size * 4 / (std::int64_t{1024} * 1024)) + "MiB)");
  log.push_back("Detected container architecture: amd64");
  plan.config["arch"] = "amd64";
  plan.config["ostype"] = template_ostype(plan.archive);
  return "";
}

// New volumes for the plan's mount points (existing ones and paths go into the config as they
// are); returns the error text ("" when every volume was made).
std::string allocate_mount_points(ClusterState& state, Plan& plan,
                                  std::vector<std::string>& allocated,
                                  std::vector<std::string>& log) {
  for (const auto& [key, value] : plan.mount_points) {
    auto fresh = parse_new_disk(value);
    if (!fresh) {
      plan.config[key] = value;
      continue;
    }
    DiskAllocation allocation = allocate_disk(state, plan.node, GuestType::kLxc, plan.vmid, *fresh);
    if (!allocation.error.empty()) return allocation.error;
    allocated.push_back(allocation.value.substr(0, allocation.value.find(',')));
    log.insert(log.end(), allocation.log.begin(), allocation.log.end());
    const auto blocks = static_cast<long long>(fresh->size_gib * 262144);
    log.push_back("Creating filesystem with " + std::to_string(blocks) + " 4k blocks and " +
                  std::to_string(blocks / 4) + " inodes");
    plan.config[key] = allocation.value;
  }
  return "";
}

// `replaced`: the volumes of the container a forced restore overwrites (empty otherwise).
ApiResponse run_worker(ClusterState& state, const ApiRequest& request, Plan plan, bool overwrite,
                       const std::vector<std::string>& replaced) {
  const char* worker = plan.restore ? "vzrestore" : "vzcreate";
  const std::string emsg =
      std::string(plan.restore ? "unable to restore CT " : "unable to create CT ") + plan.id +
      " - ";
  std::vector<std::string> log;
  const int vmid = plan.vmid;
  // Until disks exist, a failure keeps an overwritten container (only its lock goes); after,
  // the config is destroyed.
  bool keep_config = overwrite;
  auto fail = [&](const std::string& message) {
    return ApiResponse::ok(start_request_task(state, request, worker, plan.id, emsg + message,
                                              std::move(log), [&state, vmid, keep_config] {
                                                auto it = state.guests.find(vmid);
                                                if (it == state.guests.end()) return;
                                                if (keep_config) {
                                                  it->second.config.erase("lock");
                                                } else {
                                                  state.guests.erase(it);
                                                }
                                              }));
  };
  if (plan.restore) {
    const std::string error = plan_restore(state, request, plan, log);
    if (!error.empty()) return fail(error);
    if (std::none_of(plan.mount_points.begin(), plan.mount_points.end(),
                     [](const auto& mp) { return mp.first == "rootfs"; })) {
      return fail(
          "rootfs configuration could not be recovered, please check and specify manually!");
    }
  } else if (plan.mount_points.empty()) {
    plan.mount_points.emplace_back("rootfs", plan.storage + ":4");  // 4 GiB by default
  }
  keep_config = false;

  std::vector<std::string> allocated;
  if (const std::string error = allocate_mount_points(state, plan, allocated, log);
      !error.empty()) {
    free_volumes(state, plan.node, allocated);
    return fail(error);
  }
  if (!plan.restore) {
    const std::string error = plan_create(state, plan, log);
    if (!error.empty()) {
      free_volumes(state, plan.node, allocated);
      return fail(error);
    }
  } else {
    log.push_back("restoring '" + plan.archive + "' now..");
    log.push_back("merging backed-up and given configuration..");
    free_volumes(state, plan.node, replaced);
  }
  if (!plan.config.contains("hostname")) plan.config["hostname"] = "CT" + plan.id;
  if (!plan.config.contains("memory")) plan.config["memory"] = 512;
  if (!plan.config.contains("swap")) plan.config["swap"] = 512;
  if (!plan.restore) {
    log.push_back("Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...");
  }
  const bool start = param_bool(request, "start", false);
  Json config = plan.config;
  return ApiResponse::ok(
      start_request_task(state, request, worker, plan.id, "OK", std::move(log),
                         write_new_config(state, request, vmid, std::move(config), start)));
}

}  // namespace

ApiResponse post_lxc_create(ClusterState& state, const ApiRequest& request) {
  Plan plan;
  plan.node = param_string(request, "node").value_or("");
  plan.vmid = static_cast<int>(request_vmid(request));
  plan.id = std::to_string(plan.vmid);
  plan.restore = param_bool(request, "restore", false);
  plan.archive = param_string(request, "ostemplate").value_or("");
  plan.storage = param_string(request, "storage").value_or("local");
  const bool force = param_bool(request, "force", false);
  Guest* existing = find_request_guest(state, request, GuestType::kLxc);
  const bool overwrite = existing != nullptr && plan.restore && force;

  const bool unprivileged = param_bool(request, "unprivileged", !plan.restore);
  if (!plan.restore && !unprivileged &&
      !state.access.has_privilege(request.auth_id, "/", "Sys.Modify")) {
    return permission_denied("/", "Sys.Modify");
  }
  if (!overwrite) {
    if (const std::string taken = vmid_taken_text(state, plan.vmid); !taken.empty()) {
      return ApiResponse::error(500, taken + "\n");
    }
  } else {
    if (existing->running) return ApiResponse::error(500, "can't overwrite running container\n");
    if (config_value_text(existing->config.value("protection", Json(0))) == "1") {
      return ApiResponse::error(500,
                                "unable to restore CT " + plan.id + " - protection mode enabled\n");
    }
  }
  if (auto missing = check_pool(state, request)) return *missing;
  const std::string vm_path = "/vms/" + plan.id;
  if (!may_allocate_guest(state, request, plan.vmid) &&
      !(overwrite && state.access.has_privilege(request.auth_id, vm_path, "VM.Backup"))) {
    return permission_check_failed();
  }
  if (auto denied = check_volume_access(state, request, plan.vmid, plan.archive,
                                        plan.restore ? "backup" : "vztmpl")) {
    return *denied;
  }

  std::vector<std::pair<std::string, std::string>> mounts;
  plan.config = create_config_of(request, GuestType::kLxc, kLxcCreateControls, mounts);
  if (auto refused = prepare_mount_points(state, request, plan, mounts)) return *refused;
  plan.mount_points = mounts;
  if (unprivileged) plan.config["unprivileged"] = 1;

  const std::string emsg =
      std::string(plan.restore ? "unable to restore CT " : "unable to create CT ") + plan.id +
      " - ";
  std::vector<std::string> replaced;
  if (overwrite) {
    if (const std::string lock = guest_lock(*existing); !lock.empty()) {
      return ApiResponse::error(500, emsg + "CT is locked (" + lock + ")\n");
    }
    const std::set<std::string> volumes = guest_referenced_volumes(*existing);
    replaced.assign(volumes.begin(), volumes.end());
  }
  lock_new_guest(state, GuestType::kLxc, plan.vmid, plan.node, "create");
  return run_worker(state, request, std::move(plan), overwrite, replaced);
}

}  // namespace pvesim
