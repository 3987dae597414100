// Backup restores against pve-sim: what Proxmox received for each guest type (qemu `archive`,
// lxc `ostemplate` with restore=1), overwrite rules, and the guest that resulted.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

const std::string kVmBackup = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
const std::string kCtBackup = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";

using WriteRestore = WriteSimTest;

TEST_F(WriteRestore, VmRestoreSendsTheArchive) {
  auto r = call("proxmox_restore_backup_vm",
                {{"node", "pve1"}, {"vmid", 400}, {"archive", kVmBackup}, {"unique", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"GET", "/nodes/pve1/qemu/400/config", {}},
                                  {"POST",
                                   "/nodes/pve1/qemu",
                                   {{"vmid", "400"}, {"archive", kVmBackup}, {"unique", "1"}}}}));
  EXPECT_TRUE(contains(r.text, "♻️  **Backup Restored**")) << r.text;
  json restored = config("pve1", "qemu", 400);
  EXPECT_EQ(restored.value("name", ""), "web");
  EXPECT_FALSE(restored.contains("lock")) << restored.dump();
  EXPECT_EQ(r.structured["replaced"], false);
}

TEST_F(WriteRestore, ContainerRestoreSendsTheArchiveAsOstemplate) {
  auto r =
      call("proxmox_restore_backup_lxc",
           {{"node", "pve1"}, {"vmid", 401}, {"archive", kCtBackup}, {"storage", "local-lvm"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"POST",
                                   "/nodes/pve1/lxc",
                                   {{"vmid", "401"},
                                    {"ostemplate", kCtBackup},
                                    {"restore", "1"},
                                    {"storage", "local-lvm"}}}));
  json restored = config("pve1", "lxc", 401);
  EXPECT_EQ(restored.value("hostname", ""), "docker");
  EXPECT_EQ(restored.value("rootfs", "").rfind("local-lvm:vm-401-disk-", 0), 0u) << restored.dump();
}

TEST_F(WriteRestore, ContainerRestoreWithoutStorageUsesTheBackupsRootfsStorage) {
  auto r =
      call("proxmox_restore_backup_lxc", {{"node", "pve1"}, {"vmid", 402}, {"archive", kCtBackup}});
  ASSERT_FALSE(r.is_error) << r.text;
  auto sent = changes();
  ASSERT_GE(sent.size(), 3u);
  EXPECT_EQ(sent[1], (Request{"GET", "/nodes/pve1/vzdump/extractconfig", {{"volume", kCtBackup}}}));
  EXPECT_EQ(sent[2], (Request{"POST",
                              "/nodes/pve1/lxc",
                              {{"vmid", "402"},
                               {"ostemplate", kCtBackup},
                               {"restore", "1"},
                               {"storage", "local-lvm"}}}));
  EXPECT_TRUE(contains(r.text, "• **Storage**: local-lvm (where the backup's root disk was)\n"))
      << r.text;
  EXPECT_EQ(config("pve1", "lxc", 402).value("rootfs", "").rfind("local-lvm:vm-402-disk-", 0), 0u);
}

TEST_F(WriteRestore, BackupThenRestoreRoundTrip) {
  auto backup = call("proxmox_create_backup_lxc",
                     {{"node", "pve2"}, {"vmid", 103}, {"compress", "none"}, {"mode", "stop"}});
  ASSERT_FALSE(backup.is_error) << backup.text;
  const std::string volid = backup.structured.value("volid", "");
  ASSERT_TRUE(volid.ends_with(".tar")) << volid;
  // No storage: the fresh archive's own config names where the root disk goes.
  auto r =
      call("proxmox_restore_backup_lxc", {{"node", "pve2"}, {"vmid", 403}, {"archive", volid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["storage"], "local-lvm");
  EXPECT_EQ(config("pve2", "lxc", 403).value("hostname", ""), "pihole");
}

TEST_F(WriteRestore, OverwritingNeedsForceAndIsRefusedForProtectedGuests) {
  const std::string archive = "backup-nfs:backup/vzdump-qemu-102-2026_11_25-02_15_12.vma.zst";
  auto refused =
      call("proxmox_restore_backup_vm", {{"node", "pve2"}, {"vmid", 102}, {"archive", archive}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text,
            "VM 102 already exists on node pve2: restoring over it replaces its configuration and "
            "disks. Choose a free ID (proxmox_get_next_vmid) or pass force=true to overwrite it.");

  client_->put("/nodes/pve2/qemu/102/config", {{"protection", "1"}});
  clear();
  auto protected_vm =
      call("proxmox_restore_backup_vm",
           {{"node", "pve2"}, {"vmid", 102}, {"archive", archive}, {"force", true}});
  EXPECT_TRUE(protected_vm.is_error);
  EXPECT_TRUE(contains(protected_vm.text,
                       "VM 102 is protected (protection=1): refusing to "
                       "restore a backup over it"))
      << protected_vm.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}}}));

  client_->put("/nodes/pve2/qemu/102/config", {{"delete", "protection"}});
  clear();
  auto forced = call("proxmox_restore_backup_vm",
                     {{"node", "pve2"}, {"vmid", 102}, {"archive", archive}, {"force", true}});
  ASSERT_FALSE(forced.is_error) << forced.text;
  EXPECT_EQ(changes()[1], (Request{"POST",
                                   "/nodes/pve2/qemu",
                                   {{"vmid", "102"}, {"archive", archive}, {"force", "1"}}}));
  EXPECT_EQ(forced.structured["replaced"], true);
  EXPECT_TRUE(exists("pve2", "qemu", 102));
}

TEST_F(WriteRestore, ArchiveOfTheOtherGuestTypeNeverReachesProxmox) {
  auto r =
      call("proxmox_restore_backup_vm", {{"node", "pve1"}, {"vmid", 404}, {"archive", kCtBackup}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'archive': " + kCtBackup +
                        " is a container backup; restore it with proxmox_restore_backup_lxc");
  EXPECT_TRUE(requests().empty());
}

}  // namespace
}  // namespace integration
