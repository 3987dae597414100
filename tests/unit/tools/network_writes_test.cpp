// Network write tools against the scripted Api: exact property strings, MAC kept, digest sent.
#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kNicVmConfig = "/nodes/pve1/qemu/101/config";
const std::string kCtConfig = "/nodes/pve1/lxc/115/config";
const std::string kNicVmPending = "/nodes/pve1/qemu/101/pending";
const std::string kCtPending = "/nodes/pve1/lxc/115/pending";

class NetworkWrites : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

json vm_config() {
  return {{"digest", "d1"},
          {"net0", "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20,queues=4"}};
}
json ct_config() {
  return {{"digest", "c1"},
          {"net0", "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth"}};
}

// ---- add ----

TEST_F(NetworkWrites, AddNetworkVmBuildsThePropertyString) {
  json after = vm_config();
  after["net1"] = "e1000=BC:24:11:00:00:02,bridge=vmbr1,tag=30,firewall=1";
  h.api.on_get(kNicVmConfig, vm_config());
  h.api.on_get(kNicVmPending, pending_answer(after));
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call("proxmox_add_network_vm", {{"node", "pve1"},
                                             {"vmid", 101},
                                             {"net", "net1"},
                                             {"bridge", "vmbr1"},
                                             {"model", "e1000"},
                                             {"macaddr", "BC:24:11:00:00:02"},
                                             {"vlan", 30},
                                             {"firewall", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kNicVmConfig, {}},
                               {"PUT",
                                kNicVmConfig,
                                {{"net1", "e1000=BC:24:11:00:00:02,bridge=vmbr1,tag=30,firewall=1"},
                                 {"digest", "d1"}}},
                               {"GET", kNicVmPending, {}}}));
  EXPECT_EQ(r.text,
            "🌐 **Network Interface Added to VM**\n\n"
            "• **VM ID**: 101\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Interface**: net1\n• **Bridge**: vmbr1\n• **Model**: e1000\n"
            "• **MAC**: BC:24:11:00:00:02\n• **VLAN**: 30\n• **Firewall**: on\n"
            "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_EQ(r.structured["config"], "e1000=BC:24:11:00:00:02,bridge=vmbr1,tag=30,firewall=1");
}

