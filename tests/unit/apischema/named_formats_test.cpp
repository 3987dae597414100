// The registered string formats, with upstream's exact die() texts.
#include "apischema/named_formats.h"

#include <gtest/gtest.h>

namespace apischema {
namespace {

std::string check(const std::string& format, const std::string& value) {
  return check_named_format(format, value).value_or("valid");
}

TEST(NamedFormats, IdsAndNames) {
  EXPECT_EQ(check("pve-vmid", "100"), "valid");
  EXPECT_EQ(check("pve-vmid", "099"), "value does not look like a valid VM ID\n");
  EXPECT_EQ(check("pve-node", "pve-1"), "valid");
  EXPECT_EQ(check("pve-node", "pve-"), "value does not look like a valid node name\n");
  EXPECT_EQ(check("pve-storage-id", "local-lvm"), "valid");
  EXPECT_EQ(check("pve-storage-id", "local:"), "storage ID 'local:' contains illegal characters\n");
  EXPECT_EQ(check("pve-configid", "Snap_1"), "valid");
  EXPECT_EQ(check("pve-configid", "s"), "invalid configuration ID 's'\n");
  EXPECT_EQ(check("pve-userid", "root@pam"), "valid");
  EXPECT_EQ(check("pve-userid", "root"), "value 'root' does not look like a valid user name\n");
}

TEST(NamedFormats, ListsAndOptionalValues) {
  EXPECT_EQ(check("pve-configid-list", "net0, scsi1;ide2"), "valid");
  EXPECT_EQ(check("pve-configid-list", "net0,9x"), "invalid configuration ID '9x'\n");
  EXPECT_EQ(check("pve-vmid-list", ""), "valid");
  EXPECT_EQ(check("pve-tag-list", "prod;Web_1"), "valid");
  EXPECT_EQ(check("pve-tag-list", "prod;we b!"), "invalid characters in tag\n");
  EXPECT_EQ(check("email-opt", ""), "valid");
}

TEST(NamedFormats, VolumesAndSizes) {
  EXPECT_EQ(check("pve-volume-id", "local:iso/debian.iso"), "valid");
  EXPECT_EQ(check("pve-volume-id", "debian.iso"), "unable to parse volume ID 'debian.iso'\n");
  EXPECT_EQ(check("pve-volume-id-or-qm-path", "cdrom"), "valid");
  EXPECT_EQ(check("disk-size", "32G"), "valid");
  EXPECT_EQ(check("disk-size", "32GB"), "value does not look like a valid disk size: 32GB\n");
}

TEST(NamedFormats, NetworkAddresses) {
  EXPECT_EQ(check("mac-addr", "BC:24:11:00:00:01"), "valid");
  EXPECT_EQ(check("mac-addr", "01:24:11:00:00:01"),
            "value does not look like a valid unicast MAC address\n");
  EXPECT_EQ(check("ipv4", "192.168.1.10"), "valid");
  EXPECT_EQ(check("ipv4", "192.168.01.10"), "value does not look like a valid IPv4 address\n");
  EXPECT_EQ(check("ipv6", "fd00::1"), "valid");
  EXPECT_EQ(check("ipv6", "fd00:::1"), "value does not look like a valid IPv6 address\n");
  EXPECT_EQ(check("CIDR", "10.0.0.0/8"), "valid");
  EXPECT_EQ(check("CIDR", "10.0.0.0/7"), "value does not look like a valid CIDR network\n");
  EXPECT_EQ(check("CIDRv6", "fd00::/64"), "valid");
  EXPECT_EQ(check("pve-ipv4-config", "dhcp"), "valid");
  EXPECT_EQ(check("dns-name", "pve1.example.com"), "valid");
  EXPECT_EQ(check("dns-name", "-bad.example"), "value does not look like a valid DNS name\n");
  EXPECT_EQ(check("address", "bad host"), "value does not look like a valid address: bad host\n");
}

TEST(NamedFormats, UnknownFormatsAreAccepted) {
  EXPECT_EQ(check("pve-fw-addr-spec", "anything at all"), "valid");
}

}  // namespace
}  // namespace apischema
