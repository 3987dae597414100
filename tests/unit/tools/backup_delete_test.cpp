// proxmox_delete_backup and the backup volume helpers.
#include <gtest/gtest.h>

#include "backup_harness.h"
#include "task_script.h"
#include "text_match.h"
#include "tools/backup_volume.h"

namespace tools::testing {
namespace {

using nlohmann::json;

json backup_listing() {
  return json::parse(R"([
    {"volid":"local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst","content":"backup",
     "format":"vma.zst","size":2061584302,"ctime":1763604003,"vmid":100,"subtype":"qemu"},
    {"volid":"local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst","content":"backup",
     "format":"tar.zst","size":804257792,"ctime":1763604641,"vmid":101,"protected":1}])");
}

TEST_F(BackupWrites, DeleteBackupLooksItUpThenDeletesTheEncodedVolume) {
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  const std::string u = upid("imgdel", "local");
  const std::string del_path =
      "/nodes/pve1/storage/local/content/"
      "local%3Abackup%2Fvzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  h.api.on("DELETE", del_path, u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r =
      h.call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", volid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/storage/local/content", {{"content", "backup"}}},
                         {"DELETE", del_path, {}},
                         {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "🗑️  **Backup Deleted**\n\n"
            "• **Node**: pve1\n• **Storage**: local\n• **Volume**: " +
                volid +
                "\n• **Size**: 1.92 GiB\n"
                "• **Task ID**: " +
                u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["vmid"], 100);
  EXPECT_EQ(r.structured["volume"], volid);
}

TEST_F(BackupWrites, DeleteBackupAnsweredNullWasSynchronous) {
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  h.api.on("DELETE", pve::path({"nodes", "pve1", "storage", "local", "content", volid}), json());
  auto r =
      h.call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", volid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().size(), 2u);
  EXPECT_NE(r.text.find("• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n"),
            std::string::npos)
      << r.text;
  EXPECT_FALSE(r.structured.contains("upid"));
}

TEST_F(BackupWrites, DeleteBackupRefusesWhatIsNotABackupWithoutAnyRequest) {
  for (const auto& [storage, volume] : std::vector<std::pair<std::string, std::string>>{
           {"local", "local:iso/debian-12.iso"},
           {"local", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"},
           {"local-lvm", "local-lvm:vm-100-disk-0"},
           {"local", "local:backup/../images/100/vm-100-disk-0.qcow2"},
           {"local", "vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}}) {
    SCOPED_TRACE(volume);
    auto r = h.call("proxmox_delete_backup",
                    {{"node", "pve1"}, {"storage", storage}, {"volume", volume}});
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text, "Invalid argument 'volume': " + volume +
                          " is not a backup volume; proxmox_delete_backup deletes only backups, "
                          "named like " +
                          storage + ":backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst");
  }
  auto r = h.call("proxmox_delete_backup",
                  {{"node", "pve1"},
                   {"storage", "local"},
                   {"volume", "backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst"}});
  EXPECT_EQ(
      r.text,
      "Invalid argument 'volume': backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst"
      " is on storage backup-nfs, not local");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(BackupWrites, DeleteBackupRefusesUnlistedAndProtectedBackups) {
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  auto r = h.call("proxmox_delete_backup",
                  {{"node", "pve1"},
                   {"storage", "local"},
                   {"volume", "local:backup/vzdump-qemu-999-2026_11_20-02_00_03.vma.zst"}});
  EXPECT_EQ(
      r.text,
      "No backup local:backup/vzdump-qemu-999-2026_11_20-02_00_03.vma.zst on storage local of "
      "node pve1 (proxmox_list_backups shows the backups there)");
  r = h.call("proxmox_delete_backup",
             {{"node", "pve1"},
              {"storage", "local"},
              {"volume", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"}});
  EXPECT_EQ(r.text,
            "Backup local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst is protected: refusing "
            "to delete it. Remove its protection in Proxmox first if this is intended.");
  for (const auto& c : h.api.calls()) EXPECT_EQ(c.method, "GET");
}

TEST_F(BackupWrites, Annotations) {
  for (const char* suffix : {"_vm", "_lxc"}) {
    const auto& create = h.tool(std::string("proxmox_create_backup") + suffix).annotations;
    EXPECT_FALSE(create.destructive);
    EXPECT_FALSE(create.idempotent);
    const auto& restore = h.tool(std::string("proxmox_restore_backup") + suffix).annotations;
    EXPECT_TRUE(restore.destructive);
    EXPECT_FALSE(restore.idempotent);
  }
  EXPECT_TRUE(h.tool("proxmox_delete_backup").annotations.destructive);
  EXPECT_EQ(h.tool("proxmox_delete_backup").input_schema["required"],
            (json{"node", "storage", "volume"}));
}

// ---- the helpers ----

TEST(BackupVolume, ParsesOnlyCleanBackupVolids) {
  auto v = parse_backup_volid("pbs:backup/vm/100/2026-11-26T10:00:00Z");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->storage, "pbs");
  EXPECT_EQ(v->name, "vm/100/2026-11-26T10:00:00Z");
  EXPECT_EQ(backup_guest_type(v->name), "qemu");
  EXPECT_EQ(backup_guest_type("vzdump-openvz-100-x.tar"), "lxc");
  EXPECT_EQ(backup_guest_type("ct/101/2026"), "lxc");
  EXPECT_EQ(backup_guest_type("my-archive.vma"), "");
  for (const char* bad : {"local:backup", "local:backup//x", "local:backup/./x", "1x:backup/a",
                          "local:backupx/a", ":backup/a", "local:backup/a\n"}) {
    EXPECT_FALSE(parse_backup_volid(bad).has_value()) << bad;
  }
}

// The guest a backup belongs to, for the scope and protection settings.
TEST(BackupVolume, GuestIdFromTheArchiveName) {
  EXPECT_EQ(backup_guest_id("vzdump-qemu-100-2026_11_26-10_00_00.vma.zst"), 100);
  EXPECT_EQ(backup_guest_id("vzdump-lxc-1234-2026_11_26-10_00_00.tar.zst"), 1234);
  EXPECT_EQ(backup_guest_id("vzdump-openvz-101-x.tar"), 101);
  EXPECT_EQ(backup_guest_id("vm/100/2026-11-26T10:00:00Z"), 100);
  EXPECT_EQ(backup_guest_id("ct/105/2026-11-26T10:00:00Z"), 105);
  for (const char* none :
       {"my-archive.vma", "vzdump-qemu-x-1.vma", "vm/100x/2026", "vzdump-qemu-", "vm/"}) {
    EXPECT_EQ(backup_guest_id(none), std::nullopt) << none;
  }
}

TEST(BackupVolume, VolumeFromAPbsLog) {
  EXPECT_EQ(volid_from_vzdump_log(
                {"INFO: Starting Backup of VM 100 (qemu)",
                 "INFO: creating Proxmox Backup Server archive 'vm/100/2026-11-26T10:00:00Z'"},
                "pbs"),
            "pbs:backup/vm/100/2026-11-26T10:00:00Z");
  EXPECT_EQ(volid_from_vzdump_log({"INFO: creating vzdump archive ''", "TASK OK"}, "local"),
            std::nullopt);
}

}  // namespace
}  // namespace tools::testing
