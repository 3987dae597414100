// DELETE /nodes/{node}/{qemu,lxc}/{vmid}: destroy a guest and free its volumes.
// Early checks (missing config, protection, running) answer 500 before the worker starts, as
// in qemu-server's destroy_vm and pve-container's destroy_vm; the lock check runs in the worker.
#include <set>

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_write_volumes.h"

namespace pvesim {
namespace {

// Guest volumes (images/rootdir) owned by `vmid` on the storages `node` sees.
std::vector<std::string> owned_volumes(const ClusterState& state, const std::string& node,
                                       int vmid) {
  std::vector<std::string> out;
  for (const auto& storage : state.storages) {
    const StoragePool* pool = state.pool(node, storage.id);
    if (pool == nullptr) continue;
    for (const auto& volume : pool->volumes) {
      if (volume.vmid != vmid) continue;
      if (volume.content != "images" && volume.content != "rootdir") continue;
      out.push_back(volume.volid);
    }
  }
  return out;
}

std::string removed_line(const ClusterState& state, const std::string& volid) {
  const StorageDef* storage = state.find_storage(volid_storage(volid));
  if (storage != nullptr && (storage->type == "lvmthin" || storage->type == "lvm")) {
    return "  Logical volume \"" + volid_name(volid) + "\" successfully removed.";
  }
  return "";
}

ApiResponse destroy(ClusterState& state, const ApiRequest& request, GuestType type) {
  const bool qemu = type == GuestType::kQemu;
  const long long vmid = request_vmid(request);
  const std::string node = param_string(request, "node").value_or("");
  if (qemu && param_bool(request, "skiplock", false) && request.auth_id != "root@pam") {
    return param_error("skiplock", "Only root may use this option.");
  }
  Guest* guest = find_request_guest(state, request, type);
  if (guest == nullptr) return config_missing(type, node, vmid);
  const std::string id = std::to_string(vmid);
  if (config_value_text(guest->config.value("protection", Json(0))) == "1") {
    return ApiResponse::error(500, std::string(qemu ? "can't remove VM " : "can't remove CT ") +
                                       id + " - protection mode enabled\n");
  }
  const bool force = !qemu && param_bool(request, "force", false);
  if (guest->running && !force) {
    return ApiResponse::error(500,
                              qemu ? "VM " + id + " is running - destroy failed\n"
                                   : "unable to destroy CT " + id + " - container is running\n");
  }
  const char* worker = qemu ? "qmdestroy" : "vzdestroy";
  const std::string lock = guest_lock(*guest);
  if (!lock.empty() && !(qemu && param_bool(request, "skiplock", false))) {
    return failed_guest_task(state, request, worker,
                             std::string(guest_kind(type)) + " is locked (" + lock + ")");
  }

  std::set<std::string> volumes = guest_referenced_volumes(*guest);
  if (param_bool(request, "destroy-unreferenced-disks", false)) {
    for (const auto& volid : owned_volumes(state, node, guest->vmid)) volumes.insert(volid);
  }
  std::vector<std::string> log;
  for (const auto& volid : volumes) {
    if (find_volume(state, node, volid) == nullptr) continue;
    const std::string line = removed_line(state, volid);
    if (!line.empty()) log.push_back(line);
  }
  if (param_bool(request, "purge", false)) {
    log.push_back("purging " + std::string(qemu ? "VM " : "CT ") + id +
                  " from related configurations..");
  }
  // The worker stops a container first when forced; a container holds the `destroyed` lock
  // while its volumes go away (qemu has no such lock).
  if (force) stop_guest_runtime(*guest);
  if (!qemu) guest->config["lock"] = "destroyed";

  const int guest_vmid = guest->vmid;
  const std::string ha_sid = guest_ha_sid(*guest);
  const bool purge = param_bool(request, "purge", false);
  return ApiResponse::ok(start_request_task(state, request, worker, id, "OK", std::move(log),
                                            [&state, guest_vmid, node, volumes, ha_sid, purge] {
                                              for (const auto& volid : volumes)
                                                remove_volume(state, node, volid);
                                              state.guests.erase(guest_vmid);
                                              // remove_vm_access, with or without purge;
                                              // remove_vmfw_conf always.
                                              remove_guest_from_pool(state, guest_vmid);
                                              state.firewall.guests.erase(guest_vmid);
                                              if (purge) state.ha_resources.erase(ha_sid);
                                            }));
}

}  // namespace

ApiResponse delete_qemu(ClusterState& state, const ApiRequest& request) {
  return destroy(state, request, GuestType::kQemu);
}
ApiResponse delete_lxc(ClusterState& state, const ApiRequest& request) {
  return destroy(state, request, GuestType::kLxc);
}

}  // namespace pvesim
