#include "pve/property_string.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using pve::PropertyString;
using Entries = std::vector<PropertyString::Entry>;

TEST(PropertyString, QemuNicKeepsOrderAndRoundTrips) {
  auto ps = PropertyString::parse("virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1", "model");
  EXPECT_EQ(ps.entries(),
            (Entries{{"virtio", "BC:24:11:AA:BB:CC"}, {"bridge", "vmbr0"}, {"firewall", "1"}}));
  EXPECT_EQ(ps.format(), "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1");
}

TEST(PropertyString, BareValueIsTheDefaultKeyAndStaysBare) {
  auto ps = PropertyString::parse("local-lvm:vm-100-disk-0,size=32G", "volume");
  EXPECT_EQ(ps.get("volume"), "local-lvm:vm-100-disk-0");
  EXPECT_EQ(ps.get("size"), "32G");
  EXPECT_EQ(ps.format(), "local-lvm:vm-100-disk-0,size=32G");
  ps.set("size", "40G");
  EXPECT_EQ(ps.format(), "local-lvm:vm-100-disk-0,size=40G");
}

TEST(PropertyString, ContainerNicWithoutDefaultKey) {
  auto ps =
      PropertyString::parse("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth");
  EXPECT_EQ(ps.get("hwaddr"), "BC:24:11:00:00:01");
  EXPECT_EQ(ps.get("gw"), std::nullopt);
  EXPECT_FALSE(ps.has("gw"));
  ps.set("bridge", "vmbr1");
  ps.set("gw", "10.0.0.1");
  EXPECT_EQ(ps.format(),
            "name=eth0,bridge=vmbr1,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth,gw=10.0.0.1");
}

TEST(PropertyString, ValuesFromProxmoxMayContainEquals) {
  // PVE splits each part on its first '=' only.
  auto ps = PropertyString::parse("user=a=b,x=1");
  EXPECT_EQ(ps.get("user"), "a=b");
  EXPECT_EQ(ps.format(), "user=a=b,x=1");
}

TEST(PropertyString, DefaultKeyValueWithEqualsIsWrittenWithItsKey) {
  // Bare, "local:iso/a=b.iso" would read back as the key "local:iso/a".
  auto ps = PropertyString::parse("file=local:iso/a=b.iso,media=cdrom", "file");
  EXPECT_EQ(ps.format(), "file=local:iso/a=b.iso,media=cdrom");
  EXPECT_EQ(PropertyString::parse(ps.format(), "file").entries(), ps.entries());
  // Bare, a blank value would read back as no entry at all.
  auto blank = PropertyString::parse("file=\n", "file");
  EXPECT_EQ(blank.format(), "file=\n");
}

TEST(PropertyString, EmptyPartsAreSkipped) {
  auto ps = PropertyString::parse("name=eth0,,bridge=vmbr0,");
  EXPECT_EQ(ps.format(), "name=eth0,bridge=vmbr0");
  EXPECT_TRUE(PropertyString::parse("").entries().empty());
}

TEST(PropertyString, MalformedInputThrows) {
  EXPECT_THROW(PropertyString::parse("bridge=vmbr0,bridge=vmbr1"), pve::PropertyStringError);
  EXPECT_THROW(PropertyString::parse("virtio,bridge=vmbr0"), pve::PropertyStringError);
  EXPECT_THROW(PropertyString::parse("virtio,e1000", "model"), pve::PropertyStringError);
  EXPECT_THROW(PropertyString::parse("=x"), pve::PropertyStringError);
  EXPECT_THROW(PropertyString::parse("bridge="), pve::PropertyStringError);
}

TEST(PropertyString, SetRefusesSmuggledOptions) {
  PropertyString ps;
  EXPECT_THROW(ps.set("bridge", "vmbr0,firewall=0"), pve::PropertyStringError);
  EXPECT_THROW(ps.set("bridge", "a=b"), pve::PropertyStringError);
  EXPECT_THROW(ps.set("bridge", "vmbr0\n"), pve::PropertyStringError);
  EXPECT_THROW(ps.set("bridge", ""), pve::PropertyStringError);
  EXPECT_THROW(ps.set("bad key", "1"), pve::PropertyStringError);
  EXPECT_THROW(ps.set("k,x", "1"), pve::PropertyStringError);
  EXPECT_TRUE(ps.entries().empty());
}

TEST(PropertyString, RenameKeepsPositionAndValue) {
  auto ps = PropertyString::parse("virtio=BC:24:11:AA:BB:CC,bridge=vmbr0", "model");
  ps.rename("virtio", "e1000");
  EXPECT_EQ(ps.format(), "e1000=BC:24:11:AA:BB:CC,bridge=vmbr0");
  EXPECT_THROW(ps.rename("virtio", "rtl8139"), pve::PropertyStringError);
  EXPECT_THROW(ps.rename("e1000", "bridge"), pve::PropertyStringError);
  EXPECT_TRUE(ps.erase("bridge"));
  EXPECT_FALSE(ps.erase("bridge"));
  EXPECT_EQ(ps.format(), "e1000=BC:24:11:AA:BB:CC");
}

