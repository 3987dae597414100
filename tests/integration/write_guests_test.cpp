// Power, snapshot and backup write tools against pve-sim: the exact requests PVE received, its
// real refusals, and the state that resulted.
#include <algorithm>

#include "pve/api.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class WriteGuests : public WriteSimTest {
 protected:
  json status(const std::string& node, const std::string& type, int vmid) {
    return guest_get(node, type, vmid, "/status/current");
  }
  std::string run_state(const std::string& node, const std::string& type, int vmid) {
    return status(node, type, vmid).value("status", "");
  }
  // The snapshots, "current" excluded, as "name<parent", sorted (snapshots taken within one
  // second have no defined order).
  std::vector<std::string> snapshot_tree(const std::string& tool, const std::string& node,
                                         int vmid) {
    auto r = call(tool, {{"node", node}, {"vmid", vmid}});
    EXPECT_FALSE(r.is_error) << r.text;
    std::vector<std::string> out;
    for (const auto& s : r.structured["snapshots"]) {
      out.push_back(s.value("name", "") + "<" + s.value("parent", ""));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> backup_volids(const std::string& node, const std::string& storage) {
    auto r = call("proxmox_list_backups", {{"node", node}, {"storage", storage}});
    EXPECT_FALSE(r.is_error) << r.text;
    std::vector<std::string> out;
    for (const auto& b : r.structured["backups"]) out.push_back(b.value("volid", ""));
    return out;
  }
};

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// ---- power ----

TEST_F(WriteGuests, StartStoppedVmRunsIt) {
  ASSERT_EQ(run_state("pve2", "qemu", 102), "stopped");
  clear();
  auto r = call("proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve2/qemu/102/status/start", {}}}));
  // win11's EFI disk lacks the 2023 Microsoft keys: PVE warns, and the tool shows the warning
  // with the explanation PVE prints after it.
  EXPECT_TRUE(contains(
      r.text,
      "• **Result**: ⚠️ WARNINGS: 1 (finished; its warnings below)\n\n**Warnings**:\n```\n"
      "WARN: EFI disk without 'ms-cert=2023k' option, suggesting that not all UEFI 2023\n"
      "certificates from Microsoft are enrolled yet.\n"
      "The UEFI 2011 certificates expire in June 2026! The new certificates are required\n"
      "for secure boot update for Windows and common Linux distributions.\n"
      "Use 'Disk Action > Enroll Updated Certificates' in the UI or, while the VM is\n"
      "shut down, run 'qm enroll-efi-keys 102' to enroll the new certificates.\n```\n"))
      << r.text;
  EXPECT_EQ(r.structured["succeeded"], true);
  EXPECT_TRUE(contains(r.structured["upid"].get<std::string>(), ":qmstart:102:"));
  EXPECT_EQ(r.structured["action"], "start");
  EXPECT_EQ(run_state("pve2", "qemu", 102), "running");
}

TEST_F(WriteGuests, StartRunningVmFailsInItsTask) {
  auto r = call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "• **Result**: ❌ VM 100 already running")) << r.text;
  EXPECT_EQ(r.structured["exitstatus"], "VM 100 already running");
  EXPECT_EQ(run_state("pve1", "qemu", 100), "running");
}

TEST_F(WriteGuests, StartRunningContainerIsRefusedByProxmox) {
  auto r = call("proxmox_start_lxc", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "CT 101 already running")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"POST", "/nodes/pve1/lxc/101/status/start", {}}}));
}

TEST_F(WriteGuests, StopContainerThatIsNotRunningIsRefusedByProxmox) {
  auto r = call("proxmox_stop_lxc", {{"node", "pve2"}, {"vmid", 103}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "CT 103 not running")) << r.text;
  EXPECT_EQ(run_state("pve2", "lxc", 103), "stopped");
}

TEST_F(WriteGuests, RebootVmThatIsNotRunningIsRefusedByProxmox) {
  auto r = call("proxmox_reboot_vm", {{"node", "pve2"}, {"vmid", 102}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "VM 102 not running")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"POST", "/nodes/pve2/qemu/102/status/reboot", {}}}));
}

