// proxmox_migrate_vm / _lxc and proxmox_convert_to_template over the scripted Api: the exact
// requests, the refusals before anything is sent, and where the answer says the guest is.
#include <gtest/gtest.h>

#include "lifecycle_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

// Scripts a migration task of `kind` `vmid` from `node` that ends OK, and the status the guest
// then reports on `target`; returns the task's UPID.
std::string script_migration(Harness& h, const std::string& kind, int vmid, const std::string& node,
                             const std::string& target, const std::string& state) {
  const std::string prefix = "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid);
  const std::string u = upid(node, kind == "lxc" ? "vzmigrate" : "qmigrate", vmid);
  h.api.on("POST", prefix + "/migrate", u);
  h.api.on_get(status_path(u, node), stopped(u, "OK"));
  h.api.on_get("/nodes/" + target + "/" + kind + "/" + std::to_string(vmid) + "/status/current",
               json{{"status", state}});
  return u;
}

// ---- migration ----

TEST_F(Lifecycle, LiveMigrationCopiesLocalDisksAndReadsTheVmOnTheTarget) {
  const std::string u = script_migration(h, "qemu", 104, "pve1", "pve2", "running");
  auto r = h.call("proxmox_migrate_vm", {{"node", "pve1"},
                                         {"vmid", 104},
                                         {"target", "pve2"},
                                         {"online", true},
                                         {"targetstorage", "local-lvm"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"POST",
                                               "/nodes/pve1/qemu/104/migrate",
                                               {{"target", "pve2"},
                                                {"online", "1"},
                                                {"with-local-disks", "1"},
                                                {"targetstorage", "local-lvm"}}},
                                              {"GET", status_path(u), {}},
                                              {"GET", "/nodes/pve2/qemu/104/status/current", {}}}));
  EXPECT_EQ(r.text,
            "🚚 **VM Migrated**\n\n• **VM ID**: 104\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Target Node**: pve2\n• **Target Storage**: local-lvm\n• **Task ID**: " +
                u + "\n• **Result**: ✅ OK\n• **Now On**: pve2\n• **Status**: running\n");
  EXPECT_EQ(r.structured["node"], "pve1");
  EXPECT_EQ(r.structured["type"], "qemu");
  EXPECT_EQ(r.structured["target"], "pve2");
  EXPECT_EQ(r.structured["now_on"], "pve2");
  EXPECT_EQ(r.structured["status_now"], "running");
}

