// Seeded clusters: "small" (demo and tests), "standalone", "empty" and "large", plus their
// builders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "byte_units.h"
#include "cluster_state.h"

namespace pvesim {

// Fills a fresh state; throws std::invalid_argument for an unknown seed name.
void seed_cluster(ClusterState& state, const std::string& seed);

void seed_small(ClusterState& state);
void seed_small_guests(ClusterState& state, std::int64_t now_ms);  // the small seed's guests
void seed_small_observability(ClusterState& state);  // its HA resources and firewall rules
void seed_standalone(ClusterState& state);
void seed_empty(ClusterState& state);
void seed_large(ClusterState& state);  // 32 nodes, 10000 guests (seed_large.cpp)

// Builders shared by the seeds.
std::string random_uuid();
std::string seed_fingerprint(const std::string& node);  // deterministic "AB:CD:…" (32 bytes)
// The tokens, users and ACLs every seed has: root@pam!mcpserver (privsep 0),
// auditor@pve!ro (PVEAuditor on /), operator@pve!ops (PVEVMAdmin on /vms/100 via privsep),
// support@pve!power (the custom role VMOperator on /: audit, power, console).
void seed_access(ClusterState& state);
// The hardware of a seeded node.
struct NodeHardware {
  std::string cpu_model;
  int sockets = 1, cores = 1, cpus = 1;  // cpus = threads
  double mhz = 0;
  std::int64_t memory_total = 0, host_mem_used = 0, swap_total = 0;
};
// A node booted `uptime_s` before `now_ms`, with the seeds' kernel and a fingerprint of its own.
Node make_node(const std::string& name, int nodeid, const std::string& ip, std::int64_t now_ms,
               std::int64_t uptime_s, const NodeHardware& hardware);
// A stopped guest with `config`.
Guest make_guest(GuestType type, int vmid, const std::string& node, Json config);
// A raw volume of guest `vmid` (content images or rootdir); `used` is what a thin pool allocated.
Volume make_disk_volume(const std::string& volid, int vmid, const std::string& content,
                        std::int64_t size, std::int64_t used, std::int64_t ctime);
// A file volume without an owner (iso, vztmpl, …).
Volume make_file_volume(const std::string& volid, const std::string& content,
                        const std::string& format, std::int64_t size, std::int64_t ctime);
// local (dir) and local-lvm (lvmthin) on every node, each node with its own pool.
void seed_local_storages(ClusterState& state);
void add_volume(ClusterState& state, const std::string& node, const std::string& storage,
                Volume volume);
// A finished (or, with a future start, running) task from the seed's history.
void add_history_task(ClusterState& state, TaskSpec spec, std::int64_t start_epoch_s);

constexpr std::int64_t kDay = 86400;  // seconds

}  // namespace pvesim
