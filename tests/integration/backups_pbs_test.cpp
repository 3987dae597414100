// Backups on a Proxmox Backup Server storage (the small seed's pbs-main) and the backup list
// across every backup storage of a node, against pve-sim.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

const std::string kWebSnapshot = "pbs-main:backup/vm/100/2026-11-25T01:00:03Z";
const std::string kDockerSnapshot = "pbs-main:backup/ct/101/2026-11-25T01:04:51Z";
const std::string kPiholeSnapshot = "pbs-main:backup/ct/103/2026-11-25T01:09:30Z";

using BackupsPbs = WriteSimTest;

std::vector<std::string> volids(const json& structured) {
  std::vector<std::string> out;
  for (const auto& b : structured["backups"]) out.push_back(b.value("volid", ""));
  return out;
}

TEST_F(BackupsPbs, ListsTheDatastoresSnapshots) {
  auto r = call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "pbs-main"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/storage/pbs-main/content", {{"content", "backup"}}}}));
  EXPECT_EQ(volids(r.structured),
            (std::vector<std::string>{kPiholeSnapshot, kDockerSnapshot, kWebSnapshot,
                                      "pbs-main:backup/vm/104/2026-11-22T01:00:04Z"}));
  EXPECT_TRUE(contains(r.text,
                       "• **ct/101/2026-11-25T01:04:51Z**\n"
                       "  VM ID: 101 (LXC)\n"
                       "  Size: 806.00 MiB\n"
                       "  Created: 2026-11-25T01:04:51Z\n"
                       "  Protected: yes\n"
                       "  Encrypted: yes\n"
                       "  Volume: pbs-main:backup/ct/101/2026-11-25T01:04:51Z\n\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text,
                       "• **vm/104/2026-11-22T01:00:04Z**\n"
                       "  VM ID: 104 (QEMU)\n"
                       "  Size: 22.00 GiB\n"
                       "  Created: 2026-11-22T01:00:04Z\n"
                       "  Notes: db - weekly\n"
                       "  Verification: ok\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "**Total**: 4 backup(s)\n")) << r.text;
  EXPECT_EQ(r.structured["backups"][1]["key_fingerprint"].get<std::string>().substr(0, 8),
            "e1:52:7b");
  EXPECT_EQ(r.structured["backups"][2]["verification"], "failed");
}

TEST_F(BackupsPbs, StorageOmittedListsEveryBackupStorageNewestFirst) {
  auto r = call("proxmox_list_backups", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  const pve::Params content = {{"content", "backup"}, {"vmid", "100"}};
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/storage", {{"content", "backup"}, {"enabled", "1"}}},
                {"GET", "/nodes/pve1/storage/backup-nfs/content", content},
                {"GET", "/nodes/pve1/storage/local/content", content},
                {"GET", "/nodes/pve1/storage/pbs-main/content", content}}));
  EXPECT_EQ(volids(r.structured),
            (std::vector<std::string>{
                "backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst", kWebSnapshot,
                "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}));
  EXPECT_EQ(r.structured["storages"], (json{"backup-nfs", "local", "pbs-main"}));
  EXPECT_FALSE(r.structured.contains("storage"));
  EXPECT_TRUE(contains(r.text,
                       "📦 **Backups on node pve1**\n\n"
                       "Storages read: backup-nfs, local, pbs-main\n\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "  Storage: pbs-main\n  Volume: " + kWebSnapshot + "\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "**Total**: 3 backup(s) for VM 100\n")) << r.text;
}

TEST_F(BackupsPbs, AnUnreachableBackupServerCostsOnlyItsOwnBackups) {
  sim_->set_fault(
      "error:/nodes/pve1/storage/pbs-main/content:error listing snapshots - 500 Can't connect "
      "to 192.168.1.60:8007 (Connection refused)");
  auto r = call("proxmox_list_backups", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["storages"], (json{"backup-nfs", "local"}));
  ASSERT_EQ(r.structured["unreadable"].size(), 1u);
  EXPECT_EQ(r.structured["unreadable"][0]["storage"], "pbs-main");
  const std::string error = r.structured["unreadable"][0]["error"];
  EXPECT_TRUE(contains(error, "error listing snapshots - 500 Can't connect to 192.168.1.60:8007"))
      << error;
  EXPECT_TRUE(contains(r.text,
                       "Storages read: backup-nfs, local\n⚠️ Storage pbs-main could not "
                       "be read: " +
                           error + "\n\n"))
      << r.text;
  EXPECT_EQ(r.structured["total"], 5);  // 2 on local, 3 on backup-nfs
}

TEST_F(BackupsPbs, BackupToPbsThenRestoreAndDeleteIt) {
  auto created =
      call("proxmox_create_backup_lxc", {{"node", "pve1"}, {"vmid", 101}, {"storage", "pbs-main"}});
  ASSERT_FALSE(created.is_error) << created.text;
  const std::string volid = created.structured.value("volid", "");
  EXPECT_EQ(volid.rfind("pbs-main:backup/ct/101/", 0), 0u) << created.text;
  auto listed = call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "pbs-main"}});
  EXPECT_EQ(volids(listed.structured).front(), volid);
  EXPECT_EQ(listed.structured["backups"][0]["guest_type"], "lxc");

  auto restored =
      call("proxmox_restore_backup_lxc", {{"node", "pve1"}, {"vmid", 410}, {"archive", volid}});
  ASSERT_FALSE(restored.is_error) << restored.text;
  EXPECT_EQ(config("pve1", "lxc", 410).value("hostname", ""), "docker");
  auto crossed = call("proxmox_restore_backup_vm",
                      {{"node", "pve1"}, {"vmid", 412}, {"archive", kDockerSnapshot}});
  EXPECT_TRUE(crossed.is_error);
  EXPECT_TRUE(contains(crossed.text,
                       "is a container backup; restore it with "
                       "proxmox_restore_backup_lxc"))
      << crossed.text;
  auto vm = call("proxmox_restore_backup_vm",
                 {{"node", "pve1"}, {"vmid", 411}, {"archive", kWebSnapshot}});
  ASSERT_FALSE(vm.is_error) << vm.text;
  EXPECT_EQ(config("pve1", "qemu", 411).value("name", ""), "web");

  clear();
  auto deleted =
      call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "pbs-main"}, {"volume", volid}});
  ASSERT_FALSE(deleted.is_error) << deleted.text;
  EXPECT_EQ(changes(), (std::vector<Request>{
                           {"GET", "/nodes/pve1/storage/pbs-main/content", {{"content", "backup"}}},
                           {"DELETE", "/nodes/pve1/storage/pbs-main/content/" + volid, {}}}));
  auto after = call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "pbs-main"}});
  EXPECT_EQ(after.structured["total"], 4);
}

TEST_F(BackupsPbs, AProtectedSnapshotIsNotDeletedAndJunkIsRefused) {
  auto guarded = call("proxmox_delete_backup",
                      {{"node", "pve1"}, {"storage", "pbs-main"}, {"volume", kDockerSnapshot}});
  EXPECT_TRUE(guarded.is_error);
  EXPECT_TRUE(contains(guarded.text, "Backup " + kDockerSnapshot + " is protected"))
      << guarded.text;
  auto junk =
      call("proxmox_delete_backup",
           {{"node", "pve1"}, {"storage", "pbs-main"}, {"volume", "pbs-main:backup/vm/../104"}});
  EXPECT_TRUE(junk.is_error);
  EXPECT_TRUE(contains(junk.text, "is not a backup volume")) << junk.text;
  for (const auto& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
}

}  // namespace
}  // namespace integration
