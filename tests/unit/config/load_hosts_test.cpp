// PROXMOX_HOST naming several nodes of one cluster, and PROXMOX_FINGERPRINT pinning each
// node's certificate.
#include <gtest/gtest.h>

#include "load_fixture.h"

namespace load_testing {
namespace {

TEST(LoadConfig, SeveralHostsInTheOrderGivenEachOnce) {
  Fixture f = minimal();
  f.env["PROXMOX_HOST"] = " pve1.lan, [fd00::2] ,pve1.lan,,10.0.0.3";
  const Config config = f.config();
  EXPECT_EQ(config.host, "pve1.lan");
  EXPECT_EQ(config.more_hosts, (std::vector<std::string>{"fd00::2", "10.0.0.3"}));
  f.env["PROXMOX_HOST"] = "pve1.lan";
  EXPECT_TRUE(f.config().more_hosts.empty());
}

TEST(LoadConfig, AnyBadHostIsNamedWithTheRule) {
  Fixture f = minimal();
  f.env["PROXMOX_HOST"] = "pve1,https://pve2:8006";
  EXPECT_EQ(f.error(),
            "PROXMOX_HOST must be a hostname or IP address (no https:// and no port), or several "
            "separated by commas, got 'pve1,https://pve2:8006'");
  f.env["PROXMOX_HOST"] = " , ";
  EXPECT_EQ(f.error(),
            "PROXMOX_HOST must be a hostname or IP address (no https:// and no port), or several "
            "separated by commas, got ' , '");
}

TEST(LoadConfig, OneFingerprintPerNode) {
  Fixture f = minimal();
  std::string second = kPin;
  second.replace(0, 2, "01");
  f.env["PROXMOX_FINGERPRINT"] = std::string(kPin) + ", " + second;
  EXPECT_EQ(f.config().fingerprint, std::string(kPin) + "," + second);
  f.env["PROXMOX_FINGERPRINT"] = "AB:CD," + std::string(kPin);
  EXPECT_TRUE(f.error().starts_with(
      "PROXMOX_FINGERPRINT must be a SHA-256 fingerprint: 32 colon-separated hex bytes as the "
      "Proxmox UI shows it (AB:CD:...), or several separated by commas, got 'AB:CD,AB:CD:"));
}

}  // namespace
}  // namespace load_testing
