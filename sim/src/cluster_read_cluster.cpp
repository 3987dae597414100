// Cluster-wide reads: /version, /cluster/{status,resources,nextid}, /access/permissions, /storage
// (/cluster/resources lists resource pools first, as PVE does).
#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_views.h"

namespace pvesim {

ApiResponse get_version(ClusterState& state, const ApiRequest& /*request*/) {
  return ApiResponse::ok({{"version", state.pve_version},
                          {"release", state.pve_release},
                          {"repoid", state.pve_repoid}});
}

ApiResponse get_cluster_status(ClusterState& state, const ApiRequest& /*request*/) {
  Json out = Json::array();
  if (!state.cluster_name.empty()) {
    out.push_back({{"type", "cluster"},
                   {"id", "cluster"},
                   {"name", state.cluster_name},
                   {"nodes", state.nodes.size()},
                   {"quorate", flag(state.quorate())},
                   {"version", state.cluster_version}});
  }
  for (const auto& node : state.nodes) {
    out.push_back({{"type", "node"},
                   {"id", "node/" + node.name},
                   {"name", node.name},
                   {"nodeid", node.nodeid},
                   {"ip", node.ip},
                   {"online", flag(node.online)},
                   {"local", flag(node.name == state.local_node)},
                   {"level", ""}});
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_cluster_resources(ClusterState& state, const ApiRequest& request) {
  const std::string type = param_string(request, "type").value_or("");
  const std::string& caller = request.auth_id;
  Json out = Json::array();
  if (type.empty()) {
    for (const auto& [poolid, pool] : state.resource_pools) {
      if (state.access.has_privilege(caller, "/pool/" + poolid, "Pool.Audit")) {
        out.push_back(pool_resource(state, poolid));
      }
    }
  }
  if (type.empty() || type == "vm") {
    for (const auto& [vmid, guest] : state.guests) {
      if (!can_audit_guest(state, caller, vmid)) continue;
      out.push_back(guest_resource(state, guest));
      // Shown only to who may audit the pool.
      const std::string pool = guest_pool(state, vmid);
      if (!pool.empty() && state.access.has_privilege(caller, "/pool/" + pool, "Pool.Audit")) {
        out.back()["pool"] = pool;
      }
    }
  }
  if (type.empty() || type == "node") {
    for (const auto& node : state.nodes) {
      out.push_back(node_entry(state, node, can_audit_node(state, caller, node.name)));
      // The node's static-info: every node has them, online or not.
      out.back()["cgroup-mode"] = 2;
      out.back()["host-arch"] = "x86_64";
    }
  }
  if (type.empty() || type == "storage") {
    for (const auto& node : state.nodes) {
      for (const auto& storage : state.storages) {
        if (can_audit_storage(state, caller, storage.id)) {
          out.push_back(storage_resource(state, storage, node));
        }
      }
    }
  }
  // PVE 9 nodes broadcast their networks instead of SDN zones ("sdn" entries come only from
  // older nodes), and every node has the built-in "localnetwork" zone (its vmbr bridges).
  if (type.empty()) {  // ("network" is not in the schema's type enum)
    if (state.access.has_privilege(caller, "/sdn/zones/localnetwork", "SDN.Audit")) {
      for (const auto& node : state.nodes) {
        out.push_back({{"id", "network/" + node.name + "/zone/localnetwork"},
                       {"type", "network"},
                       {"network-type", "zone"},
                       {"network", "localnetwork"},
                       {"node", node.name},
                       {"status", "ok"}});
      }
    }
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_cluster_nextid(ClusterState& state, const ApiRequest& request) {
  if (param_string(request, "vmid")) {
    const auto vmid = param_int(request, "vmid");
    if (!vmid) {
      return param_error("vmid", "type check ('integer') failed - got '" +
                                     param_string(request, "vmid").value_or("") + "'");
    }
    if (state.guests.contains(static_cast<int>(*vmid))) {
      return param_error("vmid", "VM " + std::to_string(*vmid) + " already exists");
    }
    return ApiResponse::ok(std::to_string(*vmid));
  }
  // The default next-id range of datacenter.cfg. PVE answers a string: PVE::API2::Cluster's
  // nextid uses the counter as a hash key ($idlist->{$i}) before it returns it, and JSON::XS
  // writes a scalar last used as text as text.
  for (int vmid = 100; vmid < 1000000; ++vmid) {
    if (!state.guests.contains(vmid)) return ApiResponse::ok(std::to_string(vmid));
  }
  return ApiResponse::error(500, "unable to get any free VMID in range [100, 1000000]\n");
}

ApiResponse get_access_permissions(ClusterState& state, const ApiRequest& request) {
  const std::string& caller = request.auth_id;
  const std::string userid = param_string(request, "userid").value_or(caller);
  // Anyone may dump their own permissions and those of their own tokens.
  const bool own = userid == caller || userid.rfind(caller + "!", 0) == 0;
  if (!own && !state.access.has_privilege(caller, "/access", "Sys.Audit")) {
    return permission_denied("/access", "Sys.Audit");
  }
  if (auto path = param_string(request, "path")) {
    Json out = Json::object();
    const auto privileges = state.access.privileges(userid, *path);
    if (!privileges.empty()) {
      Json entry = Json::object();
      for (const auto& [privilege, propagate] : privileges) entry[privilege] = propagate ? 1 : 0;
      out[*path] = std::move(entry);
    }
    return ApiResponse::ok(std::move(out));
  }
  return ApiResponse::ok(state.access.effective_permissions(userid));
}

ApiResponse get_storage_config(ClusterState& state, const ApiRequest& request) {
  const std::string type = param_string(request, "type").value_or("");
  const std::string digest = storage_config_digest(state);
  Json out = Json::array();
  for (const auto& storage : state.storages) {
    if (!type.empty() && storage.type != type) continue;
    if (!can_audit_storage(state, request.auth_id, storage.id)) continue;
    out.push_back(storage_config_entry(storage, digest));
  }
  return ApiResponse::ok(std::move(out));
}

}  // namespace pvesim
