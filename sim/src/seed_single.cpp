// The single-node seeds: "standalone" (a node with a few guests, no cluster) and "empty".
#include "cluster_seed.h"

namespace pvesim {
namespace {

void add_single_node(ClusterState& state) {
  // Node id 0: no corosync on a standalone node.
  Node node = make_node("pve", 0, "192.168.1.10", state.now_ms(), 2 * 86400 + 3 * 3600 + 15,
                        {.cpu_model = "Intel(R) Core(TM) i5-8500T CPU @ 2.10GHz",
                         .sockets = 1,
                         .cores = 6,
                         .cpus = 6,
                         .mhz = 2100.0,
                         .memory_total = 33514332160,
                         .host_mem_used = 2 * kGiB + 96 * kMiB,
                         .swap_total = 8 * kGiB});
  node.cpu = 0.0213;
  node.loadavg = {0.12, 0.09, 0.08};
  state.cluster_name.clear();
  state.local_node = "pve";
  state.nodes = {node};
  seed_local_storages(state);
}

}  // namespace

void seed_standalone(ClusterState& state) {
  add_single_node(state);
  const std::int64_t now = state.now_ms();

  Guest vm = make_guest(GuestType::kQemu, 100, "pve",
                        {{"boot", "order=scsi0;net0"},
                         {"cores", 2},
                         {"memory", "2048"},
                         {"name", "homeassistant"},
                         {"net0", "virtio=BC:24:11:00:01:00,bridge=vmbr0"},
                         {"onboot", 1},
                         {"ostype", "l26"},
                         {"scsi0", "local-lvm:vm-100-disk-0,size=32G"},
                         {"scsihw", "virtio-scsi-single"},
                         {"sockets", 1}});
  vm.running = true;
  vm.started_ms = now - (2 * 86400 + 3 * 3600) * 1000LL;
  vm.pid = 1187;
  vm.cpu = 0.0451;
  vm.mem = 1 * kGiB + 530 * kMiB;
  state.guests[100] = vm;

  Guest ct =
      make_guest(GuestType::kLxc, 101, "pve",
                 {{"arch", "amd64"},
                  {"cores", 1},
                  {"hostname", "adguard"},
                  {"memory", 512},
                  {"net0", "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:01:01,ip=dhcp,type=veth"},
                  {"ostype", "alpine"},
                  {"rootfs", "local-lvm:vm-101-disk-0,size=4G"},
                  {"swap", 512},
                  {"unprivileged", 1}});
  state.guests[101] = ct;

  add_volume(
      state, "pve", "local-lvm",
      make_disk_volume("local-lvm:vm-100-disk-0", 100, "images", 32 * kGiB, 9 * kGiB, 1791000000));
  add_volume(
      state, "pve", "local-lvm",
      make_disk_volume("local-lvm:vm-101-disk-0", 101, "rootdir", 4 * kGiB, 1 * kGiB, 1791100000));
  add_volume(state, "pve", "local",
             make_file_volume("local:vztmpl/alpine-3.22-default_20250617_amd64.tar.xz", "vztmpl",
                              "txz", 3125880, 1790900000));
  add_history_task(state, {"pve", "qmstart", "100", "root@pam", 1000, "OK", {}, {}, {}},
                   static_cast<std::int64_t>(vm.started_ms / 1000));
  seed_access(state);
}

void seed_empty(ClusterState& state) {
  add_single_node(state);
  seed_access(state);
}

}  // namespace pvesim
