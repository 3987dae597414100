// JSON views of nodes, guests and storages, shared by the list, status and resource endpoints.
#pragma once

#include <string>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// qemu-server's and pve-container's vmstatus: an entry of the guest list.
Json guest_metrics(const ClusterState& state, const Guest& guest);
// qemu-server's vmstatus with `full` (the list's ?full=1): qmpstatus, and for a running VM what
// its QEMU monitor answers (guest_monitor.h).
Json qemu_full_status(const ClusterState& state, const Guest& guest);
// GET …/status/current: the full vmstatus plus `ha` (and qemu's spice, clipboard, agent).
Json guest_status(const ClusterState& state, const Guest& guest);
// An entry of /cluster/resources ("qemu/100"); guests of an offline node have status unknown.
Json guest_resource(const ClusterState& state, const Guest& guest);

// {id, node, type, status} plus metrics when the node is online and `with_stats`.
Json node_entry(const ClusterState& state, const Node& node, bool with_stats);

// GET /nodes/{node}/storage entry for one storage as `node` sees it.
Json storage_entry(const ClusterState& state, const StorageDef& storage, const std::string& node);
Json storage_resource(const ClusterState& state, const StorageDef& storage, const Node& node);
// GET /storage entry: the storage.cfg section.
Json storage_config_entry(const StorageDef& storage, const std::string& digest);
std::string storage_config_digest(const ClusterState& state);

// Who may see what, as the list endpoints filter (they hide, they do not 403).
bool can_audit_guest(const ClusterState& state, const std::string& auth_id, int vmid);
bool can_audit_storage(const ClusterState& state, const std::string& auth_id,
                       const std::string& storage);
bool can_audit_node(const ClusterState& state, const std::string& auth_id, const std::string& node);

}  // namespace pvesim
