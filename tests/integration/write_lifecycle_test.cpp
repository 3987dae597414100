// Clone, resize and delete tools against pve-sim: the exact requests PVE received and the
// state that resulted.
#include <chrono>
#include <thread>

#include "pve/api.h"
#include "pve/error.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class WriteLifecycle : public WriteSimTest {
 protected:
  std::vector<std::string> volumes(const std::string& node, const std::string& storage, int vmid) {
    std::vector<std::string> out;
    json content = client_->get(pve::path({"nodes", node, "storage", storage, "content"}),
                                {{"vmid", std::to_string(vmid)}});
    for (const auto& item : content) out.push_back(item.value("volid", ""));
    return out;
  }
};

// ---- delete ----

TEST_F(WriteLifecycle, DeleteStoppedVmDestroysItAndItsDisks) {
  ASSERT_TRUE(exists("pve2", "qemu", 102));
  ASSERT_FALSE(volumes("pve2", "local-lvm", 102).empty());
  clear();
  auto r = call("proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}},
                                             {"GET", "/nodes/pve2/qemu/102/status/current", {}},
                                             {"DELETE", "/nodes/pve2/qemu/102", {}}}));
  EXPECT_TRUE(contains(r.text, "🗑️  **VM Deleted**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Result**: ✅ OK")) << r.text;
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["exitstatus"], "OK");
  EXPECT_FALSE(exists("pve2", "qemu", 102));
  EXPECT_TRUE(volumes("pve2", "local-lvm", 102).empty());
}

TEST_F(WriteLifecycle, DeleteContainerWithPurgeAndUnreferencedDisks) {
  auto r = call(
      "proxmox_delete_lxc",
      {{"node", "pve2"}, {"vmid", 103}, {"purge", true}, {"destroy_unreferenced_disks", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[2], (Request{"DELETE",
                                   "/nodes/pve2/lxc/103",
                                   {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}}}));
  EXPECT_TRUE(contains(r.text, "🗑️  **Container Deleted**")) << r.text;
  EXPECT_FALSE(exists("pve2", "lxc", 103));
  EXPECT_TRUE(volumes("pve2", "local-lvm", 103).empty());
}

TEST_F(WriteLifecycle, DeleteRefusesAProtectedGuest) {
  client_->put("/nodes/pve2/qemu/102/config", {{"protection", "1"}});
  clear();
  auto r = call("proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}, {"purge", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 102 is protected (protection=1): refusing to delete it. Remove protection in "
            "Proxmox first if this is intended (Options → Protection, or `qm set 102 "
            "--protection 0`).");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}}}));
  EXPECT_TRUE(exists("pve2", "qemu", 102));
}

// The container path of the same guard: neither force nor a mount point slot gets past it.
TEST_F(WriteLifecycle, ProtectedContainerIsNeitherDeletedNorStrippedOfAMountPoint) {
  client_->put("/nodes/pve2/lxc/103/config", {{"protection", "1"}});
  clear();
  auto deleted = call("proxmox_delete_lxc", {{"node", "pve2"}, {"vmid", 103}, {"force", true}});
  EXPECT_TRUE(deleted.is_error);
  EXPECT_EQ(deleted.text,
            "CT 103 is protected (protection=1): refusing to delete it. Remove protection in "
            "Proxmox first if this is intended (Options → Protection, or `pct set 103 "
            "--protection 0`).");
  auto removed =
      call("proxmox_remove_mountpoint_lxc", {{"node", "pve2"}, {"vmid", 103}, {"mp", "mp0"}});
  EXPECT_TRUE(removed.is_error);
  EXPECT_TRUE(contains(removed.text,
                       "CT 103 is protected (protection=1): refusing to remove its mount points"))
      << removed.text;
  for (const auto& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
  EXPECT_TRUE(exists("pve2", "lxc", 103));
}

TEST_F(WriteLifecycle, DeleteRunningVmIsExplainedAndNotSent) {
  auto r = call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is running: Proxmox destroys only stopped guests. Stop it first "
            "(proxmox_shutdown_vm for a clean shutdown, proxmox_stop_vm to stop it at once), "
            "then delete it.");
  for (const auto& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
  EXPECT_TRUE(exists("pve1", "qemu", 100));

  // Stopped first, it goes.
  ASSERT_FALSE(call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}}).is_error);
  auto deleted = call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(deleted.is_error) << deleted.text;
  EXPECT_FALSE(exists("pve1", "qemu", 100));
}

