// Resource pools (user.cfg `pool:` entries): guest membership as PVE::AccessControl keeps it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// The pool guest `vmid` belongs to ($usercfg->{vms}->{$vmid}), or "".
std::string guest_pool(const ClusterState& state, int vmid);

// PVE::AccessControl::add_vm_to_pool: a no-op when `pool` does not exist (any more).
void add_guest_to_pool(ClusterState& state, int vmid, const std::string& pool);

// The pool part of PVE::AccessControl::remove_vm_access, run when a guest is destroyed.
void remove_guest_from_pool(ClusterState& state, int vmid);

// The ACL paths of every pool member ("/vms/100", "/storage/local") → its pool.
std::map<std::string, std::string> pool_member_paths(const ClusterState& state);

// RPCEnvironment::check_pool_exist for the request's `pool`: nullopt when absent or existing,
// else its raise_perm_exc: 403 "Permission check failed (pool 'x' does not exist)".
std::optional<ApiResponse> check_pool(const ClusterState& state, const ApiRequest& request);

// The `pool` entry /cluster/resources lists ({id: "/pool/prod", type: "pool", pool}) with the
// figures of its running guests summed up, as PVE::API2::Cluster::resources does.
Json pool_resource(const ClusterState& state, const std::string& poolid);

}  // namespace pvesim
