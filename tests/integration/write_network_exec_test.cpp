// Network and exec write tools against pve-sim: the exact requests PVE received and the state
// that resulted.
#include "devices_fixture.h"
#include "pve/api.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

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
  ASSERT_GE(reqs.size(), 3u);
  // The config first: a guest with protection=1 runs nothing.
  EXPECT_EQ(reqs[0], (Request{"GET", "/nodes/pve1/qemu/100/config", {}}));
  EXPECT_EQ(reqs[1],
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
                            {"GET", "/nodes/pve1/qemu/100/config", {}},
                            {"POST", "/nodes/pve1/qemu/100/agent/exec", {{"command", "uptime"}}},
                            {"GET", "/nodes/pve1/qemu/100/status/current", {}}}));
  EXPECT_EQ(statuses(), (std::vector<int>{200, 500, 200}));
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