TEST_F(WriteLifecycle, DeleteRunningContainerWithForceLetsProxmoxStopIt) {
  auto refused = call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_TRUE(contains(refused.text, "or call again with force=true")) << refused.text;
  EXPECT_TRUE(exists("pve1", "lxc", 101));
  clear();
  auto r = call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}, {"force", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[2], (Request{"DELETE", "/nodes/pve1/lxc/101", {{"force", "1"}}}));
  EXPECT_FALSE(exists("pve1", "lxc", 101));
}

TEST_F(WriteLifecycle, DeleteLockedContainerFailsInTheTaskAndKeepsIt) {
  // CT 105 is running and locked by a backup: forced, Proxmox's worker refuses on the lock.
  auto r = call("proxmox_delete_lxc", {{"node", "pve2"}, {"vmid", 105}, {"force", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "❌ **Container Deletion Failed**")) << r.text;
  EXPECT_TRUE(contains(r.text, "locked (backup)")) << r.text;
  EXPECT_TRUE(exists("pve2", "lxc", 105));
}

TEST_F(WriteLifecycle, DeleteMissingGuestIsNotFound) {
  auto r = call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 999}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 999 not found on node pve1");
  EXPECT_EQ(requests().size(), 1u);
}

// ---- clone ----

TEST_F(WriteLifecycle, CloneStoppedVmTakesTheNextFreeIdAndCopiesItsDisks) {
  const json answer = client_->get("/cluster/nextid");  // PVE sends a number or a string
  const int next = answer.is_string() ? std::stoi(answer.get<std::string>()) : answer.get<int>();
  clear();
  auto r = call("proxmox_clone_vm", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_FALSE(r.is_error) << r.text;
  const std::string id = std::to_string(next);
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"GET", "/nodes/pve2/qemu/102/config", {}},
                {"GET", "/cluster/nextid", {}},
                {"POST", "/nodes/pve2/qemu/102/clone", {{"newid", id}, {"name", "clone-" + id}}}}));
  EXPECT_TRUE(contains(r.text, "📋 **VM Cloned**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Clone Type**: full\n")) << r.text;
  EXPECT_EQ(r.structured["newid"], next);
  json copy = config("pve2", "qemu", next);
  json source = config("pve2", "qemu", 102);
  EXPECT_EQ(copy.value("name", ""), "clone-" + id);
  EXPECT_FALSE(copy.contains("lock")) << copy.dump();
  EXPECT_EQ(copy.value("memory", json()), source.value("memory", json()));
  EXPECT_NE(copy.value("net0", ""), source.value("net0", "")) << "a new MAC";
  EXPECT_FALSE(volumes("pve2", "local-lvm", next).empty());
}

TEST_F(WriteLifecycle, CloneTemplateIsLinkedByDefault) {
  auto r = call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 9000}, {"newid", 300}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"POST", "/nodes/pve1/qemu/9000/clone", {{"newid", "300"}, {"name", "clone-300"}}}));
  EXPECT_TRUE(contains(r.text, "• **Clone Type**: linked\n")) << r.text;
  EXPECT_EQ(r.structured["full"], false);
  const std::string scsi0 = config("pve1", "qemu", 300).value("scsi0", "");
  EXPECT_EQ(scsi0.rfind("local-lvm:base-9000-disk-0/vm-300-disk-", 0), 0u) << scsi0;
}

TEST_F(WriteLifecycle, CloneTemplateOntoAStorageIsAFullCopy) {
  auto r = call("proxmox_clone_vm", {{"node", "pve1"},
                                     {"vmid", 9000},
                                     {"newid", 301},
                                     {"name", "app.lan"},
                                     {"storage", "local-lvm"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"POST",
               "/nodes/pve1/qemu/9000/clone",
               {{"newid", "301"}, {"name", "app.lan"}, {"full", "1"}, {"storage", "local-lvm"}}}));
  json copy = config("pve1", "qemu", 301);
  EXPECT_EQ(copy.value("name", ""), "app.lan");
  const std::string scsi0 = copy.value("scsi0", "");
  EXPECT_EQ(scsi0.rfind("local-lvm:vm-301-disk-", 0), 0u) << scsi0;
}

