// The simulated cluster as one JSON document (GET /__sim/state, Simulator::dump_state).
#pragma once

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// Nodes, guests (config, snapshots, runtime state), storages with their volumes, resource pools,
// tasks per node and the principals (users and token ids, never secrets).
Json dump_cluster_state(const ClusterState& state);

}  // namespace pvesim
