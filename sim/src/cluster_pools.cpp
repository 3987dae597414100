#include "cluster_pools.h"

#include <algorithm>

#include "cluster_request.h"
#include "cluster_views.h"

namespace pvesim {

std::string guest_pool(const ClusterState& state, int vmid) {
  for (const auto& [poolid, pool] : state.resource_pools) {
    if (pool.vms.contains(vmid)) return poolid;
  }
  return "";
}

void add_guest_to_pool(ClusterState& state, int vmid, const std::string& pool) {
  auto it = state.resource_pools.find(pool);
  if (it == state.resource_pools.end()) return;
  remove_guest_from_pool(state, vmid);  // user.cfg maps a VMID to one pool only
  it->second.vms.insert(vmid);
}

void remove_guest_from_pool(ClusterState& state, int vmid) {
  for (auto& [poolid, pool] : state.resource_pools) pool.vms.erase(vmid);
}

std::map<std::string, std::string> pool_member_paths(const ClusterState& state) {
  std::map<std::string, std::string> out;
  for (const auto& [poolid, pool] : state.resource_pools) {
    for (int vmid : pool.vms) out["/vms/" + std::to_string(vmid)] = poolid;
    for (const auto& storage : pool.storage) out["/storage/" + storage] = poolid;
  }
  return out;
}

std::optional<ApiResponse> check_pool(const ClusterState& state, const ApiRequest& request) {
  const auto pool = param_string(request, "pool");
  if (!pool || state.resource_pools.contains(*pool)) return std::nullopt;
  return ApiResponse::error(403, "Permission check failed (pool '" + *pool + "' does not exist)\n");
}

Json pool_resource(const ClusterState& state, const std::string& poolid) {
  Json out = {{"id", "/pool/" + poolid}, {"pool", poolid}, {"type", "pool"}};
  auto it = state.resource_pools.find(poolid);
  if (it == state.resource_pools.end()) return out;
  for (int vmid : it->second.vms) {
    auto guest = state.guests.find(vmid);
    if (guest == state.guests.end()) continue;
    const Json entry = guest_resource(state, guest->second);
    if (entry.value("uptime", 0) == 0) continue;  // only running guests count
    const double maxcpu = out.value("maxcpu", 0.0);
    const double entry_maxcpu = entry.value("maxcpu", 0.0);
    out["uptime"] =
        std::max(out.value("uptime", std::int64_t{0}), entry["uptime"].get<std::int64_t>());
    out["mem"] = out.value("mem", std::int64_t{0}) + entry.value("mem", std::int64_t{0});
    out["maxmem"] = out.value("maxmem", std::int64_t{0}) + entry.value("maxmem", std::int64_t{0});
    // The pool's cpu is the share of all its guests' cpus in use.
    out["cpu"] = (out.value("cpu", 0.0) * maxcpu + entry.value("cpu", 0.0) * entry_maxcpu) /
                 (maxcpu + entry_maxcpu);
    out["maxcpu"] = number(maxcpu + entry_maxcpu);
  }
  return out;
}

}  // namespace pvesim
