// Storage reads on a node: the storage list, one storage's status and its content.
#include <algorithm>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_views.h"
#include "pbs_backup.h"

namespace pvesim {
namespace {

bool has_content(const StorageDef& storage, const std::string& content) {
  return std::find(storage.content.begin(), storage.content.end(), content) !=
         storage.content.end();
}

ApiResponse storage_missing(const std::string& storage) {
  return ApiResponse::error(500, "storage '" + storage + "' does not exist\n");
}

}  // namespace

ApiResponse get_node_storage(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const auto content = param_string(request, "content");
  const auto only = param_string(request, "storage");
  const bool formats = param_bool(request, "format", false);
  Json out = Json::array();
  for (const auto& storage : state.storages) {
    if (only && storage.id != *only) continue;
    if (content && !content->empty()) {
      // `content` is a list: a storage qualifies if it holds any of them.
      bool any = false;
      std::string list = *content;
      std::replace(list.begin(), list.end(), ';', ',');
      std::size_t start = 0;
      while (start <= list.size()) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        any = any || has_content(storage, list.substr(start, end - start));
        start = end + 1;
      }
      if (!any) continue;
    }
    if (!can_audit_storage(state, request.auth_id, storage.id)) continue;
    Json entry = storage_entry(state, storage, node);
    if (formats) {
      const bool file_based = storage.type == "dir" || storage.type == "nfs";
      entry["formats"] = file_based
                             ? Json{{"default", "qcow2"}, {"supported", {"qcow2", "raw", "vmdk"}}}
                             : Json{{"default", "raw"}, {"supported", {"raw"}}};
      entry["select_existing"] = flag(storage.type == "iscsi");
    }
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    return a["storage"].get<std::string>() < b["storage"].get<std::string>();
  });
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_storage_status(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const std::string id = param_string(request, "storage").value_or("");
  const StorageDef* storage = state.find_storage(id);
  if (storage == nullptr) return storage_missing(id);
  Json out = storage_entry(state, *storage, node);
  out.erase("storage");
  out.erase("used_fraction");
  return ApiResponse::ok(std::move(out));
}

namespace {

// archive_info's type for a vzdump file name ("vzdump-qemu-100-…"), PBS snapshots their own.
std::string backup_subtype(const Volume& volume) {
  if (is_pbs_backup(volume)) return pbs_subtype(volume);
  for (const char* type : {"qemu", "lxc", "openvz"}) {
    if (volume.volid.find(std::string("/vzdump-") + type + "-") != std::string::npos) return type;
  }
  return "unknown";
}

}  // namespace

ApiResponse get_storage_content(ClusterState& state, const ApiRequest& request) {
  const std::string node = param_string(request, "node").value_or("");
  const std::string id = param_string(request, "storage").value_or("");
  const StorageDef* storage = state.find_storage(id);
  if (storage == nullptr) return storage_missing(id);
  const StoragePool* pool = state.pool(node, id);
  const auto content = param_string(request, "content");
  const auto vmid = param_int(request, "vmid");
  std::vector<const Volume*> volumes;
  if (pool != nullptr) {
    for (const auto& volume : pool->volumes) {
      if (content && volume.content != *content) continue;
      if (vmid && volume.vmid != *vmid) continue;
      // Volumes of a guest are listed only to callers who may audit that guest.
      if (volume.vmid != 0 && !can_audit_guest(state, request.auth_id, volume.vmid)) continue;
      volumes.push_back(&volume);
    }
  }
  std::sort(volumes.begin(), volumes.end(),
            [](const Volume* a, const Volume* b) { return a->volid < b->volid; });
  // LVM and LVM-thin list their volumes from `lvs` output: the time stays text there, and
  // neither a used size nor a parent is reported. File storages' list_images always has a
  // `parent` (null without a backing file).
  const bool block = storage->type == "lvm" || storage->type == "lvmthin";
  Json out = Json::array();
  for (const Volume* volume : volumes) {
    const bool image = volume->content == "images" || volume->content == "rootdir";
    Json entry = {{"volid", volume->volid},
                  {"content", volume->content},
                  {"format", volume->format},
                  {"size", volume->size}};
    if (volume->ctime != 0) {
      entry["ctime"] = block && image ? Json(std::to_string(volume->ctime)) : Json(volume->ctime);
    }
    if (volume->vmid != 0) entry["vmid"] = volume->vmid;
    if (volume->used >= 0 && !block) entry["used"] = volume->used;
    if (!volume->notes.empty()) entry["notes"] = volume->notes;
    if (volume->is_protected) entry["protected"] = 1;
    if (!volume->parent.empty()) {
      entry["parent"] = volume->parent;
    } else if (image && !block) {
      entry["parent"] = nullptr;
    }
    if (volume->content == "backup") entry["subtype"] = backup_subtype(*volume);
    if (!volume->verification.is_null()) entry["verification"] = volume->verification;
    if (!volume->encrypted.empty()) entry["encrypted"] = volume->encrypted;
    out.push_back(std::move(entry));
  }
  return ApiResponse::ok(std::move(out));
}

}  // namespace pvesim
