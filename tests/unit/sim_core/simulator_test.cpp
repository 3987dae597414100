// pvesim::Simulator, the public API, with the real seeded cluster model behind it.
#include <gtest/gtest.h>

#include "pvesim/simulator.h"
#include "tls_client.h"

namespace pvesim::testing {
namespace {

TEST(Simulator, ServesTheSeededClusterWithItsTokens) {
  Options options;
  options.seed = "small";
  Simulator sim(options);
  sim.start();
  ASSERT_GT(sim.port(), 0);
  EXPECT_EQ(sim.token_user(), "root@pam");
  EXPECT_EQ(sim.token_name(), "mcpserver");
  ASSERT_FALSE(sim.token_secret().empty());
  ASSERT_FALSE(sim.auditor_token_secret().empty());
  const std::string admin = "PVEAPIToken=root@pam!mcpserver=" + sim.token_secret();
  const std::string auditor = "PVEAPIToken=auditor@pve!ro=" + sim.auditor_token_secret();

  auto r = send_request(sim.port(), "GET", "/api2/json/version", admin);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.peer_fingerprint, sim.fingerprint());
  EXPECT_NE(sim.ca_pem().find("BEGIN CERTIFICATE"), std::string::npos);

  r = send_request(sim.port(), "POST", "/api2/json/nodes/pve1/qemu/100/status/start", auditor);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/100, VM.PowerMgmt)");

  sim.clear_requests();
  sim.set_node_offline("pve2", true);
  r = send_request(sim.port(), "GET", "/api2/json/nodes/pve2/status?x=1", admin);
  EXPECT_EQ(r.status, 595);
  const auto log = sim.requests();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].path, "/nodes/pve2/status");
  EXPECT_EQ(log[0].params, (std::vector<std::pair<std::string, std::string>>{{"x", "1"}}));
  EXPECT_EQ(log[0].status, 595);
  sim.set_node_offline("pve2", false);
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve2/status", admin).status, 200);
  sim.stop();
}

TEST(Simulator, OfflineFaultAndUnknownSeed) {
  Options options;
  options.faults = {"offline:pve1"};
  Simulator sim(options);
  sim.start();
  const std::string admin = "PVEAPIToken=root@pam!mcpserver=" + sim.token_secret();
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve1/status", admin).status, 595);
  sim.stop();
  Options bad;
  bad.seed = "galaxy";
  EXPECT_THROW(Simulator{bad}, std::exception);
}

}  // namespace
}  // namespace pvesim::testing
