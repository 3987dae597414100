// The whole simulated cluster: nodes, guests, storages, access control and tasks.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_access.h"
#include "cluster_agent.h"
#include "cluster_clock.h"
#include "cluster_guest.h"
#include "cluster_tasks.h"

namespace pvesim {

struct Node {
  std::string name;
  int nodeid = 0;  // corosync node id; 0 on a standalone node
  std::string ip;
  bool online = true;
  std::string cpu_model;
  int sockets = 1, cores = 1, cpus = 1;  // cpus = threads = maxcpu
  double mhz = 0;
  std::int64_t memory_total = 0;
  std::int64_t host_mem_used = 0;  // used by the host itself, guests come on top
  std::int64_t swap_total = 0, swap_used = 0;
  double cpu = 0;  // 0..1
  double wait = 0;
  std::array<double, 3> loadavg{};
  std::int64_t booted_ms = 0;  // uptime origin
  std::string kernel_release, kernel_version;
  std::string ssl_fingerprint;
  bool efi = true;
};

struct Volume {
  std::string volid;    // "local:iso/debian-13.1.0-amd64-netinst.iso"
  std::string content;  // iso | vztmpl | backup | images | rootdir
  std::string format;   // iso | tzst | vma.zst | tar.zst | raw | qcow2 | subvol | pbs-vm | pbs-ct
  std::int64_t size = 0;
  std::int64_t used = -1;  // thin allocation; -1 when the storage does not report it
  std::int64_t ctime = 0;
  int vmid = 0;  // owner, 0 for none
  std::string notes;
  bool is_protected = false;
  std::string parent;  // linked clones: the base volume
  // PBS snapshots: the last verify job's {state, upid} (null when never verified) and the
  // encryption key's fingerprint ("" when not encrypted).
  Json verification = nullptr;
  std::string encrypted;
  // Backups (content "backup"): the guest config the archive carries (qemu-server.conf /
  // pct.conf), typed as Guest::config, without snapshot sections; null when unknown. vzdump
  // writes it; restore (POST /nodes/{node}/qemu with archive, lxc with restore=1) reads it.
  Json backup_config = nullptr;
};

// One entry of storage.cfg.
struct StorageDef {
  std::string id;
  std::string type;                  // dir | lvmthin | nfs | …
  std::vector<std::string> content;  // in PVE's listing order
  bool shared = false;
  Json options = Json::object();  // path, vgname, thinpool, server, export, …
};

// The space of one storage as one node sees it; shared storages have a single pool.
struct StoragePool {
  std::int64_t total = 0;
  std::int64_t base_used = 0;  // used by files the simulator does not list
  std::vector<Volume> volumes;
};

// A resource pool of user.cfg: guests and storages grouped for views and permissions.
struct ResourcePool {
  std::string comment;
  std::set<int> vms;
  std::set<std::string> storage;
};

// The rule lists of /etc/pve/firewall, each rule as parse_fw_rule reads it (type, action,
// enable, macro, proto, dport, source, dest, iface, log, comment, ipversion), in file order.
struct FirewallRules {
  std::vector<Json> cluster;                       // cluster.fw
  std::map<std::string, std::vector<Json>> hosts;  // nodes/<node>/host.fw
  std::map<int, std::vector<Json>> guests;         // <vmid>.fw
};

struct ClusterState {
  explicit ClusterState(Clock clock_in) : clock(clock_in), tasks(std::move(clock_in)) {}

  Clock clock;
  std::string cluster_name;  // "" = standalone node, no cluster entry in /cluster/status
  int cluster_version = 1;   // corosync config version
  std::string local_node;    // the node pveproxy answers on (local: 1)
  std::string pve_version = "9.2.11";
  std::string pve_release = "9.2";
  std::string pve_repoid = "f6997e698c7933ea";
  int task_ms = 0;  // duration of new tasks

  std::vector<Node> nodes;
  std::map<int, Guest> guests;
  std::vector<StorageDef> storages;
  std::map<std::string, StoragePool> pools;  // key: storage_pool_key()
  AccessControl access;
  TaskEngine tasks;
  std::map<int, GuestAgentState> agents;  // vmid → its guest agent (agent/exec)

  std::map<std::string, ResourcePool> resource_pools;  // poolid → pool (user.cfg)
  // ha/resources.cfg: sid ("vm:100") → the section's keys (type, state, max_restart, …).
  std::map<std::string, Json> ha_resources;
  FirewallRules firewall;

  std::int64_t now_ms() const { return clock(); }
  Node* find_node(const std::string& name);
  const Node* find_node(const std::string& name) const;
  const StorageDef* find_storage(const std::string& id) const;
  // The pool of `storage` as `node` sees it, or nullptr.
  StoragePool* pool(const std::string& node, const std::string& storage);
  const StoragePool* pool(const std::string& node, const std::string& storage) const;
  std::int64_t pool_used(const StoragePool& pool) const;
  std::int64_t node_mem_used(const Node& node) const;
  std::int64_t node_uptime(const Node& node) const;  // seconds
  bool quorate() const;
};

std::string storage_pool_key(const StorageDef& storage, const std::string& node);
std::string join_content(const std::vector<std::string>& content);  // "iso,vztmpl,backup"

}  // namespace pvesim
