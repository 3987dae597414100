// proxmox_list_backups on PBS storages and across every backup storage of a node.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

// What PVE::Storage::PBSPlugin::list_volumes makes of a datastore's snapshots.
json pbs_content() {
  return json::parse(R"([
    {"volid":"pbs-main:backup/ct/101/2026-11-26T01:04:51Z","content":"backup","format":"pbs-ct",
     "subtype":"lxc","size":845152256,"ctime":1795655091,"vmid":101,"protected":1,
     "encrypted":"e1:52:7b:0c"},
    {"volid":"pbs-main:backup/vm/100/2026-11-26T01:00:03Z","content":"backup","format":"pbs-vm",
     "subtype":"qemu","size":2147483648,"ctime":1795654803,"vmid":100,"notes":"web - nightly",
     "verification":{"state":"failed","upid":"UPID:pbs:000004D2:0009B1C4:00000003:6747FF00:verificationjob:tank:root@pam:"}},
    {"volid":"pbs-main:backup/vm/104/2026-11-22T01:00:04Z","content":"backup","format":"pbs-vm",
     "size":23622320128,"ctime":1795309204,"vmid":104,"encrypted":"1",
     "verification":{"state":"ok","upid":"UPID:pbs:1"}}])");
}

json local_content() {
  return json::parse(R"([
    {"volid":"local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst","content":"backup",
     "format":"vma.zst","size":2061584302,"ctime":1795140003,"vmid":100}])");
}

TEST(ListBackupsPbs, SnapshotsNamedByGroupAndTimeWithVerificationAndEncryption) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage/pbs-main/content", pbs_content());
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "pbs-main"}});
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"GET", "/nodes/pve1/storage/pbs-main/content", {{"content", "backup"}}}}));
  EXPECT_EQ(r.text,
            "📦 **Backups on pbs-main**\n\n"
            "• **ct/101/2026-11-26T01:04:51Z**\n"
            "  VM ID: 101 (LXC)\n"
            "  Size: 806.00 MiB\n"
            "  Created: 2026-11-26T01:04:51Z\n"
            "  Protected: yes\n"
            "  Encrypted: yes\n"
            "  Volume: pbs-main:backup/ct/101/2026-11-26T01:04:51Z\n\n"
            "• **vm/100/2026-11-26T01:00:03Z**\n"
            "  VM ID: 100 (QEMU)\n"
            "  Size: 2.00 GiB\n"
            "  Created: 2026-11-26T01:00:03Z\n"
            "  Notes: web - nightly\n"
            "  Verification: failed\n"
            "  Volume: pbs-main:backup/vm/100/2026-11-26T01:00:03Z\n\n"
            "• **vm/104/2026-11-22T01:00:04Z**\n"
            "  VM ID: 104 (QEMU)\n"
            "  Size: 22.00 GiB\n"
            "  Created: 2026-11-22T01:00:04Z\n"
            "  Verification: ok\n"
            "  Encrypted: yes\n"
            "  Volume: pbs-main:backup/vm/104/2026-11-22T01:00:04Z\n\n"
            "**Total**: 3 backup(s)\n");
  const json& rows = r.structured["backups"];
  EXPECT_EQ(r.structured["storage"], "pbs-main");
  EXPECT_EQ(r.structured["storages"], json::array({"pbs-main"}));
  EXPECT_EQ(rows[0]["file"], "ct/101/2026-11-26T01:04:51Z");
  EXPECT_EQ(rows[0]["guest_type"], "lxc");
  EXPECT_EQ(rows[0]["storage"], "pbs-main");
  EXPECT_EQ(rows[0]["encrypted"], true);
  EXPECT_EQ(rows[0]["key_fingerprint"], "e1:52:7b:0c");
  EXPECT_EQ(rows[1]["verification"], "failed");
  EXPECT_FALSE(rows[1].contains("encrypted"));
  // No subtype: the format says it; "1" means encrypted with no fingerprint to show.
  EXPECT_EQ(rows[2]["guest_type"], "qemu");
  EXPECT_EQ(rows[2]["encrypted"], true);
  EXPECT_FALSE(rows[2].contains("key_fingerprint"));
}

