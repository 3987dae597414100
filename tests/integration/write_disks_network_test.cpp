// Disk, network and exec write tools against pve-sim: the exact requests PVE received and the
// state that resulted.
#include "pve/api.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

class WriteDevices : public WriteSimTest {
 protected:
  json config(const std::string& type, int vmid, const std::string& node = "pve1") {
    return WriteSimTest::config(node, type, vmid);
  }
  std::string digest(const std::string& type, int vmid) {
    return config(type, vmid).value("digest", "");
  }
};

// ---- disks ----

TEST_F(WriteDevices, AddDiskVmAllocatesThroughPostConfigAsATask) {
  const std::string d = digest("qemu", 100);
  clear();
  auto r = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                        {"vmid", 100},
                                        {"disk", "scsi1"},
                                        {"storage", "local-lvm"},
                                        {"size", "4"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/qemu/100/config", {}},
                {"POST", "/nodes/pve1/qemu/100/config", {{"scsi1", "local-lvm:4"}, {"digest", d}}},
                {"GET", "/nodes/pve1/qemu/100/pending", {}}}));
  const std::string volume = config("qemu", 100).value("scsi1", "");
  EXPECT_EQ(volume.rfind("local-lvm:vm-100-disk-", 0), 0u) << volume;
  EXPECT_TRUE(contains(volume, "size=4G")) << volume;
  EXPECT_TRUE(contains(r.text, "💿 **Disk Added to VM**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Result**: ✅ OK")) << r.text;
  EXPECT_EQ(r.structured["status"], "stopped");
}

TEST_F(WriteDevices, SataDiskOnARunningVmWaitsForItsNextStartBothWays) {
  // VM 100 runs; qemu hotplugs scsi and virtio disks only.
  auto added = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                            {"vmid", 100},
                                            {"disk", "sata1"},
                                            {"storage", "local-lvm"},
                                            {"size", "2"}});
  ASSERT_FALSE(added.is_error) << added.text;
  EXPECT_EQ(added.structured["pending"], true);
  const std::string volume = added.structured.value("volume", "");
  EXPECT_EQ(volume.rfind("local-lvm:vm-100-disk-", 0), 0u) << added.text;
  EXPECT_TRUE(contains(added.text,
                       "• **Pending**: ⏳ Proxmox holds this change until the VM next "
                       "starts"))
      << added.text;
  EXPECT_FALSE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));

  ASSERT_FALSE(call("proxmox_reboot_vm", {{"node", "pve1"}, {"vmid", 100}}).is_error);
  EXPECT_TRUE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));

  const std::string d = digest("qemu", 100);
  clear();
  auto removed =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "sata1"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_EQ(changes()[1],
            (Request{"POST", "/nodes/pve1/qemu/100/config", {{"delete", "sata1"}, {"digest", d}}}));
  EXPECT_EQ(removed.structured["outcome"], "pending");
  EXPECT_TRUE(contains(removed.text,
                       "nothing changed yet: the VM still uses sata1 and its data is "
                       "untouched"))
      << removed.text;
  // Still attached and in use until the next start; the removal shows in GET …/pending.
  EXPECT_TRUE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));
  EXPECT_TRUE(
      contains(guest_get("pve1", "qemu", 100, "/pending").dump(), R"({"delete":1,"key":"sata1")"));
}

TEST_F(WriteDevices, InjectionNeverReachesProxmox) {
  auto r = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                        {"vmid", 100},
                                        {"disk", "scsi1"},
                                        {"storage", "local-lvm"},
                                        {"size", "10,cache=unsafe"}});
  EXPECT_TRUE(r.is_error);
  auto n = call("proxmox_add_network_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}, {"bridge", "vmbr0,firewall=0"}});
  EXPECT_TRUE(n.is_error);
  EXPECT_TRUE(requests().empty());
}