TEST_F(WriteLifecycle, CloneJoinsTheGivenPool) {
  auto r = call("proxmox_clone_vm",
                {{"node", "pve1"}, {"vmid", 9000}, {"newid", 302}, {"pool", "prod"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"POST",
                                   "/nodes/pve1/qemu/9000/clone",
                                   {{"newid", "302"}, {"name", "clone-302"}, {"pool", "prod"}}}));
  EXPECT_TRUE(contains(r.text, "• **Pool**: prod\n")) << r.text;
  bool member = false;
  for (const auto& m : client_->get("/pools/prod").value("members", json::array())) {
    member = member || m.value("vmid", 0) == 302;
  }
  EXPECT_TRUE(member);

  auto missing = call("proxmox_clone_vm",
                      {{"node", "pve1"}, {"vmid", 9000}, {"newid", 303}, {"pool", "nope"}});
  EXPECT_TRUE(missing.is_error);
  EXPECT_TRUE(contains(missing.text, "pool 'nope' does not exist")) << missing.text;
  EXPECT_FALSE(exists("pve1", "qemu", 303));
}

TEST_F(WriteLifecycle, LinkedCloneOfANormalVmIsRefusedBeforeProxmoxIsAsked) {
  auto r =
      call("proxmox_clone_vm", {{"node", "pve2"}, {"vmid", 102}, {"newid", 300}, {"full", false}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "a linked clone needs a template")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}}}));
  EXPECT_FALSE(exists("pve2", "qemu", 300));
}

