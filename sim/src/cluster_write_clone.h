// Shared by the qemu and lxc clone handlers (cluster_write_clone.cpp) and the worker they start
// (cluster_write_clone_worker.cpp).
#pragma once

#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

// Where a clone goes, from the request's `target` and `storage`.
struct CloneTarget {
  std::string node;     // where the new guest lives
  std::string storage;  // "" = each disk's own storage
  bool elsewhere = false;
};

// One disk the worker copies: its key, its config value, and how.
struct ClonedDisk {
  std::string key;
  std::string value;
  bool full = true;
  bool cloudinit = false;
};

// The worker both clone handlers start once their checks passed: copies the disks into
// `config` and writes it for `newid` on the target node, or fails as "clone failed: …".
ApiResponse start_clone_worker(ClusterState& state, const ApiRequest& request, GuestType type,
                               int newid, const CloneTarget& target,
                               const std::vector<ClonedDisk>& disks, Json config,
                               const std::string& source_lock);

}  // namespace pvesim