TEST_F(WriteGuests, StopThenStartContainer) {
  auto stop = call("proxmox_stop_lxc", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(stop.is_error) << stop.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/lxc/101/status/stop", {}}}));
  EXPECT_EQ(run_state("pve1", "lxc", 101), "stopped");
  auto start = call("proxmox_start_lxc", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(start.is_error) << start.text;
  EXPECT_EQ(run_state("pve1", "lxc", 101), "running");
}

TEST_F(WriteGuests, StopVmPostsStopAndSaysItStopped) {
  auto r = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/qemu/100/status/stop", {}}}));
  EXPECT_EQ(run_state("pve1", "qemu", 100), "stopped");
  EXPECT_EQ(r.text.rfind("⏹️  **VM 100 Stopped**\n", 0), 0u) << r.text;
  EXPECT_EQ(r.structured["action"], "stop");
}

TEST_F(WriteGuests, ShutdownWithForceStopSendsForceStop) {
  auto r = call("proxmox_shutdown_vm", {{"node", "pve1"}, {"vmid", 100}, {"force_stop", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"POST", "/nodes/pve1/qemu/100/status/shutdown", {{"forceStop", "1"}}}}));
  EXPECT_EQ(run_state("pve1", "qemu", 100), "stopped");
}

TEST_F(WriteGuests, ShutdownAndRebootContainer) {
  auto reboot = call("proxmox_reboot_lxc", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(reboot.is_error) << reboot.text;
  EXPECT_TRUE(contains(reboot.structured["upid"].get<std::string>(), ":vzreboot:101:"));
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/lxc/101/status/reboot", {}}}));
  EXPECT_EQ(run_state("pve1", "lxc", 101), "running");
  clear();
  auto shutdown = call("proxmox_shutdown_lxc", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(shutdown.is_error) << shutdown.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/lxc/101/status/shutdown", {}}}));
  EXPECT_EQ(run_state("pve1", "lxc", 101), "stopped");
}

TEST_F(WriteGuests, PauseAndResumeVm) {
  auto pause = call("proxmox_pause_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(pause.is_error) << pause.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/qemu/100/status/suspend", {}}}));
  EXPECT_EQ(status("pve1", "qemu", 100).value("qmpstatus", ""), "paused");
  clear();
  auto resume = call("proxmox_resume_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(resume.is_error) << resume.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST", "/nodes/pve1/qemu/100/status/resume", {}}}));
  EXPECT_EQ(status("pve1", "qemu", 100).value("qmpstatus", ""), "running");
}

TEST_F(WriteGuests, PauseStoppedVmIsRefusedByProxmox) {
  auto r = call("proxmox_pause_vm", {{"node", "pve2"}, {"vmid", 102}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "VM 102 not running")) << r.text;
}

TEST_F(WriteGuests, LockedContainerCannotBeStopped) {
  // CT 105 holds a backup lock: Proxmox's worker refuses, and the container keeps running.
  auto r = call("proxmox_stop_lxc", {{"node", "pve2"}, {"vmid", 105}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "• **Result**: ❌ CT is locked (backup)")) << r.text;
  EXPECT_EQ(run_state("pve2", "lxc", 105), "running");
}

TEST_F(WriteGuests, PowerOnAnOfflineNodeSaysSo) {
  auto r = call("proxmox_start_vm", {{"node", "pve3"}, {"vmid", 110}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "pve3")) << r.text;
  EXPECT_TRUE(contains(r.text, "offline")) << r.text;
}

// ---- snapshots ----