TEST_F(Lifecycle, OfflineMigrationSendsOnlyTheTarget) {
  script_migration(h, "qemu", 102, "pve2", "pve1", "stopped");
  auto r = h.call("proxmox_migrate_vm", {{"node", "pve2"}, {"vmid", 102}, {"target", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[0], (Call{"POST", "/nodes/pve2/qemu/102/migrate", {{"target", "pve1"}}}));
  EXPECT_EQ(r.structured["status_now"], "stopped");
  EXPECT_FALSE(r.structured.contains("targetstorage"));
}

// The Node.js server's way of moving a container: type=lxc, `online` meaning a restart.
TEST_F(Lifecycle, MigrateVmWithTypeLxcMovesAContainer) {
  script_migration(h, "lxc", 103, "pve2", "pve1", "running");
  auto r = h.call(
      "proxmox_migrate_vm",
      {{"node", "pve2"}, {"vmid", 103}, {"target", "pve1"}, {"type", "lxc"}, {"online", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[0],
            (Call{"POST", "/nodes/pve2/lxc/103/migrate", {{"target", "pve1"}, {"restart", "1"}}}));
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "🚚 **Container Migrated**");
  EXPECT_EQ(r.structured["type"], "lxc");
  EXPECT_EQ(r.structured["status_now"], "running");
}

TEST_F(Lifecycle, MigrateLxcSendsRestartAndTargetStorage) {
  const std::string u = script_migration(h, "lxc", 103, "pve2", "pve3", "running");
  auto r = h.call("proxmox_migrate_lxc", {{"node", "pve2"},
                                          {"vmid", 103},
                                          {"target", "pve3"},
                                          {"restart", true},
                                          {"targetstorage", "local-lvm"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"POST",
                          "/nodes/pve2/lxc/103/migrate",
                          {{"target", "pve3"}, {"restart", "1"}, {"target-storage", "local-lvm"}}},
                         {"GET", status_path(u, "pve2"), {}},
                         {"GET", "/nodes/pve3/lxc/103/status/current", {}}}));
  EXPECT_EQ(r.structured["now_on"], "pve3");
  EXPECT_EQ(r.structured["targetstorage"], "local-lvm");
}

TEST_F(Lifecycle, MigrationToItsOwnNodeIsRefusedBeforeSending) {
  for (const char* tool : {"proxmox_migrate_vm", "proxmox_migrate_lxc"}) {
    auto r = h.call(tool, {{"node", "pve1"}, {"vmid", 101}, {"target", "pve1"}});
    EXPECT_TRUE(r.is_error) << tool;
    const std::string label = std::string(tool).ends_with("_lxc") ? "CT 101" : "VM 101";
    EXPECT_EQ(r.text, "Invalid argument 'target': " + label +
                          " is already on node pve1; name another node of the cluster");
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(Lifecycle, FailedMigrationSaysSoAndReadsNothingOnTheTarget) {
  const std::string u = upid("pve2", "qmigrate", 102);
  h.api.on("POST", "/nodes/pve2/qemu/102/migrate", u);
  h.api.on_get(status_path(u, "pve2"), stopped(u, "migration aborted"));
  h.api.on_get_envelope(pve::path({"nodes", "pve2", "tasks", u, "log"}),
                        json{{"data", json::array({{{"n", 1}, {"t", "TASK ERROR: x"}}})}});
  auto r = h.call("proxmox_migrate_vm", {{"node", "pve2"}, {"vmid", 102}, {"target", "pve3"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "❌ **VM Migration Failed**");
  EXPECT_TRUE(Contains(r.text, "• **Result**: ❌ migration aborted\n"));
  for (const Call& c : h.api.calls()) EXPECT_EQ(c.path.find("status/current"), std::string::npos);
}

// The guest has moved once the task ends OK: a status read that fails afterwards costs the
// status line, not the success.
TEST_F(Lifecycle, MigrationStaysDoneWhenTheStatusReadOnTheTargetFails) {
  const std::string u = upid("pve1", "qmigrate", 104);
  h.api.on("POST", "/nodes/pve1/qemu/104/migrate", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  h.api.fail_get(
      "/nodes/pve2/qemu/104/status/current",
      pve::Error(pve::ErrorKind::kNodeOffline, 595, "no route to host", "no route to host"));
  auto r = h.call("proxmox_migrate_vm", {{"node", "pve1"}, {"vmid", 104}, {"target", "pve2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(Contains(r.text,
                       "• **Result**: ✅ OK\n• **Now On**: pve2\n• **Status**: unknown (reading it "
                       "on pve2 failed: no route to host)\n"))
      << r.text;
  EXPECT_EQ(r.structured["now_on"], "pve2");
  EXPECT_FALSE(r.structured.contains("status_now"));
}

TEST_F(Lifecycle, MigrationSchemasAdvertiseOnlyWhatTheToolIsFor) {
  const mcp::Tool& vm = h.tool("proxmox_migrate_vm");
  EXPECT_FALSE(vm.input_schema["properties"].contains("type"));
  EXPECT_EQ(vm.output_schema["properties"]["type"]["enum"], (json{"qemu", "lxc"}));
  EXPECT_EQ(h.tool("proxmox_migrate_lxc").output_schema["properties"]["type"]["enum"],
            (json{"lxc"}));
  const mcp::Tool& convert = h.tool("proxmox_convert_to_template");
  EXPECT_EQ(convert.input_schema["properties"],
            (json{{"node", {{"type", "string"}}}, {"vmid", {{"type", "integer"}}}}));
  EXPECT_EQ(convert.output_schema["properties"]["type"]["enum"], (json{"qemu", "lxc"}));
  auto r = h.call("proxmox_migrate_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"target", "pve2"}, {"type", "vm"}});
  EXPECT_EQ(r.text, "Invalid argument 'type': must be one of: qemu, lxc");
}

}  // namespace
}  // namespace tools::testing