TEST_F(NetworkWrites, AddNetworkVmDefaultsAndShowsTheMacProxmoxChose) {
  json after = vm_config();
  after["net1"] = "virtio=BC:24:11:DE:AD:01,bridge=vmbr0";
  h.api.on_get(kNicVmConfig, vm_config());
  h.api.on_get(kNicVmPending, pending_answer(after));
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call("proxmox_add_network_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"PUT", kNicVmConfig, {{"net1", "virtio,bridge=vmbr0"}, {"digest", "d1"}}}));
  EXPECT_TRUE(Contains(r.text, "• **MAC**: BC:24:11:DE:AD:01\n"));
  // Hotplugged: nothing waits for a restart.
  EXPECT_EQ(r.structured["pending"], false);
  EXPECT_FALSE(Contains(r.text, "Pending"));
}

TEST_F(NetworkWrites, AddNetworkRefusesAnExistingInterface) {
  h.api.on_get(kNicVmConfig, vm_config());
  auto r = h.call("proxmox_add_network_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}, {"bridge", "vmbr0"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 101 already has net0 (virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20,"
            "queues=4): use proxmox_update_network_vm to change it, or choose a free netN");
  EXPECT_EQ(h.api.calls().size(), 1u);
}

TEST_F(NetworkWrites, AddNetworkRefusesSmuggledOptionsWithoutAnyRequest) {
  const json base = {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}};
  struct Case {
    const char* key;
    json value;
    const char* error;
  };
  for (const Case& c : std::vector<Case>{
           {"bridge", "vmbr0,firewall=0",
            "Invalid argument 'bridge': must be a bridge name such as vmbr0 (letters, digits, "
            "'-', '_' or '.', at most 15 characters)"},
           {"macaddr", "BC:24:11:AA:BB:CC,link_down=1",
            "Invalid argument 'macaddr': must be a unicast MAC address such as BC:24:11:AA:BB:CC"},
           {"macaddr", "01:00:5E:00:00:01",
            "Invalid argument 'macaddr': must be a unicast MAC address such as BC:24:11:AA:BB:CC"},
           {"vlan", 4095, nullptr},
           {"vlan", 0, nullptr},
           {"vlan", "10,trunks=1", nullptr},
           {"model", "virtio,bridge=vmbr9", nullptr},
           {"net", "net32", "Invalid argument 'net': must be net0-31"},
           {"net", "net-0", "Invalid argument 'net': must be net0-31"}}) {
    json args = base;
    args[c.key] = c.value;
    auto r = h.call("proxmox_add_network_vm", args);
    EXPECT_TRUE(r.is_error) << c.key << " " << c.value;
    if (c.error != nullptr) {
      EXPECT_EQ(r.text, c.error);
    } else {
      EXPECT_TRUE(Contains(r.text, std::string("Invalid argument '") + c.key + "'"));
    }
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(NetworkWrites, AddNetworkLxcNamesTheInterfaceAndDefaultsToDhcp) {
  json after = ct_config();
  after["net1"] = "name=eth1,bridge=vmbr0,hwaddr=BC:24:11:00:00:09,ip=dhcp,type=veth";
  h.api.on_get(kCtConfig, ct_config());
  h.api.on_get(kCtPending, pending_answer(after));
  h.api.on("PUT", kCtConfig, json());
  auto r = h.call("proxmox_add_network_lxc",
                  {{"node", "pve1"}, {"vmid", 115}, {"net", "net1"}, {"bridge", "vmbr0"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"PUT", kCtConfig, {{"net1", "name=eth1,bridge=vmbr0,ip=dhcp"}, {"digest", "c1"}}}));
  EXPECT_EQ(r.text,
            "🌐 **Network Interface Added to Container**\n\n"
            "• **VM ID**: 115\n• **Type**: LXC\n• **Node**: pve1\n"
            "• **Interface**: net1\n• **Name**: eth1\n• **Bridge**: vmbr0\n"
            "• **MAC**: BC:24:11:00:00:09\n• **IP**: dhcp\n"
            "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
}

TEST_F(NetworkWrites, AddNetworkLxcStaticAddressing) {
  h.api.on_get(kCtConfig, ct_config());
  h.api.on("PUT", kCtConfig, json());
  auto r = h.call("proxmox_add_network_lxc", {{"node", "pve1"},
                                              {"vmid", 115},
                                              {"net", "net2"},
                                              {"bridge", "vmbr1"},
                                              {"ip", "192.168.1.100/24"},
                                              {"gw", "192.168.1.1"},
                                              {"ip6", "fd00::5/64"},
                                              {"gw6", "fd00::1"},
                                              {"vlan", 5},
                                              {"firewall", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"PUT",
                                    kCtConfig,
                                    {{"net2",
                                      "name=eth2,bridge=vmbr1,ip=192.168.1.100/24,gw=192.168.1.1,"
                                      "ip6=fd00::5/64,gw6=fd00::1,tag=5,firewall=1"},
                                     {"digest", "c1"}}}));
  for (auto [key, value] :
       std::vector<std::pair<const char*, const char*>>{{"ip", "192.168.1.100"},
                                                        {"ip", "10.0.0.1/24,gw=1.1.1.1"},
                                                        {"gw", "999.1.1.1"},
                                                        {"ip6", "dhcp6"},
                                                        {"gw6", "192.168.1.1"}}) {
    json args = {{"node", "pve1"}, {"vmid", 115}, {"net", "net2"}, {"bridge", "vmbr1"}};
    args[key] = value;
    auto bad = h.call("proxmox_add_network_lxc", args);
    EXPECT_TRUE(Contains(bad.text, std::string("Invalid argument '") + key + "'")) << value;
  }
  EXPECT_EQ(h.api.calls().size(), 3u);  // GET, PUT, GET after; the bad ones sent nothing
}

// ---- update ----

TEST_F(NetworkWrites, UpdateNetworkVmKeepsTheMacAndEveryOtherOptionAndSendsTheDigest) {
  json after = vm_config();
  after["net0"] = "e1000=BC:24:11:AA:BB:CC,bridge=vmbr1,firewall=1,tag=20,queues=4";
  h.api.on_get(kNicVmConfig, vm_config());
  h.api.on_get(kNicVmPending, pending_answer(after));
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call(
      "proxmox_update_network_vm",
      {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}, {"model", "e1000"}, {"bridge", "vmbr1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"GET", kNicVmConfig, {}},
                {"PUT",
                 kNicVmConfig,
                 {{"net0", "e1000=BC:24:11:AA:BB:CC,bridge=vmbr1,firewall=1,tag=20,queues=4"},
                  {"digest", "d1"}}},
                {"GET", kNicVmPending, {}}}));
  EXPECT_EQ(r.text,
            "🔧 **Network Interface Updated**\n\n"
            "• **VM ID**: 101\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Interface**: net0\n• **Updated**: bridge, model\n"
            "• **Before**: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20,queues=4\n"
            "• **Now**: e1000=BC:24:11:AA:BB:CC,bridge=vmbr1,firewall=1,tag=20,queues=4\n"
            "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_EQ(r.structured["updated"], (json{"bridge", "model"}));
}

TEST_F(NetworkWrites, UpdateNetworkVmMacVlanAndFirewall) {
  h.api.on_get(kNicVmConfig, json{{"digest", "d1"}, {"net1", "model=virtio,bridge=vmbr0,tag=7"}});
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call("proxmox_update_network_vm", {{"node", "pve1"},
                                                {"vmid", 101},
                                                {"net", "net1"},
                                                {"macaddr", "BC:24:11:00:00:05"},
                                                {"vlan", 0},
                                                {"firewall", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"PUT",
            kNicVmConfig,
            {{"net1", "virtio=BC:24:11:00:00:05,bridge=vmbr0,firewall=0"}, {"digest", "d1"}}}));
}

TEST_F(NetworkWrites, UpdateNetworkLxcChangesOnlyTheGivenOptions) {
  h.api.on_get(kCtConfig, ct_config());
  h.api.on("PUT", kCtConfig, json());
  auto r = h.call("proxmox_update_network_lxc", {{"node", "pve1"},
                                                 {"vmid", 115},
                                                 {"net", "net0"},
                                                 {"ip", "10.0.0.5/24"},
                                                 {"gw", "10.0.0.1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"PUT",
                  kCtConfig,
                  {{"net0",
                    "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,"
                    "type=veth,gw=10.0.0.1"},
                   {"digest", "c1"}}}));
}

TEST_F(NetworkWrites, UpdateNetworkNeedsAnExistingInterfaceAndAChange) {
  h.api.on_get(kNicVmConfig, vm_config());
  auto none =
      h.call("proxmox_update_network_vm", {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}});
  EXPECT_EQ(none.text,
            "Nothing to update: give at least one of bridge, model, macaddr, vlan or firewall");
  auto missing = h.call("proxmox_update_network_vm",
                        {{"node", "pve1"}, {"vmid", 101}, {"net", "net3"}, {"bridge", "vmbr1"}});
  EXPECT_EQ(missing.text, "VM 101 has no net3; its network interfaces are: net0");
  auto same = h.call("proxmox_update_network_vm",
                     {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}, {"bridge", "vmbr0"}});
  EXPECT_FALSE(same.is_error) << same.text;
  EXPECT_TRUE(Contains(same.text, "already as asked; nothing was sent to Proxmox"));
  for (const auto& call : h.api.calls()) EXPECT_EQ(call.method, "GET");
}

// ---- remove ----

TEST_F(NetworkWrites, RemoveNetworkDeletesTheKeyWithDigestAndWarnsForTheLastOne) {
  h.api.on_get(kCtConfig, ct_config());
  h.api.on_get(kCtPending, pending_answer(json{{"digest", "c2"}}));
  h.api.on("PUT", kCtConfig, json());
  auto r = h.call("proxmox_remove_network_lxc", {{"node", "pve1"}, {"vmid", 115}, {"net", "net0"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kCtConfig, {}},
                               {"PUT", kCtConfig, {{"delete", "net0"}, {"digest", "c1"}}},
                               {"GET", kCtPending, {}}}));
  EXPECT_EQ(
      r.text,
      "➖ **Network Interface Removed**\n\n"
      "• **VM ID**: 115\n• **Type**: LXC\n• **Node**: pve1\n"
      "• **Interface**: net0\n"
      "• **Was**: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth\n"
      "• **Warning**: ⚠️ it was the container's only network interface: it has no network "
      "now\n"
      "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_EQ(r.structured["last_interface"], true);
}

TEST_F(NetworkWrites, RemoveNetworkPendingOnARunningVm) {
  json config = vm_config();
  config["net1"] = "virtio=BC:24:11:00:00:02,bridge=vmbr0";
  h.api.on_get(kNicVmConfig, config);
  // GET …/config would no longer show net1; only …/pending says the removal waits.
  h.api.on_get(kNicVmPending, pending_answer(config, json::object(), {"net1"}));
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call("proxmox_remove_network_vm", {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["pending"], true);
  EXPECT_EQ(r.structured["last_interface"], false);
  EXPECT_TRUE(r.text.starts_with("⏳ **Network Interface Removal Pending**\n\n")) << r.text;
  EXPECT_TRUE(Contains(r.text,
                       "• **Pending**: ⏳ Proxmox holds this change until the VM next starts "
                       "(proxmox_reboot_vm applies it now; a reboot from inside the guest does "
                       "not)\n"));
}

TEST_F(NetworkWrites, UpdateNetworkOfARunningVmWithoutNetworkHotplugReportsTheHeldBackValue) {
  // A VM with hotplug=0 (or a change qemu cannot make live) keeps the new NIC for its next
  // start; GET …/pending holds it.
  const std::string held = "e1000=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20,queues=4";
  h.api.on_get(kNicVmConfig, vm_config());
  h.api.on_get(kNicVmPending, pending_answer(vm_config(), json{{"net0", held}}));
  h.api.on("PUT", kNicVmConfig, json());
  auto r = h.call("proxmox_update_network_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"net", "net0"}, {"model", "e1000"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["pending"], true);
  EXPECT_EQ(r.structured["config"], held);
  EXPECT_TRUE(r.text.starts_with("⏳ **Network Interface Update Pending**\n\n")) << r.text;
  EXPECT_TRUE(Contains(r.text, "• **After the Next Start**: " + held +
                                   "\n• **Pending**: ⏳ Proxmox holds this change until the VM "
                                   "next starts (proxmox_reboot_vm"));
}

// Ranges and the NIC model list are not advertised: the server's own rules, refused with the
// rule before anything reaches Proxmox.
TEST_F(NetworkWrites, UnadvertisedRulesAreRefusedBeforeAnyRequest) {
  const json add = {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}};
  struct Case {
    const char* tool;
    const char* key;
    json value;
    std::string error;
  };
  const std::string models =
      "e1000, e1000-82540em, e1000-82544gc, e1000-82545em, e1000e, i82551, i82557b, i82559er, "
      "ne2k_isa, ne2k_pci, pcnet, rtl8139, virtio, vmxnet3";
  for (const Case& c : std::vector<Case>{
           {"proxmox_add_network_vm", "vlan", 4095,
            "Invalid argument 'vlan': must be an integer between 1 and 4094"},
           {"proxmox_add_network_vm", "vlan", 0,
            "Invalid argument 'vlan': must be an integer between 1 and 4094"},
           {"proxmox_update_network_vm", "vlan", -1,
            "Invalid argument 'vlan': must be an integer between 0 and 4094"},
           {"proxmox_add_network_vm", "model", "virtio,bridge=vmbr9",
            "Invalid argument 'model': must be one of: " + models},
           {"proxmox_update_network_vm", "model", "E1000",
            "Invalid argument 'model': must be one of: " + models},
           {"proxmox_add_network_lxc", "name", "eth1,ip=dhcp",
            "Invalid argument 'name': must be an interface name such as eth1 (at most 15 "
            "characters)"},
           {"proxmox_update_network_lxc", "gw6", "192.168.1.1",
            "Invalid argument 'gw6': must be an IPv6 address such as fd00::1"},
           {"proxmox_remove_network_lxc", "net", "eth0",
            "Invalid argument 'net': must be net0-31"}}) {
    json args = add;
    args[c.key] = c.value;
    auto r = h.call(c.tool, args);
    EXPECT_TRUE(r.is_error) << c.tool << " " << c.key;
    EXPECT_EQ(r.text, c.error) << c.tool;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(NetworkWritesGate, Annotations) {
  Harness h;
  EXPECT_TRUE(h.tool("proxmox_remove_network_vm").annotations.destructive);
  EXPECT_TRUE(h.tool("proxmox_update_network_lxc").annotations.idempotent);
  EXPECT_FALSE(h.tool("proxmox_add_network_lxc").annotations.destructive);
  EXPECT_FALSE(h.tool("proxmox_add_network_vm").listed);
}

}  // namespace
}  // namespace tools::testing