TEST_F(WriteGuests, SnapshotCreateListRollbackDelete) {
  const std::string list = "proxmox_list_snapshots_vm";
  ASSERT_EQ(snapshot_tree(list, "pve1", 100),
            (std::vector<std::string>{"before-nginx<pre-upgrade", "pre-upgrade<"}));
  clear();
  auto created = call(
      "proxmox_create_snapshot_vm",
      {{"node", "pve1"}, {"vmid", 100}, {"snapname", "mcp_one"}, {"description", "from the test"}});
  ASSERT_FALSE(created.is_error) << created.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"POST",
                                   "/nodes/pve1/qemu/100/snapshot",
                                   {{"snapname", "mcp_one"}, {"description", "from the test"}}}}));
  EXPECT_TRUE(contains(created.text, "📸 **Snapshot Created**")) << created.text;
  ASSERT_FALSE(
      call("proxmox_create_snapshot_vm", {{"node", "pve1"}, {"vmid", 100}, {"snapname", "mcp_two"}})
          .is_error);
  EXPECT_EQ(snapshot_tree(list, "pve1", 100),
            (std::vector<std::string>{"before-nginx<pre-upgrade", "mcp_one<before-nginx",
                                      "mcp_two<mcp_one", "pre-upgrade<"}));

  // Roll back to the first one: the running state now descends from it.
  clear();
  auto rolled = call("proxmox_rollback_snapshot_vm",
                     {{"node", "pve1"}, {"vmid", 100}, {"snapname", "mcp_one"}});
  ASSERT_FALSE(rolled.is_error) << rolled.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}},
                                  {"POST", "/nodes/pve1/qemu/100/snapshot/mcp_one/rollback", {}}}));
  EXPECT_EQ(config("pve1", "qemu", 100).value("parent", ""), "mcp_one");
  auto listed = call(list, {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_EQ(listed.structured["current_parent"], "mcp_one");

  clear();
  auto deleted = call("proxmox_delete_snapshot_vm",
                      {{"node", "pve1"}, {"vmid", 100}, {"snapname", "mcp_two"}});
  ASSERT_FALSE(deleted.is_error) << deleted.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}},
                                  {"DELETE", "/nodes/pve1/qemu/100/snapshot/mcp_two", {}}}));
  EXPECT_EQ(snapshot_tree(list, "pve1", 100),
            (std::vector<std::string>{"before-nginx<pre-upgrade", "mcp_one<before-nginx",
                                      "pre-upgrade<"}));
}

TEST_F(WriteGuests, ContainerSnapshotLifecycle) {
  const std::string list = "proxmox_list_snapshots_lxc";
  auto created = call("proxmox_create_snapshot_lxc",
                      {{"node", "pve1"}, {"vmid", 101}, {"snapname", "test-snapshot-1"}});
  ASSERT_FALSE(created.is_error) << created.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"POST", "/nodes/pve1/lxc/101/snapshot", {{"snapname", "test-snapshot-1"}}}}));
  EXPECT_TRUE(has(snapshot_tree(list, "pve1", 101), "test-snapshot-1<clean-install"));
  clear();
  auto rolled = call("proxmox_rollback_snapshot_lxc",
                     {{"node", "pve1"}, {"vmid", 101}, {"snapname", "clean-install"}});
  ASSERT_FALSE(rolled.is_error) << rolled.text;
  EXPECT_EQ(changes(), (std::vector<Request>{
                           {"GET", "/nodes/pve1/lxc/101/config", {}},
                           {"POST", "/nodes/pve1/lxc/101/snapshot/clean-install/rollback", {}}}));
  EXPECT_EQ(config("pve1", "lxc", 101).value("parent", ""), "clean-install");
  clear();
  auto deleted = call("proxmox_delete_snapshot_lxc",
                      {{"node", "pve1"}, {"vmid", 101}, {"snapname", "test-snapshot-1"}});
  ASSERT_FALSE(deleted.is_error) << deleted.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"GET", "/nodes/pve1/lxc/101/config", {}},
                                  {"DELETE", "/nodes/pve1/lxc/101/snapshot/test-snapshot-1", {}}}));
  EXPECT_FALSE(has(snapshot_tree(list, "pve1", 101), "test-snapshot-1<clean-install"));
}

TEST_F(WriteGuests, RollbackRefusedForAProtectedGuest) {
  client_->put("/nodes/pve1/qemu/100/config", {{"protection", "1"}});
  const std::string parent = config("pve1", "qemu", 100).value("parent", "");
  clear();
  auto r = call("proxmox_rollback_snapshot_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is protected (protection=1): refusing to roll it back to snapshot "
            "'pre-upgrade'. Remove protection in Proxmox first if this is intended (Options → "
            "Protection, or `qm set 100 --protection 0`).");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
  EXPECT_EQ(config("pve1", "qemu", 100).value("parent", ""), parent);
}