TEST_F(WriteDevices, RemoveDiskDetachesThenDestroys) {
  ASSERT_FALSE(call("proxmox_add_disk_vm", {{"node", "pve1"},
                                            {"vmid", 100},
                                            {"disk", "scsi1"},
                                            {"storage", "local-lvm"},
                                            {"size", 2}})
                   .is_error);
  const std::string scsi1 = config("qemu", 100).value("scsi1", "");
  const std::string volume = scsi1.substr(0, scsi1.find(','));
  const std::string d = digest("qemu", 100);
  clear();
  auto detach =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi1"}});
  ASSERT_FALSE(detach.is_error) << detach.text;
  EXPECT_EQ(changes()[1],
            (Request{"POST", "/nodes/pve1/qemu/100/config", {{"delete", "scsi1"}, {"digest", d}}}));
  json after = config("qemu", 100);
  EXPECT_FALSE(after.contains("scsi1"));
  EXPECT_EQ(after.value("unused0", ""), volume);
  EXPECT_EQ(detach.structured["outcome"], "detached");
  EXPECT_TRUE(contains(detach.text, "detached, not deleted: the volume " + volume +
                                        " is kept as unused0 and its data still exists"))
      << detach.text;

  auto destroy =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "unused0"}});
  ASSERT_FALSE(destroy.is_error) << destroy.text;
  EXPECT_EQ(destroy.structured["outcome"], "destroyed") << destroy.text;
  EXPECT_FALSE(config("qemu", 100).contains("unused0"));
  json content = client_->get("/nodes/pve1/storage/local-lvm/content", {{"vmid", "100"}});
  for (const auto& item : content) EXPECT_NE(item.value("volid", ""), volume);
}

TEST_F(WriteDevices, RemoveDiskRefusedWhenProtected) {
  client_->put("/nodes/pve1/qemu/100/config", {{"protection", "1"}});
  clear();
  auto r = call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "VM 100 is protected (protection=1)")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
  EXPECT_TRUE(config("qemu", 100).contains("scsi0"));
}

TEST_F(WriteDevices, AddMountpointLxcSendsThePath) {
  const std::string d = digest("lxc", 101);
  clear();
  auto r = call("proxmox_add_mountpoint_lxc", {{"node", "pve1"},
                                               {"vmid", 101},
                                               {"mp", "mp0"},
                                               {"storage", "local-lvm"},
                                               {"size", "2"},
                                               {"path", "/data"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes(),
      (std::vector<Request>{
          {"GET", "/nodes/pve1/lxc/101/config", {}},
          {"PUT", "/nodes/pve1/lxc/101/config", {{"mp0", "local-lvm:2,mp=/data"}, {"digest", d}}},
          {"GET", "/nodes/pve1/lxc/101/pending", {}}}));
  const std::string mp0 = config("lxc", 101).value("mp0", "");
  EXPECT_TRUE(contains(mp0, "mp=/data")) << mp0;
  EXPECT_TRUE(contains(mp0, "size=2G")) << mp0;

  const std::string before_remove = digest("lxc", 101);
  clear();
  auto removed =
      call("proxmox_remove_mountpoint_lxc", {{"node", "pve1"}, {"vmid", 101}, {"mp", "mp0"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/config",
                                   {{"delete", "mp0"}, {"digest", before_remove}}}));
  json after = config("lxc", 101);
  EXPECT_FALSE(after.contains("mp0"));
  EXPECT_NE(removed.structured["outcome"], "unknown") << removed.text;
}

TEST_F(WriteDevices, ResizeVmDiskFollowsTheTask) {
  const std::string d = digest("qemu", 100);
  clear();
  auto r = call("proxmox_resize_disk_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"size", "+8G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/qemu/100/resize",
                                   {{"disk", "scsi0"}, {"size", "+8G"}, {"digest", d}}}));
  EXPECT_TRUE(contains(config("qemu", 100).value("scsi0", ""), "size=40G"));
  EXPECT_TRUE(contains(r.text, "• **New Size**: 40.00 GiB")) << r.text;
}

TEST_F(WriteDevices, ResizeContainerRootfsAbsolute) {
  const std::string d = digest("lxc", 101);
  clear();
  auto r = call("proxmox_resize_disk_lxc",
                {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"size", "20G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/resize",
                                   {{"disk", "rootfs"}, {"size", "20G"}, {"digest", d}}}));
  EXPECT_TRUE(contains(config("lxc", 101).value("rootfs", ""), "size=20G"));
  auto shrink = call("proxmox_resize_disk_lxc",
                     {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"size", "10G"}});
  EXPECT_TRUE(shrink.is_error);
  EXPECT_TRUE(contains(shrink.text, "cannot shrink")) << shrink.text;
}

TEST_F(WriteDevices, MoveDiskToStorageWithoutImagesFailsWithTheCause) {
  auto r = call("proxmox_move_disk_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"storage", "local"}});
  EXPECT_TRUE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "images")) << r.text;
  bool sent = false;
  for (const auto& req : requests()) {
    if (std::get<0>(req) == "POST") {
      sent = true;
      EXPECT_EQ(req, (Request{"POST",
                              "/nodes/pve1/qemu/100/move_disk",
                              {{"disk", "scsi0"},
                               {"storage", "local"},
                               {"delete", "1"},
                               {"digest", std::get<2>(req).back().second}}}));
    }
  }
  EXPECT_TRUE(sent);
  EXPECT_TRUE(contains(config("qemu", 100).value("scsi0", ""), "local-lvm:vm-100-disk-0"));
}

