// The "large" seed: a 32-node datacenter with 10,000 guests, for scale tests. Everything is
// derived arithmetically from the node and guest numbers, so it is deterministic and quick.
#include <cstdio>

#include "cluster_seed.h"

namespace pvesim {
namespace {

constexpr int kNodes = 32;
constexpr int kGuests = 10000;
constexpr int kFirstVmid = 100;

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string mac_for(int vmid) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "BC:24:11:%02X:%02X:%02X", (vmid >> 16) & 0xFF, (vmid >> 8) & 0xFF,
                vmid & 0xFF);
  return buf;
}

void add_large_nodes(ClusterState& state, std::int64_t now) {
  for (int i = 1; i <= kNodes; ++i) {
    Node node = make_node("node" + two_digits(i), i, "10.10.0." + std::to_string(10 + i), now,
                          40LL * 86400 + std::int64_t{i} * 3600,
                          {.cpu_model = "AMD EPYC 9354 32-Core Processor",
                           .sockets = 2,
                           .cores = 32,
                           .cpus = 128,
                           .mhz = 3250.0,
                           .memory_total = 1536 * kGiB,
                           .host_mem_used = 12 * kGiB + (i % 7) * kGiB,
                           .swap_total = 8 * kGiB});
    node.cpu = 0.05 + 0.01 * (i % 20);
    node.wait = 0.001;
    node.loadavg = {4.0 + (i % 5), 3.5 + (i % 5), 3.0 + (i % 5)};
    state.nodes.push_back(node);
  }
}

void add_shared_storages(ClusterState& state) {
  state.storages.push_back(
      {"ceph-vm", "rbd", {"images", "rootdir"}, true, {{"pool", "vm"}, {"krbd", 0}}});
  state.pools["ceph-vm"] = {512 * kTiB, 3 * kTiB, {}};
  state.storages.push_back({"backup-nfs",
                            "nfs",
                            {"backup"},
                            true,
                            {{"export", "/export/pve-backup"},
                             {"path", "/mnt/pve/backup-nfs"},
                             {"server", "10.10.1.50"}}});
  state.pools["backup-nfs"] = {200 * kTiB, 40 * kTiB, {}};
}

// Guest n (0-based) lives on node n % 32; every third is a container, four in five run, and
// every tenth keeps its disk on the node's local-lvm instead of Ceph.
void add_guest(ClusterState& state, int n, std::int64_t now) {
  const int vmid = kFirstVmid + n;
  const Node& node = state.nodes[static_cast<size_t>(n % kNodes)];
  const bool lxc = n % 3 == 2;
  const std::string storage = n % 10 == 0 ? "local-lvm" : "ceph-vm";
  const std::string volid = storage + ":vm-" + std::to_string(vmid) + "-disk-0";
  const int disk_gib = 8 << (n % 4);
  const int memory_mib = 1024 << (n % 4);
  Guest guest;
  guest.vmid = vmid;
  guest.node = node.name;
  if (lxc) {
    guest.type = GuestType::kLxc;
    guest.config = {
        {"arch", "amd64"},
        {"cores", 1 + n % 4},
        {"hostname", "ct" + std::to_string(vmid)},
        {"memory", memory_mib},
        {"net0", "name=eth0,bridge=vmbr0,hwaddr=" + mac_for(vmid) + ",ip=dhcp,type=veth"},
        {"ostype", "debian"},
        {"rootfs", volid + ",size=" + std::to_string(disk_gib) + "G"},
        {"swap", 512},
        {"unprivileged", 1}};
  } else {
    guest.type = GuestType::kQemu;
    guest.config = {{"boot", "order=scsi0;net0"},
                    {"cores", 1 + n % 8},
                    {"memory", std::to_string(memory_mib)},
                    {"name", "vm" + std::to_string(vmid)},
                    {"net0", "virtio=" + mac_for(vmid) + ",bridge=vmbr0"},
                    {"ostype", "l26"},
                    {"scsi0", volid + ",size=" + std::to_string(disk_gib) + "G"},
                    {"scsihw", "virtio-scsi-single"},
                    {"sockets", 1}};
  }
  if (n % 5 != 4) {
    guest.running = true;
    const std::int64_t uptime_s = 3600 + (n % 1000) * 60;
    guest.started_ms = now - uptime_s * 1000;
    guest.pid = 10000 + n;
    guest.cpu = 0.01 * (n % 50);
    guest.mem = static_cast<std::int64_t>(memory_mib) * kMiB / 2;
    guest.netin = uptime_s * 4096;
    guest.netout = uptime_s * 2048;
    if (lxc) guest.disk_used = static_cast<std::int64_t>(disk_gib) * kGiB / 4;
  }
  state.guests[vmid] = std::move(guest);
  const std::int64_t size = static_cast<std::int64_t>(disk_gib) * kGiB;
  add_volume(
      state, node.name, storage,
      make_disk_volume(volid, vmid, lxc ? "rootdir" : "images", size, size / 3, 1790000000 + n));
}

}  // namespace

void seed_large(ClusterState& state) {
  const std::int64_t now = state.now_ms();
  state.cluster_name = "datacenter";
  state.cluster_version = 32;
  state.local_node = "node01";
  add_large_nodes(state, now);
  seed_local_storages(state);
  add_shared_storages(state);
  for (int n = 0; n < kGuests; ++n) add_guest(state, n, now);
  seed_access(state);
}

}  // namespace pvesim