TEST_F(WriteGuests, SnapshotOfAMissingNameFailsWithProxmoxsCause) {
  auto r = call("proxmox_delete_snapshot_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"snapname", "never_made"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "snapshot 'never_made' does not exist")) << r.text;
  auto dup = call("proxmox_create_snapshot_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}});
  EXPECT_TRUE(dup.is_error);
  EXPECT_TRUE(contains(dup.text, "snapshot name 'pre-upgrade' already used")) << dup.text;
}

// ---- backups ----

TEST_F(WriteGuests, CreateBackupWithoutCompressionSendsZero) {
  const auto before = backup_volids("pve1", "local");
  clear();
  auto r = call("proxmox_create_backup_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"compress", "none"}, {"mode", "stop"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/qemu/100/config", {}},
                {"POST",
                 "/nodes/pve1/vzdump",
                 {{"vmid", "100"}, {"storage", "local"}, {"mode", "stop"}, {"compress", "0"}}}}));
  ASSERT_TRUE(r.structured.contains("volid")) << r.text;
  const std::string volid = r.structured["volid"];
  EXPECT_EQ(volid.rfind("local:backup/vzdump-qemu-100-", 0), 0u) << volid;
  EXPECT_TRUE(volid.ends_with(".vma")) << "uncompressed: " << volid;
  EXPECT_EQ(r.structured["compress"], "none");
  const auto after = backup_volids("pve1", "local");
  EXPECT_EQ(after.size(), before.size() + 1);
  EXPECT_TRUE(has(after, volid));
}

TEST_F(WriteGuests, CreateContainerBackupDefaultsToZstdSnapshot) {
  auto r = call("proxmox_create_backup_lxc", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes()[1],
      (Request{
          "POST",
          "/nodes/pve1/vzdump",
          {{"vmid", "101"}, {"storage", "local"}, {"mode", "snapshot"}, {"compress", "zstd"}}}));
  const std::string volid = r.structured.value("volid", "");
  EXPECT_EQ(volid.rfind("local:backup/vzdump-lxc-101-", 0), 0u) << volid;
  EXPECT_TRUE(volid.ends_with(".tar.zst")) << volid;
  EXPECT_TRUE(has(backup_volids("pve1", "local"), volid));
}

TEST_F(WriteGuests, DeleteBackupDeletesOnlyBackups) {
  const std::string backup = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  ASSERT_TRUE(has(backup_volids("pve1", "local"), backup));

  // An ISO image and a VM disk are refused before any DELETE reaches Proxmox.
  clear();
  auto iso =
      call("proxmox_delete_backup", {{"node", "pve1"},
                                     {"storage", "local"},
                                     {"volume", "local:iso/debian-13.1.0-amd64-netinst.iso"}});
  EXPECT_TRUE(iso.is_error);
  EXPECT_TRUE(contains(iso.text, "is not a backup volume")) << iso.text;
  auto disk =
      call("proxmox_delete_backup",
           {{"node", "pve1"}, {"storage", "local-lvm"}, {"volume", "local-lvm:vm-100-disk-0"}});
  EXPECT_TRUE(disk.is_error);
  EXPECT_TRUE(contains(disk.text, "is not a backup volume")) << disk.text;
  // A name shaped like a backup that the storage does not list as backup content.
  auto fake = call("proxmox_delete_backup",
                   {{"node", "pve1"},
                    {"storage", "local"},
                    {"volume", "local:backup/vzdump-qemu-100-2020_01_01-00_00_00.vma.zst"}});
  EXPECT_TRUE(fake.is_error);
  EXPECT_TRUE(contains(fake.text, "No backup local:backup/vzdump-qemu-100-2020_01_01"))
      << fake.text;
  for (const auto& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");

  clear();
  auto r =
      call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", backup}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{
                           {"GET", "/nodes/pve1/storage/local/content", {{"content", "backup"}}},
                           {"DELETE", "/nodes/pve1/storage/local/content/" + backup, {}}}));
  EXPECT_FALSE(has(backup_volids("pve1", "local"), backup));
}

}  // namespace
}  // namespace integration