TEST(PropertyValues, SafeValue) {
  EXPECT_TRUE(pve::is_safe_value("local-lvm:vm-100-disk-0"));
  EXPECT_TRUE(pve::is_safe_value("/srv/data dir"));
  EXPECT_FALSE(pve::is_safe_value(""));
  EXPECT_FALSE(pve::is_safe_value("10,cache=unsafe"));
  EXPECT_FALSE(pve::is_safe_value("a=b"));
  EXPECT_FALSE(pve::is_safe_value("a\tb"));
  EXPECT_FALSE(pve::is_safe_value(std::string("a\0b", 3)));
  EXPECT_FALSE(pve::is_safe_value("a\x7f"));
  EXPECT_FALSE(pve::is_safe_value(std::string(4097, 'a')));
}

TEST(PropertyValues, MacAddress) {
  EXPECT_TRUE(pve::is_mac_address("BC:24:11:AA:BB:CC"));
  EXPECT_TRUE(pve::is_mac_address("02:00:00:00:00:0a"));
  EXPECT_FALSE(pve::is_mac_address("01:00:5E:00:00:01"));  // multicast (I/G bit set)
  EXPECT_FALSE(pve::is_mac_address("BC:24:11:AA:BB"));
  EXPECT_FALSE(pve::is_mac_address("BC-24-11-AA-BB-CC"));
  EXPECT_FALSE(pve::is_mac_address("BC:24:11:AA:BB:CG"));
  EXPECT_FALSE(pve::is_mac_address("BC:24:11:AA:BB:CC,link_down=1"));
}

TEST(PropertyValues, VlanAndBridge) {
  EXPECT_FALSE(pve::is_vlan_tag(0));
  EXPECT_TRUE(pve::is_vlan_tag(1));
  EXPECT_TRUE(pve::is_vlan_tag(4094));
  EXPECT_FALSE(pve::is_vlan_tag(4095));
  EXPECT_TRUE(pve::is_bridge_name("vmbr0"));
  EXPECT_TRUE(pve::is_bridge_name("vnet_a.10"));
  EXPECT_FALSE(pve::is_bridge_name("vmbr0,firewall=0"));
  EXPECT_FALSE(pve::is_bridge_name("vm br0"));
  EXPECT_FALSE(pve::is_bridge_name(""));
  EXPECT_FALSE(pve::is_bridge_name("a234567890123456"));  // 16 > IFNAMSIZ-1
}

TEST(PropertyValues, Addresses) {
  EXPECT_TRUE(pve::is_ipv4("192.168.1.1"));
  EXPECT_FALSE(pve::is_ipv4("192.168.1.256"));
  EXPECT_FALSE(pve::is_ipv4("192.168.1.1/24"));
  EXPECT_TRUE(pve::is_ipv6("fd00::1"));
  EXPECT_FALSE(pve::is_ipv6("fd00::g"));
  EXPECT_TRUE(pve::is_ipv4_cidr("10.0.0.5/24"));
  EXPECT_FALSE(pve::is_ipv4_cidr("10.0.0.5"));
  EXPECT_FALSE(pve::is_ipv4_cidr("10.0.0.5/33"));
  EXPECT_FALSE(pve::is_ipv4_cidr("10.0.0.5/7"));
  EXPECT_FALSE(pve::is_ipv4_cidr("10.0.0.5/24,gw=1.1.1.1"));
  EXPECT_TRUE(pve::is_ipv6_cidr("fd00::5/64"));
  EXPECT_FALSE(pve::is_ipv6_cidr("fd00::5/129"));
  EXPECT_TRUE(pve::is_ipv4_config("dhcp"));
  EXPECT_TRUE(pve::is_ipv4_config("manual"));
  EXPECT_FALSE(pve::is_ipv4_config("auto"));
  EXPECT_TRUE(pve::is_ipv6_config("auto"));
  EXPECT_TRUE(pve::is_ipv6_config("fd00::5/64"));
  EXPECT_FALSE(pve::is_ipv6_config("10.0.0.5/24"));
}

