// proxmox_delete_vm / _lxc over the scripted Api: exact requests, refusals, reports.
#include <gtest/gtest.h>

#include "lifecycle_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

// ---- delete ----

TEST_F(Lifecycle, DeleteStoppedVmFollowsTheTask) {
  const std::string u = upid("pve1", "qmdestroy", 102);
  h.api.on_get("/nodes/pve1/qemu/102/config", json{{"name", "win11"}, {"digest", "d1"}});
  h.api.on_get("/nodes/pve1/qemu/102/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/qemu/102", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", "102"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/102/config", {}},
                                              {"GET", "/nodes/pve1/qemu/102/status/current", {}},
                                              {"DELETE", "/nodes/pve1/qemu/102", {}},
                                              {"GET", status_path(u), {}}}));
  EXPECT_EQ(
      r.text,
      "🗑️  **VM Deleted**\n\n• **VM ID**: 102\n• **Type**: QEMU\n• **Node**: pve1\n"
      "• **Name**: win11\n• **Task ID**: " +
          u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["vmid"], 102);
  EXPECT_EQ(r.structured["name"], "win11");
  EXPECT_EQ(r.structured["purge"], false);
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_FALSE(r.structured.contains("force"));
}

TEST_F(Lifecycle, DeleteSendsPurgeAndUnreferencedDisks) {
  const std::string u = upid("pve1", "vzdestroy", 103);
  h.api.on_get("/nodes/pve1/lxc/103/config", json{{"hostname", "pihole"}});
  h.api.on_get("/nodes/pve1/lxc/103/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/lxc/103", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call(
      "proxmox_delete_lxc",
      {{"node", "pve1"}, {"vmid", 103}, {"purge", true}, {"destroy_unreferenced_disks", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[2], (Call{"DELETE",
                                    "/nodes/pve1/lxc/103",
                                    {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}}}));
  EXPECT_EQ(
      r.text.substr(0, r.text.find("• **Task ID**")),
      "🗑️  **Container Deleted**\n\n• **VM ID**: 103\n• **Type**: LXC\n• **Node**: "
      "pve1\n"
      "• **Name**: pihole\n• **Purge**: removed from backup, replication and HA jobs\n"
      "• **Unreferenced Disks**: destroyed too (every volume of this ID on the node's "
      "storages)\n");
  EXPECT_EQ(r.structured["purge"], true);
  EXPECT_EQ(r.structured["destroy_unreferenced_disks"], true);
  EXPECT_EQ(r.structured["force"], false);
}

TEST_F(Lifecycle, DeleteRefusesAProtectedGuestBeforeAnyChange) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}, {"protection", 1}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}, {"purge", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is protected (protection=1): refusing to delete it. Remove protection in "
            "Proxmox first if this is intended (Options → Protection, or `qm set 100 "
            "--protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
}

TEST_F(Lifecycle, DeleteExplainsThatARunningVmMustBeStopped) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on_get("/nodes/pve1/qemu/100/status/current", json{{"status", "running"}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}, {"force", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is running: Proxmox destroys only stopped guests. Stop it first "
            "(proxmox_shutdown_vm for a clean shutdown, proxmox_stop_vm to stop it at once), "
            "then delete it.");
  EXPECT_EQ(h.api.calls().size(), 2u) << "no DELETE";
}

TEST_F(Lifecycle, DeleteRunningContainerOffersForce) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on_get("/nodes/pve1/lxc/101/status/current", json{{"status", "running"}});
  auto refused = h.call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text,
            "CT 101 is running: Proxmox destroys only stopped guests. Stop it first "
            "(proxmox_shutdown_lxc for a clean shutdown, proxmox_stop_lxc to stop it at once), "
            "then delete it, or call again with force=true to let Proxmox stop it first.");
  EXPECT_EQ(h.api.calls().size(), 2u);

  const std::string u = upid("pve1", "vzdestroy", 101);
  h.api.on("DELETE", "/nodes/pve1/lxc/101", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}, {"force", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[4], (Call{"DELETE", "/nodes/pve1/lxc/101", {{"force", "1"}}}));
  EXPECT_TRUE(r.text.find("• **Force**: stopped first if it was running\n") != std::string::npos)
      << r.text;
  EXPECT_EQ(r.structured["force"], true);
}

TEST_F(Lifecycle, DeleteTaskFailureIsAnErrorWithTheLog) {
  const std::string u = upid("pve1", "qmdestroy", 104);
  h.api.on_get("/nodes/pve1/qemu/104/config", json{{"name", "db"}, {"lock", "backup"}});
  h.api.on_get("/nodes/pve1/qemu/104/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/qemu/104", u);
  h.api.on_get(status_path(u), stopped(u, "VM is locked (backup)"));
  h.api.on_get_envelope(
      pve::path({"nodes", "pve1", "tasks", u, "log"}),
      json{{"data", json::array({{{"n", 1}, {"t", "TASK ERROR: VM is locked (backup)"}}})},
           {"total", 1}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 104}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "❌ **VM Deletion Failed**");
  EXPECT_TRUE(r.text.find("• **Result**: ❌ VM is locked (backup)\n") != std::string::npos)
      << r.text;
  EXPECT_TRUE(r.text.find("TASK ERROR: VM is locked (backup)") != std::string::npos) << r.text;
}

TEST_F(Lifecycle, DeleteSchemaAndAnnotations) {
  EXPECT_FALSE(h.tool("proxmox_delete_vm").input_schema["properties"].contains("force"));
  EXPECT_TRUE(h.tool("proxmox_delete_lxc").input_schema["properties"].contains("force"));
  for (const char* name : {"proxmox_delete_vm", "proxmox_delete_lxc"}) {
    const auto& a = h.tool(name).annotations;
    EXPECT_TRUE(a.destructive) << name;
    EXPECT_FALSE(a.idempotent) << name;
    EXPECT_FALSE(a.read_only) << name;
  }
  EXPECT_FALSE(h.tool("proxmox_clone_vm").annotations.destructive);
  EXPECT_FALSE(h.tool("proxmox_resize_lxc").annotations.destructive);
  EXPECT_TRUE(h.tool("proxmox_resize_lxc").annotations.idempotent);
}

TEST(LifecycleGate, BasicModeRefusesWithoutContactingProxmox) {
  Harness h;
  for (const char* name : {"proxmox_delete_vm", "proxmox_delete_lxc", "proxmox_clone_vm",
                           "proxmox_clone_lxc", "proxmox_resize_vm", "proxmox_resize_lxc"}) {
    EXPECT_FALSE(h.tool(name).listed) << name;
    auto r = h.call(name, {{"node", "pve1"}, {"vmid", 100}, {"cores", 2}});
    EXPECT_TRUE(r.is_error) << name;
    EXPECT_EQ(r.text.rfind(std::string(name) + " requires elevated mode", 0), 0u) << r.text;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

}  // namespace
}  // namespace tools::testing