// ---- network ----

TEST_F(WriteDevices, NetworkVmAddUpdateRemove) {
  auto added =
      call("proxmox_add_network_vm",
           {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}, {"bridge", "vmbr0"}, {"vlan", 20}});
  ASSERT_FALSE(added.is_error) << added.text;
  const std::string net1 = config("qemu", 100).value("net1", "");
  EXPECT_EQ(net1.rfind("virtio=BC:24:11:", 0), 0u) << net1;
  EXPECT_TRUE(contains(net1, "bridge=vmbr0")) << net1;
  EXPECT_TRUE(contains(net1, "tag=20")) << net1;

  const std::string d = digest("qemu", 100);
  clear();
  auto updated = call("proxmox_update_network_vm",
                      {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}, {"model", "e1000"}});
  ASSERT_FALSE(updated.is_error) << updated.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"PUT",
               "/nodes/pve1/qemu/100/config",
               {{"net0", "e1000=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1"}, {"digest", d}}}));
  EXPECT_EQ(config("qemu", 100).value("net0", ""),
            "e1000=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1");

  const std::string before_remove = digest("qemu", 100);
  clear();
  auto removed =
      call("proxmox_remove_network_vm", {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/qemu/100/config",
                                   {{"delete", "net1"}, {"digest", before_remove}}}));
  EXPECT_FALSE(config("qemu", 100).contains("net1"));
  auto again = call("proxmox_add_network_vm",
                    {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}, {"bridge", "vmbr0"}});
  EXPECT_TRUE(again.is_error);
  EXPECT_TRUE(contains(again.text, "VM 100 already has net0")) << again.text;
}

// The models come from the API schema (qemu-server's full list), not the four common ones.
TEST_F(WriteDevices, NetworkVmTakesEveryModelProxmoxDoesAndNamesThemOtherwise) {
  const std::string d = digest("qemu", 100);
  clear();
  auto updated = call("proxmox_update_network_vm",
                      {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}, {"model", "e1000e"}});
  ASSERT_FALSE(updated.is_error) << updated.text;
  EXPECT_EQ(
      changes()[1],
      (Request{"PUT",
               "/nodes/pve1/qemu/100/config",
               {{"net0", "e1000e=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1"}, {"digest", d}}}));
  EXPECT_EQ(config("qemu", 100).value("net0", ""),
            "e1000e=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1");

  clear();
  auto refused = call(
      "proxmox_add_network_vm",
      {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}, {"bridge", "vmbr0"}, {"model", "e1000E"}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text,
            "Invalid argument 'model': must be one of: e1000, e1000-82540em, e1000-82544gc, "
            "e1000-82545em, e1000e, i82551, i82557b, i82559er, ne2k_isa, ne2k_pci, pcnet, "
            "rtl8139, virtio, vmxnet3");
  EXPECT_TRUE(requests().empty());
}

