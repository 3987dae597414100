// The "small" seed: the 3-node "homelab" cluster the demo and the tests use.
#include "cluster_seed.h"
#include "pbs_backup.h"
#include "text_concat.h"

namespace pvesim {
namespace {

void add_small_nodes(ClusterState& state, std::int64_t now) {
  Node pve1 = make_node("pve1", 1, "192.168.1.11", now, 12 * kDay + 7LL * 3600 + 1234,
                        {.cpu_model = "Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz",
                         .sockets = 1,
                         .cores = 8,
                         .cpus = 16,
                         .mhz = 4288.515,
                         .memory_total = 67228434432,
                         .host_mem_used = 3 * kGiB + 211 * kMiB,
                         .swap_total = 8 * kGiB});
  pve1.swap_used = 112 * kMiB;
  pve1.cpu = 0.0731;
  pve1.wait = 0.0012;
  pve1.loadavg = {0.62, 0.71, 0.68};

  Node pve2 = make_node("pve2", 2, "192.168.1.12", now, 5 * kDay + 2LL * 3600 + 77,
                        {.cpu_model = "AMD Ryzen 5 5600G with Radeon Graphics",
                         .sockets = 1,
                         .cores = 6,
                         .cpus = 12,
                         .mhz = 3900.0,
                         .memory_total = 33538342912,
                         .host_mem_used = 2 * kGiB + 705 * kMiB,
                         .swap_total = 8 * kGiB});
  pve2.cpu = 0.0415;
  pve2.wait = 0.0004;
  pve2.loadavg = {0.31, 0.28, 0.25};

  Node pve3 = make_node("pve3", 3, "192.168.1.13", now, 0,
                        {.cpu_model = "Intel(R) N100",
                         .sockets = 1,
                         .cores = 4,
                         .cpus = 4,
                         .mhz = 806.0,
                         .memory_total = 16493785088,
                         .host_mem_used = 1 * kGiB + 384 * kMiB,
                         .swap_total = 4 * kGiB});
  pve3.online = false;

  state.nodes = {pve1, pve2, pve3};
}

Volume backup(const std::string& volid, int vmid, std::int64_t size, std::int64_t ctime,
              const std::string& notes, bool is_protected = false) {
  const bool lxc = volid.find("vzdump-lxc-") != std::string::npos;
  Volume volume = make_file_volume(volid, "backup", lxc ? "tar.zst" : "vma.zst", size, ctime);
  volume.vmid = vmid;
  volume.notes = notes;
  volume.is_protected = is_protected;
  return volume;
}

// A Proxmox Backup Server datastore: nightly snapshots of the pve1 guests and a weekly one of
// the database, one of them verified, one failed verification, one protected and encrypted.
void add_pbs_store(ClusterState& state) {
  state.storages.push_back(
      {"pbs-main",
       "pbs",
       {"backup"},
       true,
       {{"datastore", "tank"},
        {"fingerprint",
         "a4:3f:9c:18:6e:b2:07:d5:4c:91:e8:2a:5f:c3:70:1b:d9:64:08:ae:37:f2:5b:c0:81:6d:e4:19:"
         "72:a3:0f:5c"},
        {"server", "192.168.1.60"},
        {"username", "pve@pbs"}}});
  state.pools["pbs-main"] = {8 * kTiB, 2 * kTiB + 317 * kGiB, {}};

  // The datastore's verify job ("v-1f0c2a7d") as PBS names its task.
  auto verified = [](const char* outcome, const char* task) {
    return Json{{"state", outcome},
                {"upid", concat("UPID:pbs:000004D2:", task,
                                ":verificationjob:tank\\x3av\\x2d1f0c2a7d:root@pam:")}};
  };
  Volume db = make_pbs_backup("pbs-main", GuestType::kQemu, 104, 1795309204, 23622320128);
  db.notes = "db - weekly";
  db.verification = verified("ok", "00012A3F:00000002:6742BF80");
  Volume web = make_pbs_backup("pbs-main", GuestType::kQemu, 100, 1795568403, 2147483648);
  web.notes = "web - nightly";
  web.verification = verified("failed", "0009B1C4:00000003:6747FF00");
  Volume docker = make_pbs_backup("pbs-main", GuestType::kLxc, 101, 1795568691, 845152256);
  docker.is_protected = true;
  docker.encrypted =
      "e1:52:7b:0c:94:3d:af:68:21:c5:0e:b7:4a:19:d2:83:5f:60:ce:3b:97:a8:14:f6:2d:70:"
      "c9:85:3e:1a:b4:07";
  Volume dns = make_pbs_backup("pbs-main", GuestType::kLxc, 103, 1795568970, 398458880);
  for (Volume* volume : {&db, &web, &docker, &dns}) {
    add_volume(state, "pve1", "pbs-main", std::move(*volume));
  }
}

void add_storage_content(ClusterState& state) {
  state.storages.push_back({"backup-nfs",
                            "nfs",
                            {"backup"},
                            true,
                            {{"export", "/mnt/tank/pve-backup"},
                             {"options", "vers=4.2"},
                             {"path", "/mnt/pve/backup-nfs"},
                             {"prune-backups", "keep-daily=7,keep-weekly=4"},
                             {"server", "192.168.1.50"}}});
  state.pools["backup-nfs"] = {4 * kTiB, 1 * kTiB + 211 * kGiB, {}};

  // ISO images and container templates.
  const std::int64_t iso_time = 1793836800;  // 2026-11-05
  for (const char* node : {"pve1", "pve2"}) {
    add_volume(state, node, "local",
               make_file_volume("local:iso/debian-13.1.0-amd64-netinst.iso", "iso", "iso",
                                790626304, iso_time));
    add_volume(state, node, "local",
               make_file_volume("local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
                                "vztmpl", "tzst", 148099874, iso_time + 600));
  }
  add_volume(state, "pve1", "local",
             make_file_volume("local:iso/alpine-virt-3.22.1-x86_64.iso", "iso", "iso", 66060288,
                              iso_time + 1200));
  add_volume(state, "pve1", "local",
             make_file_volume("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "vztmpl",
                              "tzst", 126515062, iso_time + 1800));
  add_volume(state, "pve3", "local",
             make_file_volume("local:iso/debian-13.1.0-amd64-netinst.iso", "iso", "iso", 790626304,
                              iso_time));

  // Backups: nightly on each node's local storage, weekly on the shared NFS export.
  add_volume(state, "pve1", "local",
             backup("local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst", 100, 2061584302,
                    1795140003, "web - nightly"));
  add_volume(state, "pve1", "local",
             backup("local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst", 101, 804257792,
                    1795140641, "docker - nightly"));
  add_volume(state, "pve1", "backup-nfs",
             backup("backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst", 100,
                    2093051904, 1795572005, "web - before upgrade", true));
  add_volume(state, "pve1", "backup-nfs",
             backup("backup-nfs:backup/vzdump-qemu-102-2026_11_25-02_15_12.vma.zst", 102,
                    19864223744, 1795572912, "win11 - weekly"));
  add_volume(state, "pve1", "backup-nfs",
             backup("backup-nfs:backup/vzdump-lxc-103-2026_11_25-02_31_40.tar.zst", 103, 412090368,
                    1795573900, "pihole - weekly"));

  add_pbs_store(state);

  // Guest disks on local-lvm (thin volumes: `used` is what is allocated).
  struct ThinDisk {
    const char* node;
    const char* volid;
    int vmid;
    const char* content;
    std::int64_t size, used, ctime;
  };
  const ThinDisk disks[] = {
      {"pve1", "local-lvm:vm-100-disk-0", 100, "images", 32 * kGiB, 14 * kGiB, 1790208000},
      {"pve1", "local-lvm:vm-100-state-before-nginx", 100, "images", 8 * kGiB + 492 * kMiB,
       2 * kGiB + 100 * kMiB, 1795000000},
      {"pve1", "local-lvm:vm-101-disk-0", 101, "rootdir", 16 * kGiB, 7 * kGiB, 1790300000},
      {"pve1", "local-lvm:vm-104-disk-0", 104, "images", 100 * kGiB, 61 * kGiB, 1791000000},
      {"pve1", "local-lvm:base-9000-disk-0", 9000, "images", 3 * kGiB, 2 * kGiB, 1792000000},
      {"pve1", "local-lvm:vm-9000-cloudinit", 9000, "images", 4 * kMiB, 4 * kMiB, 1792000000},
      {"pve2", "local-lvm:vm-102-disk-0", 102, "images", 4 * kMiB, 4 * kMiB, 1791500000},
      {"pve2", "local-lvm:vm-102-disk-1", 102, "images", 64 * kGiB, 38 * kGiB, 1791500000},
      {"pve2", "local-lvm:vm-102-disk-2", 102, "images", 4 * kMiB, 4 * kMiB, 1791500000},
      {"pve2", "local-lvm:vm-103-disk-0", 103, "rootdir", 8 * kGiB, 2 * kGiB, 1791600000},
      {"pve2", "local-lvm:vm-105-disk-0", 105, "rootdir", 64 * kGiB, 42 * kGiB, 1791700000},
      {"pve3", "local-lvm:vm-110-disk-0", 110, "images", 40 * kGiB, 22 * kGiB, 1792500000},
      {"pve3", "local-lvm:vm-111-disk-0", 111, "rootdir", 20 * kGiB, 5 * kGiB, 1792600000},
  };
  for (const auto& d : disks) {
    add_volume(state, d.node, "local-lvm",
               make_disk_volume(d.volid, d.vmid, d.content, d.size, d.used, d.ctime));
  }
}

std::vector<std::string> vzdump_log(int vmid, const std::string& kind, const std::string& name,
                                    const std::string& storage, const std::string& archive,
                                    const std::string& started, const std::string& finished,
                                    const std::string& schedule = "nightly") {
  return {"INFO: starting new backup job: vzdump " + std::to_string(vmid) +
              " --mode snapshot --compress zstd --storage " + storage +
              " --notes-template '{{guestname}} - " + schedule + "'",
          "INFO: Starting Backup of VM " + std::to_string(vmid) + " (" + kind + ")",
          "INFO: Backup started at " + started,
          "INFO: status = running",
          "INFO: " + std::string(kind == "qemu" ? "VM" : "CT") + " Name: " + name,
          "INFO: backup mode: snapshot",
          "INFO: creating vzdump archive '" + archive + "'",
          "INFO: Finished Backup of VM " + std::to_string(vmid) + " (00:02:33)",
          "INFO: Backup finished at " + finished};
}

void add_tasks(ClusterState& state) {
  std::vector<std::string> web_log = vzdump_log(
      100, "qemu", "web", "local", "/var/lib/vz/dump/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst",
      "2026-11-20 02:00:03", "2026-11-20 02:02:36");
  web_log.insert(
      web_log.end() - 2,
      {"INFO: include disk 'scsi0' 'local-lvm:vm-100-disk-0' 32G",
       "INFO: 100% (32.0 GiB of 32.0 GiB) in 2m 31s, read: 217.0 MiB/s, write: 98.1 MiB/s",
       "INFO: backup is sparse: 19.74 GiB (61%) total zero data", "INFO: archive file size: 1.92GB",
       "INFO: adding notes to backup"});
  web_log.push_back("INFO: Backup job finished successfully");
  add_history_task(state, {"pve1", "vzdump", "100", "root@pam", 153000, "OK", web_log, {}, {}},
                   1795140000);

  std::vector<std::string> docker_log = vzdump_log(
      101, "lxc", "docker", "local", "/var/lib/vz/dump/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst",
      "2026-11-20 02:10:41", "2026-11-20 02:13:14");
  docker_log.insert(docker_log.end() - 2,
                    {"WARN: excluding volume mount point /var/lib/docker/volumes from backup",
                     "INFO: archive file size: 767MB"});
  docker_log.push_back("INFO: Backup job finished with warnings");
  add_history_task(state,
                   {"pve1", "vzdump", "101", "root@pam", 153000, "WARNINGS: 1", docker_log, {}, {}},
                   1795140638);

  add_history_task(state,
                   {"pve1",
                    "qmsnapshot",
                    "100",
                    "root@pam",
                    4000,
                    "OK",
                    {"snapshotting 'drive-scsi0' (local-lvm:vm-100-disk-0)",
                     "saving VM state and RAM using storage 'local-lvm'", "1.51 GiB in 3s",
                     "completed saving the VM state in 3s, saved 2.10 GiB",
                     "snapshotting 'drive-scsi0' (local-lvm:vm-100-disk-0)",
                     "  Logical volume \"snap_vm-100-disk-0_before-nginx\" created."},
                    {},
                    {}},
                   1795000000);
  add_history_task(state, {"pve1", "qmstart", "104", "root@pam!mcpserver", 1000, "OK", {}, {}, {}},
                   1795544200);
  add_history_task(state,
                   {"pve2",
                    "vzstart",
                    "103",
                    "root@pam",
                    2000,
                    "startup for container '103' failed",
                    {"run_buffer: 571 Script exited with status 1",
                     "lxc_init: 845 Failed to run lxc.hook.pre-start for container \"103\"",
                     "__lxc_start: 2034 Failed to initialize container \"103\""},
                    {},
                    {}},
                   1795511520);
  add_history_task(
      state,
      {"pve2",
       "vzdump",
       "102",
       "root@pam",
       1048000,
       "OK",
       vzdump_log(102, "qemu", "win11", "backup-nfs",
                  "/mnt/pve/backup-nfs/dump/vzdump-qemu-102-2026_11_25-02_15_12.vma.zst",
                  "2026-11-25 02:15:12", "2026-11-25 02:32:40", "weekly"),
       {},
       {}},
      1795572910);
}

}  // namespace

void seed_small(ClusterState& state) {
  const std::int64_t now = state.now_ms();
  state.cluster_name = "homelab";
  state.cluster_version = 5;
  state.local_node = "pve1";
  add_small_nodes(state, now);
  seed_local_storages(state);
  add_storage_content(state);
  seed_small_guests(state, now);
  // The two production guests form a pool (user.cfg "pool: prod").
  state.resource_pools["prod"] = {"Production services", {100, 104}, {}};
  add_tasks(state);
  seed_small_observability(state);
  seed_access(state);
}

}  // namespace pvesim