TEST(PropertyValues, Sizes) {
  EXPECT_TRUE(pve::is_new_volume_size("10"));
  EXPECT_TRUE(pve::is_new_volume_size("0.5"));
  EXPECT_FALSE(pve::is_new_volume_size("0"));
  EXPECT_FALSE(pve::is_new_volume_size("0.0"));
  EXPECT_FALSE(pve::is_new_volume_size("-1"));
  EXPECT_FALSE(pve::is_new_volume_size("10G"));
  EXPECT_FALSE(pve::is_new_volume_size("10,cache=unsafe"));
  EXPECT_TRUE(pve::is_resize_size("+10G"));
  EXPECT_TRUE(pve::is_resize_size("50G"));
  EXPECT_TRUE(pve::is_resize_size("1.5T"));
  EXPECT_TRUE(pve::is_resize_size("1024"));
  EXPECT_FALSE(pve::is_resize_size("-10G"));
  EXPECT_FALSE(pve::is_resize_size("10GB"));
  EXPECT_FALSE(pve::is_resize_size("+10G,x=1"));
  EXPECT_FALSE(pve::is_resize_size(""));
}

TEST(PropertyValues, ContainerPath) {
  EXPECT_TRUE(pve::is_container_path("/data"));
  EXPECT_TRUE(pve::is_container_path("/srv/my files/x.d"));
  EXPECT_FALSE(pve::is_container_path("data"));
  EXPECT_FALSE(pve::is_container_path("/srv/../etc"));
  EXPECT_FALSE(pve::is_container_path("/srv/."));
  EXPECT_FALSE(pve::is_container_path("/data,ro=1"));
  EXPECT_FALSE(pve::is_container_path(""));
}

TEST(NetProblems, QemuAcceptsWhatProxmoxWrites) {
  EXPECT_EQ(pve::qemu_net_problem("virtio,bridge=vmbr0"), std::nullopt);
  EXPECT_EQ(pve::qemu_net_problem("virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20"),
            std::nullopt);
  EXPECT_EQ(pve::qemu_net_problem("model=e1000,macaddr=BC:24:11:AA:BB:CC,bridge=vmbr0,mtu=1500,"
                                  "queues=4,rate=12.5,trunks=10;20-30,link_down=0"),
            std::nullopt);
}

TEST(NetProblems, QemuRefusesBadParts) {
  EXPECT_EQ(pve::qemu_net_problem("virtio,bridge=vmbr0,tag=4095"),
            "network device: 'tag' must be a VLAN id 1-4094");
  EXPECT_EQ(pve::qemu_net_problem("virtio,bridge=vmbr 0"),
            "network device: 'bridge' must be a bridge name such as vmbr0");
  EXPECT_EQ(pve::qemu_net_problem("bridge=vmbr0"),
            "network device: exactly one model is needed, such as 'virtio,bridge=vmbr0'");
  EXPECT_EQ(pve::qemu_net_problem("virtio=01:00:5E:00:00:01,bridge=vmbr0"),
            "network device: 'virtio' must be a unicast MAC such as BC:24:11:AA:BB:CC");
  EXPECT_EQ(pve::qemu_net_problem("virtio=BC:24:11:AA:BB:CC,macaddr=BC:24:11:AA:BB:CD"),
            "network device: the MAC is given twice");
  EXPECT_EQ(pve::qemu_net_problem("virtio,bridge=vmbr0,script=/tmp/x"),
            "network device: unknown option 'script'");
  EXPECT_EQ(pve::qemu_net_problem("fancy,bridge=vmbr0"),
            "network device: 'model' must be a NIC model such as virtio or e1000");
  EXPECT_EQ(pve::qemu_net_problem("virtio,bridge=vmbr0,bridge=vmbr1"),
            "network device: duplicate key 'bridge'");
}

TEST(NetProblems, Container) {
  EXPECT_EQ(pve::lxc_net_problem("name=eth0,bridge=vmbr0,ip=dhcp"), std::nullopt);
  EXPECT_EQ(pve::lxc_net_problem("name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,"
                                 "ip6=auto,tag=5,firewall=1,hwaddr=BC:24:11:00:00:01"),
            std::nullopt);
  EXPECT_EQ(pve::lxc_net_problem("bridge=vmbr0,ip=dhcp"),
            "container network device: 'name' is required, such as "
            "'name=eth0,bridge=vmbr0,ip=dhcp'");
  EXPECT_EQ(pve::lxc_net_problem("name=eth0,ip=10.0.0.5"),
            "container network device: 'ip' must be dhcp, manual or an IPv4/CIDR such as "
            "10.0.0.5/24");
  EXPECT_EQ(pve::lxc_net_problem("name=eth0,gw=fd00::1"),
            "container network device: 'gw' must be an IPv4 address");
  EXPECT_EQ(pve::lxc_net_problem("name=eth0,trunks=10-20"),
            "container network device: 'trunks' must be VLAN ids separated by ';' such as 10;20");
  EXPECT_EQ(pve::lxc_net_problem("eth0"), "container network device: value 'eth0' has no key");
}

}  // namespace
