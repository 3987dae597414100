// Snapshot write tools over the scripted Api: exact requests, names PVE accepts, protection.
#include <gtest/gtest.h>

#include "harness.h"
#include "task_script.h"

namespace tools::testing {
namespace {

using nlohmann::json;

class SnapshotWrites : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

TEST_F(SnapshotWrites, CreateVmSnapshotWithDescriptionAndRam) {
  const std::string u = upid("qmsnapshot", 100);
  h.api.on("POST", "/nodes/pve1/qemu/100/snapshot", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_create_snapshot_vm", {{"node", "pve1"},
                                                 {"vmid", "100"},
                                                 {"snapname", "Before-Update_2"},
                                                 {"description", "before\nthe update"},
                                                 {"vmstate", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"POST",
                                               "/nodes/pve1/qemu/100/snapshot",
                                               {{"snapname", "Before-Update_2"},
                                                {"description", "before\nthe update"},
                                                {"vmstate", "1"}}},
                                              {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "📸 **Snapshot Created**\n\n"
            "• **VM ID**: 100\n• **Snapshot Name**: Before-Update_2\n• **Type**: QEMU\n"
            "• **Node**: pve1\n• **Description**: before the update\n"
            "• **RAM State**: saved with the snapshot\n"
            "• **Task ID**: " +
                u +
                "\n• **Result**: ✅ OK\n\n"
                "**Tip**: Use `proxmox_list_snapshots_vm` to view all snapshots.\n");
  EXPECT_EQ(r.structured["snapname"], "Before-Update_2");
  EXPECT_EQ(r.structured["vmstate"], true);
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["vmid"], 100);
}

TEST_F(SnapshotWrites, CreateContainerSnapshotSendsOnlyTheName) {
  const std::string u = upid("vzsnapshot", 115);
  h.api.on("POST", "/nodes/pve1/lxc/115/snapshot", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  // vmstate is a qemu-only parameter: the container tool neither offers nor sends it.
  EXPECT_FALSE(
      h.tool("proxmox_create_snapshot_lxc").input_schema["properties"].contains("vmstate"));
  auto r =
      h.call("proxmox_create_snapshot_lxc",
             {{"node", "pve1"}, {"vmid", 115}, {"snapname", "test-snapshot-1"}, {"vmstate", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"POST", "/nodes/pve1/lxc/115/snapshot", {{"snapname", "test-snapshot-1"}}},
                {"GET", status_path(u), {}}}));
  EXPECT_EQ(
      r.text.substr(0, r.text.find("• **Task ID**")),
      "📸 **Snapshot Created**\n\n• **VM ID**: 115\n• **Snapshot Name**: test-snapshot-1\n"
      "• **Type**: LXC\n• **Node**: pve1\n");
  EXPECT_FALSE(r.structured.contains("vmstate"));
  EXPECT_EQ(r.structured["type"], "lxc");
}

TEST_F(SnapshotWrites, NamesProxmoxWouldRejectNeverReachIt) {
  const std::string rule =
      "Invalid argument 'snapname': must start with a letter and continue with letters, digits, "
      "'_' or '-' (2 to 40 characters, Proxmox's configuration ID format)";
  for (const std::string& bad :
       std::vector<std::string>{"1st", "a", "has space", "snap.1", "x/../../y", "ünïcode",
                                std::string(41, 'a'), std::string("ab\ncd")}) {
    SCOPED_TRACE(bad);
    auto r =
        h.call("proxmox_create_snapshot_vm", {{"node", "pve1"}, {"vmid", 100}, {"snapname", bad}});
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text, rule);
  }
  auto r = h.call("proxmox_delete_snapshot_lxc",
                  {{"node", "pve1"}, {"vmid", 101}, {"snapname", "current"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'snapname': 'current' is reserved by Proxmox (the live state and "
            "pending changes)");
  EXPECT_TRUE(h.api.calls().empty());
}

// The advertised schema is lean (no pattern, length or range); the server keeps every rule and
// refuses before anything reaches Proxmox, naming the rule.
TEST_F(SnapshotWrites, TheServerChecksWhatTheLeanSchemaNoLongerSays) {
  const json& props = h.tool("proxmox_delete_snapshot_vm").input_schema["properties"];
  EXPECT_EQ(props["snapname"], (json{{"type", "string"}}));
  EXPECT_FALSE(props.contains("timeout"));  // the instructions explain wait and timeout once
  EXPECT_FALSE(props.contains("wait"));
  auto refusal = [&](const std::string& tool, json args) {
    EXPECT_EQ(mcp::accept_arguments(h.tool(tool).input_schema, args), std::nullopt);
    mcp::ToolResult r = h.call(tool, args);
    EXPECT_TRUE(r.is_error);
    return r.text;
  };
  const json snap = {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}};
  json args = snap;
  args["snapname"] = std::string(41, 'a');
  EXPECT_EQ(refusal("proxmox_create_snapshot_vm", args),
            "Invalid argument 'snapname': must start with a letter and continue with letters, "
            "digits, '_' or '-' (2 to 40 characters, Proxmox's configuration ID format)");
  args = snap;
  args["timeout"] = 3601;
  EXPECT_EQ(refusal("proxmox_rollback_snapshot_lxc", args),
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  args = snap;
  args["vmid"] = "99";
  EXPECT_EQ(refusal("proxmox_delete_snapshot_vm", args),
            "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
            "numeric string)");
  args = snap;
  args["node"] = "pve/1";
  EXPECT_EQ(refusal("proxmox_create_snapshot_lxc", args),
            "Invalid argument 'node': must be a node name (letters, digits and inner hyphens, at "
            "most 63 characters)");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(SnapshotWrites, FortyCharactersAreAccepted) {
  const std::string name = "a" + std::string(39, '9');
  const std::string u = upid("qmsnapshot", 100);
  h.api.on("POST", "/nodes/pve1/qemu/100/snapshot", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r =
      h.call("proxmox_create_snapshot_vm", {{"node", "pve1"}, {"vmid", 100}, {"snapname", name}});
  EXPECT_FALSE(r.is_error) << r.text;
}

TEST_F(SnapshotWrites, RollbackRefusedForProtectedGuest) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}, {"protection", 1}});
  auto r = h.call("proxmox_rollback_snapshot_lxc",
                  {{"node", "pve1"}, {"vmid", 101}, {"snapname", "before-upgrade"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "CT 101 is protected (protection=1): refusing to roll it back to snapshot "
            "'before-upgrade'. Remove protection in Proxmox first if this is intended (Options → "
            "Protection, or `pct set 101 --protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/lxc/101/config", {}}}));
}

TEST_F(SnapshotWrites, RollbackAndStart) {
  const std::string u = upid("qmrollback", 100);
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}, {"protection", 0}});
  h.api.on("POST", "/nodes/pve1/qemu/100/snapshot/pre-upgrade/rollback", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_rollback_snapshot_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}, {"start", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"GET", "/nodes/pve1/qemu/100/config", {}},
                {"POST", "/nodes/pve1/qemu/100/snapshot/pre-upgrade/rollback", {{"start", "1"}}},
                {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "⏮️  **Snapshot Rolled Back**\n\n"
            "• **VM ID**: 100\n• **Snapshot Name**: pre-upgrade\n• **Type**: QEMU\n"
            "• **Node**: pve1\n• **Start Afterwards**: yes\n"
            "• **Task ID**: " +
                u +
                "\n• **Result**: ✅ OK\n\n"
                "⚠️  **Note**: The VM is back at the snapshot's state; changes made after the "
                "snapshot were discarded.\n");
  EXPECT_EQ(r.structured["start"], true);
}

