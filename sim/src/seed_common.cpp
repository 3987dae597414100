#include <cctype>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "cluster_seed.h"
#include "cluster_sha1.h"

namespace pvesim {

void seed_cluster(ClusterState& state, const std::string& seed) {
  if (seed == "small") {
    seed_small(state);
  } else if (seed == "standalone") {
    seed_standalone(state);
  } else if (seed == "empty") {
    seed_empty(state);
  } else if (seed == "large") {
    seed_large(state);
  } else {
    throw std::invalid_argument("unknown seed '" + seed + "' (small, standalone, empty, large)");
  }
}

std::string random_uuid() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::uint64_t> dist;
  std::uint64_t hi = dist(engine);
  std::uint64_t lo = dist(engine);
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buffer;
}

std::string seed_fingerprint(const std::string& node) {
  const std::string hex = sha1_hex(node) + sha1_hex("cert:" + node).substr(0, 24);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i + 1])));
  }
  return out;
}

void seed_access(ClusterState& state) {
  AccessControl& access = state.access;
  access.add_user("auditor@pve");
  access.add_user("operator@pve");
  access.add_token({"root@pam", "mcpserver", false, random_uuid(), "proxmox-mcp"});
  access.add_token({"auditor@pve", "ro", true, random_uuid(), "read-only monitoring"});
  access.add_token({"operator@pve", "ops", true, random_uuid(), "VM 100 operations"});
  access.add_acl({"/", AclKind::kUser, "auditor@pve", "PVEAuditor", true});
  access.add_acl({"/", AclKind::kToken, "auditor@pve!ro", "PVEAuditor", true});
  // The operator may manage every guest and use storage; its token is narrowed to VM 100
  // and the local storage, so privilege separation visibly intersects.
  access.add_acl({"/vms", AclKind::kUser, "operator@pve", "PVEVMAdmin", true});
  access.add_acl({"/storage", AclKind::kUser, "operator@pve", "PVEDatastoreUser", true});
  access.add_acl({"/vms/100", AclKind::kToken, "operator@pve!ops", "PVEVMAdmin", true});
  access.add_acl({"/storage/local", AclKind::kToken, "operator@pve!ops", "PVEDatastoreUser", true});
  // A custom role: power and console for every guest, nothing that changes a config.
  access.add_role("VMOperator", {"VM.Audit", "VM.PowerMgmt", "VM.Console", "Datastore.Audit"});
  access.add_user("support@pve");
  access.add_token({"support@pve", "power", true, random_uuid(), "power operations"});
  access.add_acl({"/", AclKind::kUser, "support@pve", "VMOperator", true});
  access.add_acl({"/", AclKind::kToken, "support@pve!power", "VMOperator", true});
  // Another custom role holding one VM.Config.* privilege: config writes are checked per key,
  // so cores passes and memory is refused.
  access.add_role("VMConfigCPU", {"VM.Audit", "VM.Config.CPU"});
  access.add_user("cputuner@pve");
  access.add_token({"cputuner@pve", "cpu", true, random_uuid(), "CPU sizing"});
  access.add_acl({"/vms", AclKind::kUser, "cputuner@pve", "VMConfigCPU", true});
  access.add_acl({"/vms", AclKind::kToken, "cputuner@pve!cpu", "VMConfigCPU", true});
}

Node make_node(const std::string& name, int nodeid, const std::string& ip, std::int64_t now_ms,
               std::int64_t uptime_s, const NodeHardware& hardware) {
  Node node;
  node.name = name;
  node.nodeid = nodeid;
  node.ip = ip;
  node.cpu_model = hardware.cpu_model;
  node.sockets = hardware.sockets;
  node.cores = hardware.cores;
  node.cpus = hardware.cpus;
  node.mhz = hardware.mhz;
  node.memory_total = hardware.memory_total;
  node.host_mem_used = hardware.host_mem_used;
  node.swap_total = hardware.swap_total;
  node.booted_ms = now_ms - uptime_s * 1000;
  node.kernel_release = "6.17.2-1-pve";
  node.kernel_version = "#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)";
  node.ssl_fingerprint = seed_fingerprint(name);
  return node;
}

Guest make_guest(GuestType type, int vmid, const std::string& node, Json config) {
  Guest guest;
  guest.type = type;
  guest.vmid = vmid;
  guest.node = node;
  guest.config = std::move(config);
  return guest;
}

Volume make_disk_volume(const std::string& volid, int vmid, const std::string& content,
                        std::int64_t size, std::int64_t used, std::int64_t ctime) {
  Volume volume = make_file_volume(volid, content, "raw", size, ctime);
  volume.used = used;
  volume.vmid = vmid;
  return volume;
}

Volume make_file_volume(const std::string& volid, const std::string& content,
                        const std::string& format, std::int64_t size, std::int64_t ctime) {
  Volume volume;
  volume.volid = volid;
  volume.content = content;
  volume.format = format;
  volume.size = size;
  volume.ctime = ctime;
  return volume;
}

void seed_local_storages(ClusterState& state) {
  state.storages.push_back(
      {"local", "dir", {"iso", "vztmpl", "backup"}, false, {{"path", "/var/lib/vz"}}});
  state.storages.push_back({"local-lvm",
                            "lvmthin",
                            {"images", "rootdir"},
                            false,
                            {{"vgname", "pve"}, {"thinpool", "data"}}});
  for (const auto& node : state.nodes) {
    state.pools[node.name + "/local"] = {100861726720, 7 * kGiB + 612 * kMiB, {}};
    state.pools[node.name + "/local-lvm"] = {375809638400, 0, {}};
  }
}

void add_volume(ClusterState& state, const std::string& node, const std::string& storage,
                Volume volume) {
  StoragePool* pool = state.pool(node, storage);
  if (pool == nullptr) throw std::logic_error("seed: no storage " + storage + " on " + node);
  pool->volumes.push_back(std::move(volume));
}

void add_history_task(ClusterState& state, TaskSpec spec, std::int64_t start_epoch_s) {
  spec.start_ms = start_epoch_s * 1000;
  state.tasks.start(std::move(spec));
}

}  // namespace pvesim
