// The "small" seed's guests: VMs and containers on pve1 and pve2, and two on the offline pve3.
#include "cluster_seed.h"

namespace pvesim {
namespace {

void run(Guest& guest, std::int64_t now, std::int64_t uptime_s, int pid, double cpu,
         std::int64_t mem) {
  guest.running = true;
  guest.started_ms = now - uptime_s * 1000;
  guest.pid = pid;
  guest.cpu = cpu;
  guest.mem = mem;
  // Traffic grows with uptime; fixed rates keep it deterministic.
  guest.netin = uptime_s * 41231;
  guest.netout = uptime_s * 18077;
  guest.diskread = uptime_s * 9120 + 512 * kMiB;
  guest.diskwrite = uptime_s * 15013;
}

// VM 100 with a chain of two snapshots, the newer with RAM state.
Guest web_server(std::int64_t now) {
  Guest web =
      make_guest(GuestType::kQemu, 100, "pve1",
                 {{"agent", "1"},
                  {"boot", "order=scsi0;ide2;net0"},
                  {"cores", 2},
                  {"cpu", "x86-64-v2-AES"},
                  {"description", "Public web server (nginx)"},
                  {"ide2", "local:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom,size=754M"},
                  {"memory", "4096"},
                  {"meta", "creation-qemu=10.0.2,ctime=1790208000"},
                  {"name", "web"},
                  {"net0", "virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1"},
                  {"numa", 0},
                  {"onboot", 1},
                  {"ostype", "l26"},
                  {"parent", "before-nginx"},
                  {"scsi0", "local-lvm:vm-100-disk-0,iothread=1,size=32G"},
                  {"scsihw", "virtio-scsi-single"},
                  {"smbios1", "uuid=6f1d4b0e-3c2a-4d8e-9b7a-1e2f3a4b5c60"},
                  {"sockets", 1},
                  {"tags", "prod;web"},
                  {"vmgenid", "0b8f9a72-5d6e-4c31-a2f4-7e8d9c0b1a23"}});
  Json web_base = web.config;
  web_base.erase("parent");
  Json pre_upgrade = web_base;
  pre_upgrade["description"] = "Before the Debian 13 upgrade";
  pre_upgrade["snaptime"] = 1794300000;
  Json before_nginx = web_base;
  before_nginx["description"] = "Clean system before installing nginx";
  before_nginx["parent"] = "pre-upgrade";
  before_nginx["snaptime"] = 1795000000;
  before_nginx["vmstate"] = "local-lvm:vm-100-state-before-nginx";
  before_nginx["runningmachine"] = "pc-i440fx-10.0+pve1";
  before_nginx["runningcpu"] = "x86-64-v2-AES,+kvm_pv_eoi,+kvm_pv_unhalt";
  web.snapshots = {{"pre-upgrade", pre_upgrade}, {"before-nginx", before_nginx}};
  run(web, now, 3 * kDay + 4LL * 3600 + 512, 1432, 0.0312, 2 * kGiB + 217 * kMiB);
  return web;
}

// CT 101 with one snapshot.
Guest docker_host(std::int64_t now) {
  Guest docker = make_guest(
      GuestType::kLxc, 101, "pve1",
      {{"arch", "amd64"},
       {"cores", 4},
       {"features", "keyctl=1,nesting=1"},
       {"hostname", "docker"},
       {"memory", 4096},
       {"net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:2F:90:11,ip=dhcp,type=veth"},
       {"onboot", 1},
       {"ostype", "debian"},
       {"parent", "clean-install"},
       {"rootfs", "local-lvm:vm-101-disk-0,size=16G"},
       {"swap", 1024},
       {"tags", "docker"},
       {"unprivileged", 1}});
  Json clean = docker.config;
  clean.erase("parent");
  clean["description"] = "Fresh Debian 12 with Docker CE";
  clean["snaptime"] = 1794912000;
  docker.snapshots = {{"clean-install", clean}};
  run(docker, now, 12 * kDay + 7LL * 3600, 1650, 0.0845, 1 * kGiB + 804 * kMiB);
  docker.disk_used = 6 * kGiB + 312 * kMiB;
  return docker;
}

void put(ClusterState& state, Guest guest) {
  const int vmid = guest.vmid;
  state.guests[vmid] = std::move(guest);
}

void add_pve1_guests(ClusterState& state, std::int64_t now) {
  put(state, web_server(now));
  put(state, docker_host(now));

  Guest db = make_guest(GuestType::kQemu, 104, "pve1",
                        {{"agent", "1"},
                         {"boot", "order=scsi0"},
                         {"cores", 4},
                         {"cpu", "host"},
                         {"memory", "16384"},
                         {"name", "db"},
                         {"net0", "virtio=BC:24:11:D8:44:04,bridge=vmbr0"},
                         {"ostype", "l26"},
                         {"scsi0", "local-lvm:vm-104-disk-0,iothread=1,size=100G"},
                         {"scsihw", "virtio-scsi-single"},
                         {"sockets", 1},
                         {"tags", "prod;db"}});
  run(db, now, 1 * kDay + 3600LL * 5, 2210, 0.0, 12 * kGiB + 310 * kMiB);
  db.paused = true;
  put(state, std::move(db));

  Guest golden = make_guest(GuestType::kQemu, 9000, "pve1",
                            {{"agent", "1"},
                             {"boot", "order=scsi0"},
                             {"ciuser", "debian"},
                             {"cores", 2},
                             {"ide2", "local-lvm:vm-9000-cloudinit,media=cdrom"},
                             {"ipconfig0", "ip=dhcp"},
                             {"memory", "2048"},
                             {"name", "debian-13-cloud"},
                             {"net0", "virtio=BC:24:11:90:00:00,bridge=vmbr0"},
                             {"ostype", "l26"},
                             {"scsi0", "local-lvm:base-9000-disk-0,size=3G"},
                             {"scsihw", "virtio-scsi-single"},
                             {"serial0", "socket"},
                             {"template", 1},
                             {"vga", "serial0"}});
  put(state, std::move(golden));
}

void add_pve2_guests(ClusterState& state, std::int64_t now) {
  Guest win11 =
      make_guest(GuestType::kQemu, 102, "pve2",
                 {{"bios", "ovmf"},
                  {"boot", "order=sata0;ide2"},
                  {"cores", 4},
                  {"cpu", "host"},
                  {"efidisk0", "local-lvm:vm-102-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M"},
                  {"ide2", "none,media=cdrom"},
                  {"machine", "pc-q35-10.0"},
                  {"memory", "8192"},
                  {"name", "win11"},
                  {"net0", "e1000=BC:24:11:A0:33:02,bridge=vmbr0"},
                  {"ostype", "win11"},
                  {"sata0", "local-lvm:vm-102-disk-1,size=64G"},
                  {"scsihw", "virtio-scsi-single"},
                  {"sockets", 1},
                  {"tags", "windows"},
                  {"tpmstate0", "local-lvm:vm-102-disk-2,size=4M,version=v2.0"}});
  put(state, std::move(win11));

  Guest dns = make_guest(GuestType::kLxc, 103, "pve2",
                         {{"arch", "amd64"},
                          {"cores", 1},
                          {"hostname", "pihole"},
                          {"memory", 512},
                          {"net0",
                           "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:7C:01:03,ip=192.168.1.53/24,"
                           "gw=192.168.1.1,type=veth"},
                          {"onboot", 0},
                          {"ostype", "debian"},
                          {"rootfs", "local-lvm:vm-103-disk-0,size=8G"},
                          {"swap", 512},
                          {"unprivileged", 1}});
  put(state, std::move(dns));

  Guest cloud =
      make_guest(GuestType::kLxc, 105, "pve2",
                 {{"arch", "amd64"},
                  {"cores", 2},
                  {"hostname", "nextcloud"},
                  {"lock", "backup"},
                  {"memory", 2048},
                  {"net0", "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:43:05:05,ip=dhcp,type=veth"},
                  {"onboot", 1},
                  {"ostype", "ubuntu"},
                  {"rootfs", "local-lvm:vm-105-disk-0,size=64G"},
                  {"swap", 512},
                  {"tags", "cloud"},
                  {"unprivileged", 1}});
  run(cloud, now, 5 * kDay + 3600, 3101, 0.1620, 1 * kGiB + 97 * kMiB);
  cloud.disk_used = 41 * kGiB + 96 * kMiB;
  put(state, std::move(cloud));
}

// pve3 is offline: its guests are known from the cluster filesystem, their status is unknown.
void add_pve3_guests(ClusterState& state) {
  Guest k3s = make_guest(GuestType::kQemu, 110, "pve3",
                         {{"boot", "order=scsi0"},
                          {"cores", 2},
                          {"memory", "6144"},
                          {"name", "k3s-node"},
                          {"net0", "virtio=BC:24:11:11:00:10,bridge=vmbr0"},
                          {"ostype", "l26"},
                          {"scsi0", "local-lvm:vm-110-disk-0,size=40G"},
                          {"scsihw", "virtio-scsi-single"},
                          {"tags", "k8s"}});
  put(state, std::move(k3s));

  Guest git =
      make_guest(GuestType::kLxc, 111, "pve3",
                 {{"arch", "amd64"},
                  {"cores", 1},
                  {"hostname", "gitea"},
                  {"memory", 1024},
                  {"net0", "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:11:01:11,ip=dhcp,type=veth"},
                  {"ostype", "debian"},
                  {"rootfs", "local-lvm:vm-111-disk-0,size=20G"},
                  {"swap", 512},
                  {"unprivileged", 1}});
  put(state, std::move(git));
}

}  // namespace

void seed_small_guests(ClusterState& state, std::int64_t now) {
  add_pve1_guests(state, now);
  add_pve2_guests(state, now);
  add_pve3_guests(state);
}

}  // namespace pvesim
