// get_vm_config, set_cloudinit and get_guest_ips against the scripted Api: exact requests, the
// URI-encoded SSH keys, the password never echoed, addresses filtered.
#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kVmConfig = "/nodes/pve1/qemu/101/config";
const std::string kVmPending = "/nodes/pve1/qemu/101/pending";

json cloud_vm() {
  return {{"digest", "d1"},
          {"name", "web"},
          {"ide2", "local-lvm:vm-101-cloudinit,media=cdrom"},
          {"net0", "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0"}};
}

class CloudInit : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

TEST_F(CloudInit, SendsKeysUriEncodedAndNeverEchoesThePassword) {
  json after = cloud_vm();
  after["ciuser"] = "admin";
  after["cipassword"] = "**********";
  h.api.on_get(kVmConfig, cloud_vm());
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("PUT", kVmConfig, json());
  auto r = h.call("proxmox_set_cloudinit",
                  {{"node", "pve1"},
                   {"vmid", 101},
                   {"ciuser", "admin"},
                   {"cipassword", "s3cret pw+1"},
                   {"sshkeys", "ssh-ed25519 AAAAC3Nz me@host\nssh-rsa AAAAB3+/= you@x"},
                   {"ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1"},
                   {"nameserver", "1.1.1.1 9.9.9.9"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{
          {"GET", kVmConfig, {}},
          {"PUT",
           kVmConfig,
           {{"ciuser", "admin"},
            {"cipassword", "s3cret pw+1"},
            {"sshkeys", "ssh-ed25519%20AAAAC3Nz%20me%40host%0Assh-rsa%20AAAAB3%2B%2F%3D%20you%40x"},
            {"ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1"},
            {"nameserver", "1.1.1.1 9.9.9.9"},
            {"digest", "d1"}}},
          {"GET", kVmPending, {}}}));
  EXPECT_EQ(r.text.find("s3cret"), std::string::npos) << r.text;
  EXPECT_EQ(r.structured.dump().find("s3cret"), std::string::npos) << r.structured.dump();
  EXPECT_TRUE(Contains(r.text, "☁️  **Cloud-Init Updated**\n"));
  EXPECT_TRUE(Contains(r.text, "• **Set**: ciuser, cipassword, sshkeys, ipconfig0, nameserver\n"));
  EXPECT_TRUE(Contains(r.text, "• **Cloud-Init Drive**: ide2\n"));
  EXPECT_TRUE(Contains(r.text, "• **sshkeys**: 2 key line(s)\n"));
  EXPECT_TRUE(Contains(r.text, "• **Password**: set (not shown)\n"));
  EXPECT_EQ(r.structured["set"],
            json({"ciuser", "cipassword", "sshkeys", "ipconfig0", "nameserver"}));
  EXPECT_FALSE(r.structured["values"].contains("cipassword"));
  EXPECT_EQ(r.structured["values"]["ipconfig0"], "ip=10.0.0.5/24,gw=10.0.0.1");
}

TEST_F(CloudInit, SaysWhenTheVmHasNoCloudInitDrive) {
  json config = cloud_vm();
  config.erase("ide2");
  json after = config;
  after["ciuser"] = "ops";
  h.api.on_get(kVmConfig, config);
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("PUT", kVmConfig, json());
  auto r = h.call("proxmox_set_cloudinit", {{"node", "pve1"}, {"vmid", 101}, {"ciuser", "ops"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(Contains(r.text, "• **Cloud-Init Drive**: none\n"));
  EXPECT_TRUE(Contains(r.text, "the VM has no cloud-init drive; add one"));
  EXPECT_EQ(r.structured["cloudinit_drive"], "");
}

TEST_F(CloudInit, RefusesNothingToSetAndMalformedValuesBeforeAnyRequest) {
  auto none = h.call("proxmox_set_cloudinit", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(none.is_error);
  EXPECT_EQ(none.text,
            "Nothing to set: give at least one of ciuser, cipassword, sshkeys, ipconfig0, "
            "nameserver or searchdomain");
  auto smuggled = h.call("proxmox_set_cloudinit",
                         {{"node", "pve1"}, {"vmid", 101}, {"ipconfig0", "ip=dhcp,gw=10.0.0.1"}});
  EXPECT_EQ(smuggled.text, "Invalid argument 'ipconfig0': gw needs a static ip (address/prefix)");
  auto unknown =
      h.call("proxmox_set_cloudinit",
             {{"node", "pve1"}, {"vmid", 101}, {"ipconfig0", "ip=10.0.0.5/24,bridge=vmbr1"}});
  EXPECT_TRUE(
      Contains(unknown.text, "Invalid argument 'ipconfig0': must be ip=<IPv4/prefix|dhcp>"));
  auto key =
      h.call("proxmox_set_cloudinit", {{"node", "pve1"}, {"vmid", 101}, {"sshkeys", "not a key"}});
  EXPECT_EQ(key.text,
            "Invalid argument 'sshkeys': must be OpenSSH public keys, one a line (ssh-ed25519 "
            "AAAA… comment)");
  // A line of blanks is skipped like an empty one (it once read the first word of none).
  auto blanks = h.call("proxmox_set_cloudinit",
                       {{"node", "pve1"}, {"vmid", 101}, {"sshkeys", " \t\nnot a key"}});
  EXPECT_EQ(blanks.text, key.text);
  auto dns = h.call("proxmox_set_cloudinit",
                    {{"node", "pve1"}, {"vmid", 101}, {"nameserver", "1.1.1.1,evil;x"}});
  EXPECT_TRUE(Contains(dns.text, "Invalid argument 'nameserver'"));
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(VmConfig, GroupsTheConfigAndMasksThePassword) {
  Harness h;
  h.api.on_get(kVmConfig, {{"digest", "d9"},
                           {"name", "web"},
                           {"cores", 2},
                           {"memory", "4096"},
                           {"scsi0", "local-lvm:vm-101-disk-0,size=32G"},
                           {"net0", "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0"},
                           {"ciuser", "admin"},
                           {"cipassword", "$5$abc$def"},
                           {"sshkeys", "ssh-ed25519%20AAAA%20me%40host"},
                           {"ipconfig0", "ip=dhcp"},
                           {"args", "-no-reboot"}});
  auto r = h.call("proxmox_get_vm_config", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kVmConfig, {}}}));
  EXPECT_EQ(r.text,
            "🖥️  **Configuration — web** (VM 101 on pve1)\n"
            "\n**General**\n• **name**: web\n"
            "\n**CPU and Memory**\n• **cores**: 2\n• **memory**: 4096\n"
            "\n**Disks**\n• **scsi0**: local-lvm:vm-101-disk-0,size=32G\n"
            "\n**Network**\n• **net0**: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0\n"
            "\n**Cloud-Init**\n• **cipassword**: **********\n• **ciuser**: admin\n"
            "• **ipconfig0**: ip=dhcp\n• **sshkeys**: ssh-ed25519 AAAA me@host\n"
            "\n**Other**\n• **args**: -no-reboot\n"
            "\n• **Digest**: d9\n");
  EXPECT_EQ(r.structured["config"]["cipassword"], "**********");
  EXPECT_EQ(r.structured["digest"], "d9");
  EXPECT_FALSE(r.structured["config"].contains("digest"));
}

TEST(VmConfig, ReadsAContainerWhenAsked) {
  Harness h;
  h.api.on_get("/nodes/pve1/lxc/115/config", {{"hostname", "db"},
                                              {"rootfs", "local-lvm:subvol-115-disk-0,size=8G"},
                                              {"nameserver", "1.1.1.1"}});
  auto r = h.call("proxmox_get_vm_config", {{"node", "pve1"}, {"vmid", 115}, {"type", "lxc"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text,
            "📦 **Configuration — db** (CT 115 on pve1)\n"
            "\n**General**\n• **hostname**: db\n"
            "\n**Disks**\n• **rootfs**: local-lvm:subvol-115-disk-0,size=8G\n"
            "\n**Network**\n• **nameserver**: 1.1.1.1\n");
}

json agent_interfaces() {
  return {{"result",
           {{{"name", "lo"},
             {"hardware-address", "00:00:00:00:00:00"},
             {"ip-addresses",
              {{{"ip-address", "127.0.0.1"}, {"ip-address-type", "ipv4"}, {"prefix", 8}}}}},
            {{"name", "ens18"},
             {"hardware-address", "bc:24:11:aa:bb:cc"},
             {"ip-addresses",
              {{{"ip-address", "192.168.1.50"}, {"ip-address-type", "ipv4"}, {"prefix", 24}},
               {{"ip-address", "fe80::be24:11ff:feaa:bbcc"},
                {"ip-address-type", "ipv6"},
                {"prefix", 64}}}}}}}};
}

TEST(GuestIps, LeavesOutLoopbackAndLinkLocalUnlessAsked) {
  Harness h;
  const std::string path = "/nodes/pve1/qemu/101/agent/network-get-interfaces";
  h.api.on_get(path, agent_interfaces());
  auto r = h.call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", path, {}}}));
  EXPECT_EQ(r.text,
            "🌐 **IP addresses — VM 101 on pve1**\n\n"
            "• **ens18** (bc:24:11:aa:bb:cc)\n   • 192.168.1.50/24\n"
            "\nLoopback and link-local left out; all=true shows them.\n");
  EXPECT_EQ(r.structured["interfaces"], json::parse(R"([{"name":"ens18","mac":"bc:24:11:aa:bb:cc",
                            "addresses":["192.168.1.50/24"]}])"));
  auto all = h.call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}, {"all", true}});
  EXPECT_EQ(all.structured["interfaces"].size(), 2u);
  EXPECT_EQ(all.structured["interfaces"][1]["addresses"][1], "fe80::be24:11ff:feaa:bbcc/64");
}

TEST(GuestIps, SaysWhenTheAgentIsNotRunning) {
  Harness h;
  h.api.fail_get("/nodes/pve1/qemu/101/agent/network-get-interfaces",
                 pve::Error(pve::ErrorKind::kServer, 500, "QEMU guest agent is not running\n",
                            "Proxmox error (HTTP 500): QEMU guest agent is not running"));
  auto r = h.call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(Contains(r.text, "No addresses: QEMU guest agent is not running.\n"));
  EXPECT_EQ(r.structured["available"], false);
  EXPECT_EQ(r.structured["reason"], "QEMU guest agent is not running");
}

TEST(GuestIps, ReadsAContainersInterfacesAndItsStoppedState) {
  Harness h;
  const std::string path = "/nodes/pve1/lxc/115/interfaces";
  h.api.on("GET", path,
           json::parse(R"([{"name":"lo","hwaddr":"00:00:00:00:00:00","inet":"127.0.0.1/8"},
                      {"name":"eth0","hwaddr":"bc:24:11:00:00:01","inet":"10.0.0.20/24",
                       "inet6":"fe80::be24:11ff:fe00:1/64"}])"));
  h.api.on("GET", path, json());
  auto r = h.call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 115}, {"type", "lxc"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(Contains(r.text, "• **eth0** (bc:24:11:00:00:01)\n   • 10.0.0.20/24\n"));
  auto stopped =
      h.call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 115}, {"type", "lxc"}});
  EXPECT_TRUE(Contains(stopped.text, "No addresses: the container is not running.\n"));
  EXPECT_EQ(stopped.structured["available"], false);
}

}  // namespace
}  // namespace tools::testing
