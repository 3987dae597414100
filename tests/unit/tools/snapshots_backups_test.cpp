#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

json snapshot_list() {
  return json::parse(R"([
    {"name":"first","description":"clean install","snaptime":1762300000},
    {"name":"before-update","description":"Snapshot before\nsystem update","snaptime":1762419120,
     "parent":"first","vmstate":1},
    {"name":"current","description":"You are here!","parent":"before-update","running":1}])");
}

TEST(ListSnapshots, VmNewestFirstWithoutCurrent) {
  Harness h;
  h.api.on_get("/nodes/pve1/qemu/101/snapshot", snapshot_list());
  auto r = h.call("proxmox_list_snapshots_vm", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/101/snapshot", {}}}));
  EXPECT_EQ(r.text,
            "📋 **Snapshots for VM 101**\n\n"
            "• **before-update**\n"
            "  Created: 2025-11-06T08:52:00Z\n"
            "  Parent: first\n"
            "  Description: Snapshot before system update\n"
            "  RAM state: saved\n\n"
            "• **first**\n"
            "  Created: 2025-11-04T23:46:40Z\n"
            "  Description: clean install\n\n"
            "**Total**: 2 snapshot(s)\n"
            "**Current state** is based on: before-update\n");
  EXPECT_EQ(r.structured["count"], 2);
  EXPECT_EQ(r.structured["current_parent"], "before-update");
  EXPECT_EQ(r.structured["snapshots"][0]["vmstate"], true);
  EXPECT_EQ(r.structured["snapshots"][1]["vmstate"], false);
  EXPECT_EQ(r.structured["type"], "qemu");
}

TEST(ListSnapshots, SameHandlerForContainers) {
  Harness h;
  h.api.on_get("/nodes/pve2/lxc/115/snapshot",
               json::parse(R"([{"name":"current","description":"You are here!"}])"));
  auto r = h.call("proxmox_list_snapshots_lxc", {{"node", "pve2"}, {"vmid", "115"}});
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve2/lxc/115/snapshot", {}}}));
  EXPECT_EQ(r.text, "📋 **Snapshots for LXC 115**\n\nNo snapshots.\n");
  EXPECT_EQ(r.structured["type"], "lxc");
  EXPECT_FALSE(r.structured.contains("current_parent"));
}

json backup_content() {
  return json::parse(R"([
    {"volid":"local:backup/vzdump-qemu-101-2025_11_05-14_30_00.vma.zst","content":"backup",
     "format":"vma.zst","size":2308544921,"ctime":1762353000,"vmid":101,"subtype":"qemu"},
    {"volid":"local:backup/vzdump-lxc-115-2025_11_06-09_12_00.tar.zst","content":"backup",
     "format":"tar.zst","size":429305610,"ctime":1762420320,"vmid":115,
     "notes":"weekly","protected":1}])");
}

TEST(ListBackups, NewestFirstWithTypeSizeAndVolume) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage/local/content", backup_content());
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "local"}});
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/storage/local/content", {{"content", "backup"}}}}));
  EXPECT_EQ(r.text,
            "📦 **Backups on local**\n\n"
            "• **vzdump-lxc-115-2025_11_06-09_12_00.tar.zst**\n"
            "  VM ID: 115 (LXC)\n"
            "  Size: 409.42 MiB\n"
            "  Created: 2025-11-06T09:12:00Z\n"
            "  Notes: weekly\n"
            "  Protected: yes\n"
            "  Volume: local:backup/vzdump-lxc-115-2025_11_06-09_12_00.tar.zst\n\n"
            "• **vzdump-qemu-101-2025_11_05-14_30_00.vma.zst**\n"
            "  VM ID: 101 (QEMU)\n"
            "  Size: 2.15 GiB\n"
            "  Created: 2025-11-05T14:30:00Z\n"
            "  Volume: local:backup/vzdump-qemu-101-2025_11_05-14_30_00.vma.zst\n\n"
            "**Total**: 2 backup(s)\n");
  EXPECT_EQ(r.structured["total"], 2);
  EXPECT_EQ(r.structured["backups"][0]["guest_type"], "lxc");
  EXPECT_EQ(r.structured["backups"][1]["created"], "2025-11-05T14:30:00Z");
}

TEST(ListBackups, VmidFilterIsSentAndAppliedAndLimitBounds) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage/nfs/content", backup_content());
  auto r = h.call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "nfs"}, {"vmid", "101"}});
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET",
                                               "/nodes/pve1/storage/nfs/content",
                                               {{"content", "backup"}, {"vmid", "101"}}}}));
  EXPECT_EQ(r.structured["total"], 1);
  EXPECT_NE(r.text.find("**Total**: 1 backup(s) for VM 101\n"), std::string::npos) << r.text;

  auto limited =
      h.call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "nfs"}, {"limit", 1}});
  EXPECT_EQ(limited.structured["count"], 1);
  EXPECT_EQ(limited.structured["total"], 2);
  EXPECT_NE(limited.text.find("**Total**: 2 backup(s); newest 1 shown (raise limit for more)\n"),
            std::string::npos)
      << limited.text;
}

}  // namespace
}  // namespace tools::testing