TEST_F(WriteDevices, NetworkLxcAddUpdateRemove) {
  std::string d = digest("lxc", 101);
  clear();
  auto added = call("proxmox_add_network_lxc",
                    {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}});
  ASSERT_FALSE(added.is_error) << added.text;
  const std::string net1 = config("lxc", 101).value("net1", "");
  EXPECT_TRUE(contains(net1, "name=eth1")) << net1;
  EXPECT_TRUE(contains(net1, "ip=dhcp")) << net1;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/config",
                                   {{"net1", "name=eth1,bridge=vmbr0,ip=dhcp"}, {"digest", d}}}));

  d = digest("lxc", 101);
  clear();
  auto updated = call("proxmox_update_network_lxc", {{"node", "pve1"},
                                                     {"vmid", 101},
                                                     {"net", "net0"},
                                                     {"ip", "192.168.1.50/24"},
                                                     {"gw", "192.168.1.1"}});
  ASSERT_FALSE(updated.is_error) << updated.text;
  EXPECT_EQ(config("lxc", 101).value("net0", ""),
            "name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:2F:90:11,ip=192.168.1.50/24,"
            "type=veth,gw=192.168.1.1");
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/config",
                                   {{"net0",
                                     "name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:2F:90:11,"
                                     "ip=192.168.1.50/24,type=veth,gw=192.168.1.1"},
                                    {"digest", d}}}));

  d = digest("lxc", 101);
  clear();
  auto removed =
      call("proxmox_remove_network_lxc", {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_FALSE(config("lxc", 101).contains("net1"));
  EXPECT_EQ(changes()[1],
            (Request{"PUT", "/nodes/pve1/lxc/101/config", {{"delete", "net1"}, {"digest", d}}}));
}

// ---- exec ----

TEST_F(WriteDevices, ExecRunsArgvThroughTheAgentAndCollectsTheResult) {
  auto r = call("proxmox_execute_vm_command",
                {{"node", "pve1"}, {"vmid", 100}, {"command", "echo 'hello   world' again"}});
  ASSERT_FALSE(r.is_error) << r.text;
  auto reqs = requests();
  ASSERT_GE(reqs.size(), 2u);
  EXPECT_EQ(reqs[0],
            (Request{"POST",
                     "/nodes/pve1/qemu/100/agent/exec",
                     {{"command", "echo"}, {"command", "hello   world"}, {"command", "again"}}}));
  const std::string pid = std::to_string(r.structured["pid"].get<int>());
  EXPECT_EQ(reqs.back(),
            (Request{"GET", "/nodes/pve1/qemu/100/agent/exec-status", {{"pid", pid}}}));
  EXPECT_EQ(r.structured["stdout"], "hello   world again\n");
  EXPECT_EQ(r.structured["exit_code"], 0);
  EXPECT_TRUE(contains(r.text, "**Output**:\n```\nhello   world again\n```\n")) << r.text;
}

TEST_F(WriteDevices, ExecReportsExitCodesStderrAndTimeouts) {
  auto failed = call("proxmox_execute_vm_command",
                     {{"node", "pve1"}, {"vmid", 100}, {"argv", {"ls", "/nope"}}});
  EXPECT_TRUE(failed.is_error) << failed.text;
  EXPECT_EQ(failed.structured["exit_code"], 2);
  EXPECT_TRUE(contains(failed.structured["stderr"].get<std::string>(), "/nope"));

  auto shell = call("proxmox_execute_vm_command",
                    {{"node", "pve1"}, {"vmid", 100}, {"command", "sh -c 'exit 3'"}});
  EXPECT_TRUE(shell.is_error);
  EXPECT_EQ(shell.structured["exit_code"], 3) << shell.text;

  auto slow = call("proxmox_execute_vm_command",
                   {{"node", "pve1"}, {"vmid", 100}, {"command", "sleep 30"}, {"timeout", 0}});
  ASSERT_FALSE(slow.is_error) << slow.text;
  EXPECT_EQ(slow.structured["timed_out"], true);
  EXPECT_EQ(slow.structured["exited"], false);

  auto missing = call("proxmox_execute_vm_command",
                      {{"node", "pve1"}, {"vmid", 100}, {"command", "no-such-program"}});
  EXPECT_TRUE(missing.is_error);
  EXPECT_TRUE(contains(missing.text, "no-such-program")) << missing.text;
}

TEST_F(WriteDevices, ExecRefusesShellSyntaxInTheStringFormWithoutARequest) {
  auto r = call("proxmox_execute_vm_command",
                {{"node", "pve1"}, {"vmid", 100}, {"command", "uptime && whoami"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'command': contains `&&`, which only a shell understands, and no "
            "shell runs here: the guest agent starts the program directly and would pass it on "
            "as a plain argument. For pipes, redirections, variables or several commands, run a "
            "shell explicitly: argv [\"sh\", \"-c\", \"<command line>\"] (or command \"sh -c "
            "'<command line>'\"). To pass such characters to the program as they are, quote "
            "them or give the words as the array argv.");
  EXPECT_TRUE(requests().empty());
}

// PVE (qemu-server's agent_available) says "QEMU guest agent is not running" for a paused VM:
// its agent cannot answer the ping. The tool tells the VM's state from status/current.
TEST_F(WriteDevices, ExecOnAPausedVmSaysItIsPausedAndHowToResume) {
  auto paused = call("proxmox_pause_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(paused.is_error) << paused.text;
  clear();
  auto r =
      call("proxmox_execute_vm_command", {{"node", "pve1"}, {"vmid", 100}, {"command", "uptime"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is paused, so its guest agent cannot answer. Resume it (proxmox_resume_vm), "
            "then run the command again.");
  EXPECT_EQ(requests(), (std::vector<Request>{
                            {"POST", "/nodes/pve1/qemu/100/agent/exec", {{"command", "uptime"}}},
                            {"GET", "/nodes/pve1/qemu/100/status/current", {}}}));
  EXPECT_EQ(statuses(), (std::vector<int>{500, 200}));
}

TEST_F(WriteDevices, ExecInAContainerIsAnHonestErrorWithoutARequest) {
  auto r = call("proxmox_execute_vm_command",
                {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}, {"command", "uptime"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "pct exec 101")) << r.text;
  EXPECT_TRUE(requests().empty());
}

}  // namespace
}  // namespace integration