TEST(ListBackupsPbs, GuestTypeFromTheVolumeNameWhenNothingElseSaysIt) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage/pbs-main/content", json::parse(R"([
    {"volid":"pbs-main:backup/ct/103/2026-11-26T01:09:30Z","content":"backup","vmid":103}])"));
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "pbs-main"}});
  EXPECT_EQ(r.structured["backups"][0]["guest_type"], "lxc");
  EXPECT_NE(r.text.find("  VM ID: 103 (LXC)\n"), std::string::npos) << r.text;
}

TEST(ListBackupsAll, StorageOmittedReadsEveryBackupStorageOfTheNodeNewestFirst) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage",
               json::parse(R"([{"storage":"pbs-main","type":"pbs"},{"storage":"local"}])"));
  h.api.on_get("/nodes/pve1/storage/local/content", local_content());
  h.api.on_get("/nodes/pve1/storage/pbs-main/content", pbs_content());
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}, {"vmid", 100}});
  const pve::Params content = {{"content", "backup"}, {"vmid", "100"}};
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/storage", {{"content", "backup"}, {"enabled", "1"}}},
                         {"GET", "/nodes/pve1/storage/local/content", content},
                         {"GET", "/nodes/pve1/storage/pbs-main/content", content}}));
  EXPECT_EQ(r.text,
            "📦 **Backups on node pve1**\n\n"
            "Storages read: local, pbs-main\n\n"
            "• **vm/100/2026-11-26T01:00:03Z**\n"
            "  VM ID: 100 (QEMU)\n"
            "  Size: 2.00 GiB\n"
            "  Created: 2026-11-26T01:00:03Z\n"
            "  Notes: web - nightly\n"
            "  Verification: failed\n"
            "  Storage: pbs-main\n"
            "  Volume: pbs-main:backup/vm/100/2026-11-26T01:00:03Z\n\n"
            "• **vzdump-qemu-100-2026_11_20-02_00_03.vma.zst**\n"
            "  VM ID: 100 (QEMU)\n"
            "  Size: 1.92 GiB\n"
            "  Created: 2026-11-20T02:00:03Z\n"
            "  Storage: local\n"
            "  Volume: local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst\n\n"
            "**Total**: 2 backup(s) for VM 100\n");
  EXPECT_FALSE(r.structured.contains("storage"));
  EXPECT_EQ(r.structured["storages"], json::array({"local", "pbs-main"}));
  EXPECT_EQ(r.structured["unreadable"], json::array());
  EXPECT_EQ(r.structured["backups"][1]["storage"], "local");
}

TEST(ListBackupsAll, AStorageThatFailsIsNamedAndTheOthersListed) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage",
               json::parse(R"([{"storage":"local"},{"storage":"pbs-main"}])"));
  h.api.on_get("/nodes/pve1/storage/local/content", local_content());
  h.api.fail_get(
      "/nodes/pve1/storage/pbs-main/content",
      pve::Error(pve::ErrorKind::kServer, 500, "error listing snapshots - 500 Can't connect",
                 "Proxmox error (HTTP 500): error listing snapshots - 500 Can't connect"));
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text.substr(0, r.text.find("• ")),
            "📦 **Backups on node pve1**\n\n"
            "Storages read: local\n"
            "⚠️ Storage pbs-main could not be read: Proxmox error (HTTP 500): error listing "
            "snapshots - 500 Can't connect\n\n");
  EXPECT_EQ(r.structured["storages"], json::array({"local"}));
  EXPECT_EQ(r.structured["unreadable"], json::parse(R"([{"storage":"pbs-main","error":
              "Proxmox error (HTTP 500): error listing snapshots - 500 Can't connect"}])"));
  EXPECT_EQ(r.structured["total"], 1);
}

TEST(ListBackupsAll, AFailureEveryStorageWouldShareEndsTheCall) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage", json::parse(R"([{"storage":"local"}])"));
  h.api.fail_get("/nodes/pve1/storage/local/content",
                 pve::Error(pve::ErrorKind::kAuth, 401, "authentication failure",
                            "Proxmox rejected the API token (HTTP 401)"));
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("Proxmox rejected the API token (HTTP 401)"), std::string::npos) << r.text;
}

TEST(ListBackupsAll, NoBackupStorageSaysSo) {
  Harness h;
  h.api.on_get("/nodes/pve2/storage", json::array());
  auto r = h.call("proxmox_list_backups", {{"node", "pve2"}});
  EXPECT_EQ(r.text,
            "📦 **Backups on node pve2**\n\n"
            "Storages read: none\n\n"
            "No backups on the node's backup storages (node pve2).\n");
}

}  // namespace
}  // namespace tools::testing