TEST_F(WriteLifecycle, CloneStoppedContainerWithItsHostname) {
  auto r = call("proxmox_clone_lxc",
                {{"node", "pve2"}, {"vmid", 103}, {"newid", 203}, {"hostname", "pihole2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"POST", "/nodes/pve2/lxc/103/clone", {{"newid", "203"}, {"hostname", "pihole2"}}}));
  EXPECT_TRUE(contains(r.text, "📋 **Container Cloned**")) << r.text;
  json copy = config("pve2", "lxc", 203);
  EXPECT_EQ(copy.value("hostname", ""), "pihole2");
  EXPECT_FALSE(copy.contains("lock")) << copy.dump();
  EXPECT_FALSE(config("pve2", "lxc", 103).contains("lock")) << "the source is unlocked again";
}

TEST_F(WriteLifecycle, RunningContainerIsClonedFromASnapshot) {
  auto r = call("proxmox_clone_lxc", {{"node", "pve1"},
                                      {"vmid", 101},
                                      {"newid", 206},
                                      {"hostname", "docker-copy"},
                                      {"snapname", "clean-install"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"POST",
               "/nodes/pve1/lxc/101/clone",
               {{"newid", "206"}, {"hostname", "docker-copy"}, {"snapname", "clean-install"}}}));
  json copy = config("pve1", "lxc", 206);
  EXPECT_EQ(copy.value("hostname", ""), "docker-copy");
  EXPECT_EQ(copy.value("rootfs", "").rfind("local-lvm:vm-206-disk-", 0), 0u) << copy.dump();
}

TEST_F(WriteLifecycle, CloneRefusalsFromProxmoxAreReported) {
  // A running container can be copied in full only from a snapshot (see above).
  auto running = call("proxmox_clone_lxc", {{"node", "pve1"}, {"vmid", 101}, {"newid", 204}});
  EXPECT_TRUE(running.is_error);
  EXPECT_TRUE(contains(running.text,
                       "Cannot do full clones on a running container without "
                       "snapshots"))
      << running.text;
  // Local disks cannot be cloned to another node.
  auto elsewhere = call("proxmox_clone_vm",
                        {{"node", "pve2"}, {"vmid", 102}, {"newid", 205}, {"target", "pve1"}});
  EXPECT_TRUE(elsewhere.is_error);
  EXPECT_TRUE(contains(elsewhere.text, "can't clone VM to node 'pve1' (VM uses local storage)"))
      << elsewhere.text;
  // An ID already in use.
  auto taken = call("proxmox_clone_vm", {{"node", "pve2"}, {"vmid", 102}, {"newid", 101}});
  EXPECT_TRUE(taken.is_error);
  EXPECT_TRUE(contains(taken.text, "❌ **VM Clone Failed**")) << taken.text;
  EXPECT_TRUE(
      contains(taken.text, "• **Result**: ❌ clone failed: CT 101 already exists on node 'pve1'\n"))
      << taken.text;
  EXPECT_FALSE(exists("pve1", "lxc", 204));
  EXPECT_FALSE(exists("pve1", "qemu", 205));
  EXPECT_TRUE(exists("pve1", "lxc", 101));
}

// ---- resize ----

TEST_F(WriteLifecycle, ResizeVmPostsTheConfigAsATaskWithTheDigest) {
  const std::string digest = config("pve1", "qemu", 100).value("digest", "");
  ASSERT_FALSE(digest.empty());
  clear();
  auto r =
      call("proxmox_resize_vm", {{"node", "pve1"}, {"vmid", 100}, {"cores", 4}, {"memory", 8192}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}},
                                  {"POST",
                                   "/nodes/pve1/qemu/100/config",
                                   {{"cores", "4"}, {"memory", "8192"}, {"digest", digest}}},
                                  {"GET", "/nodes/pve1/qemu/100/pending", {}}}));
  // VM 100 runs without cpu and memory hotplug: both wait for its next start. GET …/config
  // already shows them; only the running config (current=1) tells the truth.
  json after = config("pve1", "qemu", 100);
  EXPECT_EQ(after.value("cores", json()).dump(), "4");
  // A property string since qemu-server 8.0.8 ("8192"), an integer before (--loose-types).
  EXPECT_TRUE(after["memory"] == "8192" || after["memory"] == 8192) << after["memory"];
  EXPECT_NE(after.value("digest", ""), digest);
  json running = guest_get("pve1", "qemu", 100, "/config?current=1");
  EXPECT_EQ(running.value("cores", json()).dump(), "2");
  EXPECT_TRUE(contains(r.text,
                       "• **New Cores**: 4 (was 2)\n• **New Memory**: 8192 MB (was 4096 "
                       "MB)\n• **Pending**: ⏳ Proxmox holds this change until the VM next "
                       "starts (proxmox_reboot_vm applies it now; a reboot from inside the guest "
                       "does not)\n"))
      << r.text;
  EXPECT_TRUE(r.structured["upid"].is_string());
  EXPECT_TRUE(contains(r.structured["upid"].get<std::string>(), ":qmconfig:100:"));
  EXPECT_EQ(r.structured["pending"], true);

  // A reboot through Proxmox applies it.
  clear();
  auto reboot = call("proxmox_reboot_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(reboot.is_error) << reboot.text;
  running = guest_get("pve1", "qemu", 100, "/config?current=1");
  EXPECT_EQ(running.value("cores", json()).dump(), "4");
  EXPECT_EQ(guest_get("pve1", "qemu", 100, "/pending").dump().find("\"pending\""),
            std::string::npos);
}

TEST_F(WriteLifecycle, ResizeContainerPutsTheConfigSynchronously) {
  const std::string digest = config("pve1", "lxc", 101).value("digest", "");
  clear();
  auto r = call("proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"memory", 2048}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/lxc/101/config", {}},
                {"PUT", "/nodes/pve1/lxc/101/config", {{"memory", "2048"}, {"digest", digest}}},
                {"GET", "/nodes/pve1/lxc/101/pending", {}}}));
  json after = config("pve1", "lxc", 101);
  EXPECT_EQ(after.value("memory", json()).dump(), "2048");
  EXPECT_EQ(after.value("cores", json()).dump(), "4") << "cores untouched";
  EXPECT_TRUE(contains(r.text, "✅ done (Proxmox applied it at once; there is no task)"));
  EXPECT_FALSE(contains(r.text, "N/A")) << r.text;
}

TEST_F(WriteLifecycle, ResizeOutOfRangeNeverReachesProxmox) {
  auto r = call("proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"memory", 8}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'memory': must be an integer between 16 and 4194304");
  EXPECT_TRUE(requests().empty());
}

TEST_F(WriteLifecycle, ResizeDetectsAConcurrentChange) {
  // The tool's POST waits 2 s inside pve-sim before it is handled; meanwhile another client
  // changes the config, so the digest the tool read is stale and Proxmox refuses the change.
  sim_->set_fault("latency:POST:2000");
  ASSERT_TRUE(exists("pve1", "qemu", 100));  // warms the connection
  std::thread other([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    client_->put("/nodes/pve1/qemu/100/config", {{"cores", "3"}});
  });
  auto r = call("proxmox_resize_vm", {{"node", "pve1"}, {"vmid", 100}, {"cores", 6}});
  other.join();
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "checksum mismatch (file change by other user?)")) << r.text;
  EXPECT_EQ(config("pve1", "qemu", 100).value("cores", json()).dump(), "3");
}

}  // namespace
}  // namespace integration
