// POST /nodes/{node}/qemu with `archive`: restore a VM from a vzdump archive (task qmrestore),
// as qemu-server's create_vm and restore_vma_archive (restore_proxmox_backup_archive for a
// PBS snapshot) do it. Permission, archive and VMID checks
// answer before the worker; protection and a running VM fail the worker, which then only drops
// the "create" lock ("VM state is NOT cleaned up"). The restored config is the archive's with
// new volumes for its disks (on `storage`, else where each disk was) and the request's other
// parameters on top; `unique` gives network devices new MACs and the VM new UUIDs.
#include <optional>
#include <regex>
#include <set>

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "pbs_backup.h"

namespace pvesim {
namespace {

std::string cloudinit_renamed(const std::string& value, int vmid) {
  static const std::regex kCloudinit("vm-\\d+-cloudinit");
  return std::regex_replace(value, kCloudinit, "vm-" + std::to_string(vmid) + "-cloudinit");
}

// The checks before the worker: pool, storage and guest permissions, no disk parameters (the
// archive brings the disks), access to the archive.
std::optional<ApiResponse> restore_refusal(const ClusterState& state, const ApiRequest& request,
                                           int vmid, const Guest* existing) {
  const std::string archive = param_string(request, "archive").value_or("");
  const bool force = param_bool(request, "force", false);
  if (auto missing = check_pool(state, request)) return *missing;
  if (auto denied = check_target_storage(state, request)) return *denied;
  const std::string vm_path = "/vms/" + std::to_string(vmid);
  if (!may_allocate_guest(state, request, vmid) &&
      !(force && existing != nullptr &&
        state.access.has_privilege(request.auth_id, vm_path, "VM.Backup"))) {
    return permission_check_failed();
  }
  for (const auto& key : config_keys_of(request, kQemuCreateControls)) {
    if (is_guest_disk_key(GuestType::kQemu, key)) {
      return param_error(key, "option conflicts with option 'archive'");
    }
  }
  if (auto denied = check_volume_access(state, request, vmid, archive, "backup")) return *denied;
  return std::nullopt;
}

// A failing worker drops the lock and leaves the rest as it is.
ApiResponse fail_restore(ClusterState& state, const ApiRequest& request, int vmid,
                         const std::string& message, std::vector<std::string> log) {
  const std::string id = std::to_string(vmid);
  log.push_back(
      "error before or during data restore, some or all disks were not completely "
      "restored. VM " +
      id + " state is NOT cleaned up.");
  return ApiResponse::ok(start_request_task(state, request, "qmrestore", id,
                                            "unable to restore VM " + id + " - " + message,
                                            std::move(log), [&state, vmid] {
                                              auto it = state.guests.find(vmid);
                                              if (it != state.guests.end())
                                                it->second.config.erase("lock");
                                            }));
}

// New volumes for the disks of `config` (on `storage`, else where each was; base volumes for a
// template), written into it; on a failure the volumes made so far go again and the error is
// returned.
std::optional<std::string> restore_disks(ClusterState& state, const std::string& node, int vmid,
                                         const std::string& storage, bool is_template, Json& config,
                                         std::vector<std::string>& log) {
  Guest as_backed_up;
  as_backed_up.type = GuestType::kQemu;
  as_backed_up.config = config;
  std::vector<std::string> allocated;
  for (const auto& disk : guest_disks(as_backed_up, false)) {
    const std::string value = config_value_text(config[disk.key]);
    const auto size = parse_size(property_value(value, "size").value_or("0"));
    log.push_back("DEV: dev_id=" + std::to_string(allocated.size() + 1) +
                  " size: " + std::to_string(size.value_or(0)) + " devname: drive-" + disk.key);
    DiskAllocation copy = copy_disk(state, node, GuestType::kQemu, vmid, value, storage);
    if (!copy.error.empty()) {
      free_volumes(state, node, allocated);
      return copy.error;
    }
    std::string volid = copy.value.substr(0, copy.value.find(','));
    log.insert(log.end(), copy.log.begin(), copy.log.end());
    log.push_back("new volume ID is '" + volid + "'");
    if (is_template) {
      const std::string base = make_base_volume(state, node, volid);
      copy.value.replace(0, volid.size(), base);
      volid = base;
    }
    allocated.push_back(volid);
    config[disk.key] = copy.value;
  }
  return std::nullopt;
}

// The cloud-init drive takes the new VMID; with `unique`, network devices get new MACs and the
// VM new UUIDs.
void renew_identity(Json& config, int vmid, bool unique) {
  const Json restored = config;
  for (const auto& [key, value] : restored.items()) {
    if (!value.is_string()) continue;
    if (is_guest_disk_key(GuestType::kQemu, key)) {
      config[key] = cloudinit_renamed(value.get<std::string>(), vmid);
    } else if (unique && is_net_key(key)) {
      config[key] = with_new_mac(GuestType::kQemu, value.get<std::string>());
    }
  }
  if (unique) {
    if (config.contains("vmgenid")) config["vmgenid"] = random_uuid();
    config["smbios1"] = "uuid=" + random_uuid();
  }
}

}  // namespace

ApiResponse restore_qemu(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const int vmid = static_cast<int>(request_vmid(request));
  const std::string id = std::to_string(vmid);
  const std::string archive = param_string(request, "archive").value_or("");
  Guest* existing = find_request_guest(state, request, GuestType::kQemu);
  if (auto refusal = restore_refusal(state, request, vmid, existing)) return *refusal;
  const Volume* volume = find_volume(state, node, archive);
  if (volume == nullptr) return ApiResponse::error(500, "can't find file '" + archive + "'\n");

  const std::string emsg = "unable to restore VM " + id + " - ";
  if (existing == nullptr || !param_bool(request, "force", false)) {
    if (const std::string taken = vmid_taken_text(state, vmid); !taken.empty()) {
      return ApiResponse::error(500, emsg + taken + "\n");
    }
  } else if (const std::string lock = guest_lock(*existing); !lock.empty()) {
    return ApiResponse::error(500, emsg + "VM is locked (" + lock + ")\n");
  }
  lock_new_guest(state, GuestType::kQemu, vmid, node, "create");

  Guest& guest = state.guests.at(vmid);
  if (config_value_text(guest.config.value("protection", Json(0))) == "1") {
    return fail_restore(state, request, vmid, "protection mode enabled", {});
  }
  if (guest.running) return fail_restore(state, request, vmid, "vm is running", {});
  const bool from_pbs = volume->format == "pbs-vm";
  if (volume->format.rfind("vma", 0) != 0 && !from_pbs) {
    return fail_restore(
        state, request, vmid,
        "archive '" + archive + "' is not a VM backup (format " + volume->format + ")", {});
  }
  const std::optional<Json> backup = backup_guest_config(state, *volume);
  if (!backup) {
    return fail_restore(state, request, vmid,
                        "no VM configuration found in archive '" + archive + "'", {});
  }

  std::vector<std::string> log = {
      from_pbs ? "restore proxmox backup image: /usr/bin/pbs-restore --repository " +
                     pbs_repository(*state.find_storage(volid_storage(archive))) + " " +
                     volid_name(archive).substr(7)
               : "restore vma archive: zstd -q -d -c " + volume_file_path(state, archive) +
                     " | vma extract -v -r /var/tmp/vzdumptmp" + id + ".fifo - " +
                     "/var/tmp/vzdumptmp" + id};
  // The old VM's disks go first (destroy_vm keeping the config), then the archive's are made.
  const std::set<std::string> replaced = guest_referenced_volumes(guest);
  free_volumes(state, node, {replaced.begin(), replaced.end()});
  Json config = restorable_config(*backup);
  const bool is_template = config_value_text(config.value("template", Json(0))) == "1";
  const std::string storage = param_string(request, "storage").value_or("");
  if (auto error = restore_disks(state, node, vmid, storage, is_template, config, log)) {
    return fail_restore(state, request, vmid, *error, std::move(log));
  }
  renew_identity(config, vmid, param_bool(request, "unique", false));
  std::vector<std::pair<std::string, std::string>> no_disks;
  const Json overrides = create_config_of(request, GuestType::kQemu, kQemuCreateControls, no_disks);
  for (const auto& [key, value] : overrides.items()) config[key] = value;
  log.push_back("rescan volumes...");
  if (is_template) log.push_back("Convert to template.");
  const bool start = param_bool(request, "start", false);
  if (start) log.push_back("Execute autostart");
  return ApiResponse::ok(
      start_request_task(state, request, "qmrestore", id, "OK", std::move(log),
                         write_new_config(state, request, vmid, std::move(config), start)));
}

}  // namespace pvesim
