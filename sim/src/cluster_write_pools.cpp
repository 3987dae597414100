// Pool writes: POST /pools (create), PUT /pools, PUT /pools/{poolid} (comment and members) and
// DELETE /pools, DELETE /pools/{poolid} (an empty pool), as PVE::API2::Pool does them under
// lock_user_config, whose error message prefixes every failure ("update pools failed: VM 100
// is already a pool member").
#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_write_guests.h"
#include "text_concat.h"

namespace pvesim {
namespace {

// RPCEnvironment::check_perm_modify: Permissions.Modify or the path's own allocate privilege.
std::optional<std::string> perm_modify_denied(const ClusterState& state, const std::string& auth_id,
                                              const std::string& path,
                                              const std::string& allocate) {
  if (state.access.has_any_privilege(auth_id, path, {"Permissions.Modify", allocate})) {
    return std::nullopt;
  }
  return "Permission check failed (" + path + ", Permissions.Modify|" + allocate + ")";
}

}  // namespace

ApiResponse post_pools(ClusterState& state, const ApiRequest& request) {
  const std::string poolid = param_string(request, "poolid").value_or("");
  if (state.resource_pools.contains(poolid)) {
    return user_config_failed("create pool failed", "pool '" + poolid + "' already exists");
  }
  ResourcePool pool;
  pool.comment = param_string(request, "comment").value_or("");
  state.resource_pools[poolid] = std::move(pool);
  return ApiResponse::ok(nullptr);
}

ApiResponse put_pools(ClusterState& state, const ApiRequest& request) {
  const std::string poolid = param_string(request, "poolid").value_or("");
  const std::string failed = "update pools failed";
  auto it = state.resource_pools.find(poolid);
  if (it == state.resource_pools.end()) {
    return user_config_failed(failed, "pool '" + poolid + "' does not exist");
  }
  // user.cfg is written once at the end: work on a copy so a failure changes nothing.
  std::map<std::string, ResourcePool> pools = state.resource_pools;
  ResourcePool& pool = pools.at(poolid);
  if (auto comment = param_string(request, "comment")) pool.comment = *comment;
  const bool remove = param_bool(request, "delete", false);
  const bool allow_move = param_bool(request, "allow-move", false);
  for (const auto& item : split_list(param_string(request, "vms").value_or(""))) {
    const int vmid = std::stoi(item);
    if (auto denied = perm_modify_denied(state, request.auth_id, "/vms/" + item, "VM.Allocate")) {
      return user_config_failed(failed, *denied);
    }
    if (remove) {
      if (!pool.vms.contains(vmid)) {
        return user_config_failed(failed, "VM " + item + " is not a pool member");
      }
      pool.vms.erase(vmid);
      continue;
    }
    if (pool.vms.contains(vmid)) {
      return user_config_failed(failed, "VM " + item + " is already a pool member");
    }
    for (auto& [other_id, other] : pools) {
      if (!other.vms.contains(vmid)) continue;
      if (!allow_move) {
        return user_config_failed(failed, concat("VM ", item, " belongs already to pool '",
                                                 other_id, "' and 'allow-move' is not set"));
      }
      if (!state.access.has_privilege(request.auth_id, "/pool/" + other_id, "Pool.Allocate")) {
        return user_config_failed(
            failed, "Permission check failed (/pool/" + other_id + ", Pool.Allocate)");
      }
      other.vms.erase(vmid);
    }
    pool.vms.insert(vmid);
  }
  for (const auto& storage : split_list(param_string(request, "storage").value_or(""))) {
    if (auto denied = perm_modify_denied(state, request.auth_id, "/storage/" + storage,
                                         "Datastore.Allocate")) {
      return user_config_failed(failed, *denied);
    }
    const bool member = pool.storage.contains(storage);
    if (remove && !member) {
      return user_config_failed(failed, "Storage '" + storage + "' is not a pool member");
    }
    if (!remove && member) {
      return user_config_failed(failed, "Storage '" + storage + "' is already a pool member");
    }
    if (remove) {
      pool.storage.erase(storage);
    } else {
      pool.storage.insert(storage);
    }
  }
  state.resource_pools = std::move(pools);
  return ApiResponse::ok(nullptr);
}

ApiResponse delete_pools(ClusterState& state, const ApiRequest& request) {
  const std::string poolid = param_string(request, "poolid").value_or("");
  const std::string failed = "delete pool failed";
  auto it = state.resource_pools.find(poolid);
  if (it == state.resource_pools.end()) {
    return user_config_failed(failed, "pool '" + poolid + "' does not exist");
  }
  // Members that no longer exist do not count.
  for (int vmid : it->second.vms) {
    if (state.guests.contains(vmid)) {
      return user_config_failed(
          failed, "pool '" + poolid + "' is not empty (contains VM " + std::to_string(vmid) + ")");
    }
  }
  for (const auto& storage : it->second.storage) {
    if (state.find_storage(storage) != nullptr) {
      return user_config_failed(
          failed, concat("pool '", poolid, "' is not empty (contains storage '", storage, "')"));
    }
  }
  state.resource_pools.erase(it);
  state.access.remove_acls("/pool/" + poolid);  // delete_pool_acl
  return ApiResponse::ok(nullptr);
}

}  // namespace pvesim
