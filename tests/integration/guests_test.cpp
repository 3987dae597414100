// Guest status, snapshots and backups against pve-sim, including the error paths.
#include "sim_fixture.h"
#include "tools/handler.h"

namespace integration {
namespace {

using nlohmann::json;

class Guests : public SimTest {};

TEST_F(Guests, VmStatus) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/status/current", {}}}));
  EXPECT_TRUE(contains(r.text,
                       "🟢 🖥️ **web** (ID: 100)\n\n• **Node**: pve1\n"
                       "• **Status**: running\n• **Type**: QEMU\n"
                       "• **HA**: managed\n• **Uptime**: 3d 4h "))  // vm:100 is an HA resource
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **Network In**: ")) << r.text;
  EXPECT_EQ(r.structured["name"], "web");
  EXPECT_EQ(r.structured["status"], "running");
}

TEST_F(Guests, ContainerStatusByNumericString) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", "101"}, {"type", "lxc"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/lxc/101/status/current", {}}}));
  EXPECT_TRUE(contains(r.text,
                       "🟢 📦 **docker** (ID: 101)\n\n• **Node**: pve1\n"
                       "• **Status**: running\n• **Type**: LXC\n"))
      << r.text;
}

TEST_F(Guests, PausedVmShowsQmpStatus) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 104}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Status**: running (paused)\n")) << r.text;
}

TEST_F(Guests, MissingVmidIsActionable) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 999}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 999 not found on node pve1");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/999/status/current", {}}}));
  EXPECT_EQ(statuses(), (std::vector<int>{500}));
}

TEST_F(Guests, TypeInjectionNeverReachesProxmox) {
  auto r = call("proxmox_get_vm_status",
                {{"node", "pve1"}, {"vmid", 100}, {"type", "qemu/100/../../../../access/users"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'type': must be one of: qemu, lxc");
  EXPECT_TRUE(requests().empty());
}

TEST_F(Guests, GuestOnOfflineNode) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve3"}, {"vmid", 110}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "pve3")) << r.text;
  EXPECT_EQ(statuses(), (std::vector<int>{595}));
}

TEST_F(Guests, VmSnapshots) {
  auto r = call("proxmox_list_snapshots_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/snapshot", {}}}));
  EXPECT_EQ(r.text,
            "📋 **Snapshots for VM 100**\n\n"
            "• **before-nginx**\n"
            "  Created: 2026-11-18T11:06:40Z\n"
            "  Parent: pre-upgrade\n"
            "  Description: Clean system before installing nginx\n"
            "  RAM state: saved\n\n"
            "• **pre-upgrade**\n"
            "  Created: 2026-11-10T08:40:00Z\n"
            "  Description: Before the Debian 13 upgrade\n\n"
            "**Total**: 2 snapshot(s)\n"
            "**Current state** is based on: before-nginx\n");
}

TEST_F(Guests, ContainerSnapshots) {
  auto r = call("proxmox_list_snapshots_lxc", {{"node", "pve1"}, {"vmid", "101"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/lxc/101/snapshot", {}}}));
  EXPECT_EQ(r.text,
            "📋 **Snapshots for LXC 101**\n\n"
            "• **clean-install**\n"
            "  Created: 2026-11-17T10:40:00Z\n"
            "  Description: Fresh Debian 12 with Docker CE\n\n"
            "**Total**: 1 snapshot(s)\n"
            "**Current state** is based on: clean-install\n");
}

TEST_F(Guests, BackupsNewestFirst) {
  auto r = call("proxmox_list_backups", {{"node", "pve1"}, {"storage", "local"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/storage/local/content", {{"content", "backup"}}}}));
  EXPECT_EQ(r.text,
            "📦 **Backups on local**\n\n"
            "• **vzdump-lxc-101-2026_11_20-02_10_41.tar.zst**\n"
            "  VM ID: 101 (LXC)\n"
            "  Size: 767.00 MiB\n"
            "  Created: 2026-11-20T02:10:41Z\n"
            "  Notes: docker - nightly\n"
            "  Volume: local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst\n\n"
            "• **vzdump-qemu-100-2026_11_20-02_00_03.vma.zst**\n"
            "  VM ID: 100 (QEMU)\n"
            "  Size: 1.92 GiB\n"
            "  Created: 2026-11-20T02:00:03Z\n"
            "  Notes: web - nightly\n"
            "  Volume: local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst\n\n"
            "**Total**: 2 backup(s)\n");
}

TEST_F(Guests, BackupsOfOneVmOnTheSharedStorage) {
  auto r =
      call("proxmox_list_backups", {{"node", "pve2"}, {"storage", "backup-nfs"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET",
                                               "/nodes/pve2/storage/backup-nfs/content",
                                               {{"content", "backup"}, {"vmid", "100"}}}}));
  ASSERT_EQ(r.structured["total"], 1);
  EXPECT_EQ(r.structured["backups"][0]["file"], "vzdump-qemu-100-2026_11_25-02_00_05.vma.zst");
  EXPECT_EQ(r.structured["backups"][0]["protected"], true);
  EXPECT_TRUE(contains(r.text, "  Protected: yes\n")) << r.text;
}

// PVEAuditor may read everything the read tools use, so the 403 comes from an endpoint outside
// them (Sys.Syslog): it still travels through the same client and the same tool error boundary.
TEST_F(Guests, ForbiddenEndpointForTheAuditorIsOneLine) {
  use_token("auditor@pve", "ro", sim_->auditor_token_secret());
  pve::Api& api = *client_;
  mcp::ToolHandler syslog = tools::guarded([&api](const json&, mcp::CallContext&) {
    api.get("/nodes/pve1/syslog");
    return mcp::ToolResult{};
  });
  auto r = syslog(json::object(), ctx_);
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "Sys.Syslog")) << r.text;
  EXPECT_TRUE(contains(r.text, "/nodes/pve1")) << r.text;
  EXPECT_FALSE(contains(r.text, sim_->auditor_token_secret()));
  EXPECT_EQ(statuses(), (std::vector<int>{403}));
}

}  // namespace
}  // namespace integration
