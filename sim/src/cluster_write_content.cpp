// Deleting storage content: DELETE /nodes/{node}/storage/{storage}/content/{volume}, as
// PVE::API2::Storage::Content's delete (an imgdel task).
#include <functional>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_write_create.h"
#include "cluster_write_volumes.h"
#include "pbs_backup.h"

namespace pvesim {

ApiResponse delete_storage_volume(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  std::string storage_id = param_string(request, "storage").value_or("");
  const std::string volume_param = param_string(request, "volume").value_or("");
  std::string volid;
  if (volume_param.find(':') != std::string::npos) {
    const std::string prefix = volid_storage(volume_param);
    if (prefix.empty()) {
      return param_error("volume", "unable to parse volume ID '" + volume_param + "'");
    }
    if (!storage_id.empty() && prefix != storage_id) {
      return param_error("volume", "storage ID mismatch (" + prefix + " != " + storage_id + ")");
    }
    storage_id = prefix;
    volid = volume_param;
  } else {
    if (storage_id.empty()) {
      return param_error("volume", "no storage specified - incomplete volume ID");
    }
    volid = storage_id + ":" + volume_param;
  }
  const StorageDef* storage = state.find_storage(storage_id);
  if (storage == nullptr) {
    return ApiResponse::error(500, "storage '" + storage_id + "' does not exist\n");
  }

  Volume* volume = find_volume(state, node, volid);
  const std::string name = volid_name(volid);
  const bool is_backup = name.rfind("backup/", 0) == 0;
  if (storage->type == "pbs" && !parse_pbs_volname(name)) {
    return ApiResponse::error(500, "unable to parse PBS volume name '" + name + "'\n");
  }
  const int owner = volume_owner(name);
  const std::string storage_path_acl = "/storage/" + storage_id;
  if (is_backup && owner != 0) {
    if (!state.access.has_privilege(request.auth_id, storage_path_acl, "Datastore.AllocateSpace")) {
      return permission_denied(storage_path_acl, "Datastore.AllocateSpace");
    }
    const std::string vm_path = "/vms/" + std::to_string(owner);
    if (!state.access.has_privilege(request.auth_id, vm_path, "VM.Backup")) {
      return permission_denied(vm_path, "VM.Backup");
    }
  } else if (!state.access.has_privilege(request.auth_id, storage_path_acl, "Datastore.Allocate")) {
    return permission_denied(storage_path_acl, "Datastore.Allocate");
  }

  const std::string task_id = (owner != 0 ? std::to_string(owner) + "@" : "") + storage_id;
  std::string exitstatus = "OK";
  std::vector<std::string> log;
  std::function<void()> on_finish;
  const bool file_based = storage->type == "dir" || storage->type == "nfs";
  if (volume == nullptr) {
    if (storage->type == "pbs") {
      // PBSPlugin::free_image runs `proxmox-backup-client forget`, which fails on a snapshot
      // the datastore does not have.
      exitstatus = pbs_client_failure(*storage, "forget " + name.substr(7));
    } else if (file_based) {
      // Plugin::free_image only warns about a missing file; the task still reports removal.
      const std::string dir = is_backup ? "/dump/" + name.substr(7) : "/" + name;
      log.push_back("disk image '" + storage_path(*storage) + dir + "' does not exist");
      log.push_back("Removed volume '" + volid + "'");
      exitstatus = "WARNINGS: 1";
    } else {
      const std::string vg = storage->options.value("vgname", std::string("pve"));
      exitstatus = "lvremove '" + vg + "/" + name + "' error:   Failed to find logical volume \"" +
                   vg + "/" + name + "\"";
    }
  } else if (volume->is_protected) {
    exitstatus = "cannot remove protected volume '" + volid + "' on storage '" + storage_id + "'";
  } else {
    log.push_back("Removed volume '" + volid + "'");
    on_finish = [&state, node, volid] { remove_volume(state, node, volid); };
  }
  const std::string upid = start_request_task(state, request, "imgdel", task_id, exitstatus,
                                              std::move(log), std::move(on_finish));
  // `delay`: wait for the worker; a task that already ended answers null instead of its UPID.
  if (param_int(request, "delay") && state.task_ms == 0) {
    state.tasks.advance();
    return ApiResponse::ok(nullptr);
  }
  return ApiResponse::ok(upid);
}

}  // namespace pvesim
