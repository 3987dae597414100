// Pool reads: GET /pools (the index, or one pool with `poolid`) and the deprecated
// GET /pools/{poolid}, as PVE::API2::Pool answers them.
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_views.h"

namespace pvesim {
namespace {

// PVE::API2Tools::extract_vm_stats: the /cluster/resources entry without what
// PVE::API2::Cluster::resources adds on top (pool, lock, tags).
Json member_entry(const ClusterState& state, const Guest& guest) {
  Json entry = guest_resource(state, guest);
  for (const char* added : {"pool", "lock", "tags"}) entry.erase(added);
  return entry;
}

// The node a storage member is shown on: the local node, or the first one that has it.
const Node* storage_member_node(const ClusterState& state, const std::string& storage) {
  const Node* local = state.find_node(state.local_node);
  if (local != nullptr && state.pool(local->name, storage) != nullptr) return local;
  for (const auto& node : state.nodes) {
    if (state.pool(node.name, storage) != nullptr) return &node;
  }
  return local;
}

// The members of `pool`: guests (only of `type` when given), then storages (unless a guest
// type is asked for), each sorted by id.
Json pool_members(const ClusterState& state, const ResourcePool& pool, const std::string& type) {
  Json members = Json::array();
  for (int vmid : pool.vms) {
    auto it = state.guests.find(vmid);
    if (it == state.guests.end()) continue;
    if (!type.empty() && type != guest_type_name(it->second.type)) continue;
    members.push_back(member_entry(state, it->second));
  }
  if (!type.empty() && type != "storage") return members;
  for (const auto& storage_id : pool.storage) {
    const StorageDef* storage = state.find_storage(storage_id);
    if (storage == nullptr) continue;
    const Node* node = storage_member_node(state, storage_id);
    if (node != nullptr) members.push_back(storage_resource(state, *storage, *node));
  }
  return members;
}

Json pool_config(const ClusterState& state, const ResourcePool& pool, const std::string& type) {
  Json out = {{"members", pool_members(state, pool, type)}};
  if (!pool.comment.empty()) out["comment"] = pool.comment;
  return out;
}

}  // namespace

ApiResponse get_pools(ClusterState& state, const ApiRequest& request) {
  const std::string& caller = request.auth_id;
  Json out = Json::array();
  if (auto poolid = param_string(request, "poolid")) {
    const std::string path = "/pool/" + *poolid;
    if (!state.access.has_privilege(caller, path, "Pool.Audit")) {
      return permission_denied(path, "Pool.Audit");
    }
    auto it = state.resource_pools.find(*poolid);
    if (it == state.resource_pools.end()) {
      return ApiResponse::error(500, "pool '" + *poolid + "' does not exist\n");
    }
    Json entry = pool_config(state, it->second, param_string(request, "type").value_or(""));
    entry["poolid"] = *poolid;
    out.push_back(std::move(entry));
    return ApiResponse::ok(std::move(out));
  }
  for (const auto& [poolid, pool] : state.resource_pools) {
    if (!state.access.has_privilege(caller, "/pool/" + poolid, "Pool.Audit")) continue;
    Json entry = {{"poolid", poolid}};
    if (!pool.comment.empty()) entry["comment"] = pool.comment;
    out.push_back(std::move(entry));
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_pool(ClusterState& state, const ApiRequest& request) {
  const std::string poolid = param_string(request, "poolid").value_or("");
  auto it = state.resource_pools.find(poolid);
  if (it == state.resource_pools.end()) {
    return ApiResponse::error(500, "pool '" + poolid + "' does not exist\n");
  }
  return ApiResponse::ok(
      pool_config(state, it->second, param_string(request, "type").value_or("")));
}

}  // namespace pvesim