TEST_F(SnapshotWrites, FailedRollbackIsAnErrorWithTheLog) {
  const std::string u = upid("vzrollback", 101);
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on("POST", "/nodes/pve1/lxc/101/snapshot/gone/rollback", u);
  h.api.on_get(status_path(u), stopped(u, "snapshot 'gone' does not exist"));
  h.api.on_get_envelope(
      pve::path({"nodes", "pve1", "tasks", u, "log"}),
      json::parse(R"({"data":[{"n":1,"t":"TASK ERROR: snapshot 'gone' does not exist"}],
                                       "total":1})"));
  auto r = h.call("proxmox_rollback_snapshot_lxc",
                  {{"node", "pve1"}, {"vmid", 101}, {"snapname", "gone"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "❌ **Snapshot Rollback Failed**\n\n"
            "• **VM ID**: 101\n• **Snapshot Name**: gone\n• **Type**: LXC\n• **Node**: pve1\n"
            "• **Task ID**: " +
                u +
                "\n• **Result**: ❌ snapshot 'gone' does not exist\n\n"
                "**Task log (last 1 lines)**:\n```\nTASK ERROR: snapshot 'gone' does not "
                "exist\n```\n");
}

TEST_F(SnapshotWrites, DeleteWithForceNotWaited) {
  const std::string u = upid("qmdelsnapshot", 100);
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on("DELETE", "/nodes/pve1/qemu/100/snapshot/old_one", u);
  h.api.on_get(status_path(u), json{{"upid", u}, {"node", "pve1"}, {"status", "running"}});
  auto r = h.call(
      "proxmox_delete_snapshot_vm",
      {{"node", "pve1"}, {"vmid", 100}, {"snapname", "old_one"}, {"force", true}, {"wait", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}},
                         {"DELETE", "/nodes/pve1/qemu/100/snapshot/old_one", {{"force", "1"}}},
                         {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "🗑️  **Snapshot Deletion Started**\n\n"
            "• **VM ID**: 100\n• **Snapshot Name**: old_one\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Task ID**: " +
                u +
                "\n• **Result**: ⏳ started, not waited for (follow it with "
                "proxmox_get_task_status)\n");
  EXPECT_EQ(r.structured["status"], "running");
  EXPECT_EQ(r.structured["waited"], false);
}

TEST_F(SnapshotWrites, Annotations) {
  for (const char* suffix : {"_vm", "_lxc"}) {
    const auto& create = h.tool(std::string("proxmox_create_snapshot") + suffix).annotations;
    EXPECT_FALSE(create.destructive);
    EXPECT_FALSE(create.idempotent);
    const auto& rollback = h.tool(std::string("proxmox_rollback_snapshot") + suffix).annotations;
    EXPECT_TRUE(rollback.destructive);
    EXPECT_FALSE(rollback.idempotent);
    const auto& del = h.tool(std::string("proxmox_delete_snapshot") + suffix).annotations;
    EXPECT_TRUE(del.destructive);
    EXPECT_TRUE(del.idempotent);
    for (const auto* a : {&create, &rollback, &del}) {
      EXPECT_FALSE(a->read_only);
      EXPECT_FALSE(a->open_world);
    }
  }
}

TEST(SnapshotWritesBasicMode, RefusedWithoutContactingProxmox) {
  Harness h;
  EXPECT_FALSE(h.tool("proxmox_rollback_snapshot_vm").listed);
  auto r = h.call("proxmox_rollback_snapshot_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.rfind("proxmox_rollback_snapshot_vm requires elevated mode", 0), 0u) << r.text;
  EXPECT_TRUE(h.api.calls().empty());
}

}  // namespace
}  // namespace tools::testing
