// pvesim::Simulator's control surface with the seeded model: state dump, reset, faults,
// tickets with the real access control, the operator and support tokens and the large seed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pvesim/simulator.h"
#include "tls_client.h"

namespace pvesim::testing {
namespace {

using Json = nlohmann::json;

std::string admin_of(const Simulator& sim) {
  return "PVEAPIToken=root@pam!mcpserver=" + sim.token_secret();
}

Json node_entry(const Json& state, const std::string& name) {
  for (const auto& node : state.at("nodes")) {
    if (node.at("name") == name) return node;
  }
  return nullptr;
}

TEST(SimulatorControl, DumpAndResetBringBackTheSeedKeepingCredentials) {
  Options options;
  Simulator sim(options);
  sim.start();
  const std::string admin = admin_of(sim);
  const std::string secret = sim.token_secret();
  Json state = Json::parse(sim.dump_state());
  EXPECT_EQ(state.at("seed"), "small");
  EXPECT_EQ(state.at("cluster_name"), "homelab");
  EXPECT_EQ(state.at("nodes").size(), 3U);
  EXPECT_EQ(node_entry(state, "pve2").at("online"), true);
  const size_t guests = state.at("guests").size();
  EXPECT_GT(guests, 0U);
  EXPECT_EQ(state.dump().find(secret), std::string::npos);  // no secrets in the dump

  sim.set_node_offline("pve2", true);
  EXPECT_EQ(node_entry(Json::parse(sim.dump_state()), "pve2").at("online"), false);
  sim.reset();
  state = Json::parse(sim.dump_state());
  EXPECT_EQ(node_entry(state, "pve2").at("online"), true);
  EXPECT_EQ(node_entry(state, "pve3").at("online"), false);  // offline in the seed itself
  EXPECT_EQ(state.at("guests").size(), guests);
  EXPECT_EQ(sim.token_secret(), secret);
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve2/status", admin).status, 200);

  // Over HTTPS: the same through /__sim/.
  auto r = send_request(sim.port(), "GET", "/__sim/state", admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body).at("data").at("faults"), Json::array());
  sim.set_node_offline("pve1", true);
  r = send_request(sim.port(), "POST", "/__sim/reset", admin, "",
                   "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", nullptr}}));
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve1/status", admin).status, 200);
  sim.stop();
}

TEST(SimulatorControl, FaultsSurviveResetUntilCleared) {
  Simulator sim(Options{});
  sim.start();
  const std::string admin = admin_of(sim);
  sim.set_fault("offline:pve2");
  sim.set_fault("error:/version:maintenance");
  EXPECT_EQ(sim.faults(), (std::vector<std::string>{"offline:pve2", "error:/version:maintenance"}));
  EXPECT_THROW(sim.set_fault("offline:nowhere"), std::invalid_argument);
  sim.reset();
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve2/status", admin).status, 595);
  auto r = send_request(sim.port(), "GET", "/api2/json/version", admin);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason, "maintenance");
  sim.clear_faults();
  EXPECT_TRUE(sim.faults().empty());
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/nodes/pve2/status", admin).status, 200);
  EXPECT_EQ(send_request(sim.port(), "GET", "/api2/json/version", admin).status, 200);
  sim.stop();
}

TEST(SimulatorControl, OperatorTokenGetsARealPermissionDenial) {
  Simulator sim(Options{});
  sim.start();
  const std::string secret = sim.operator_token_secret();
  ASSERT_FALSE(secret.empty());
  EXPECT_NE(secret, sim.token_secret());
  const std::string op = "PVEAPIToken=operator@pve!ops=" + secret;
  auto r = send_request(sim.port(), "GET", "/api2/json/nodes/pve2/qemu/102/status/current", op);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/102, VM.Audit)");
  r = send_request(sim.port(), "GET", "/api2/json/nodes/pve1/qemu/100/status/current", op);
  EXPECT_EQ(r.status, 200);
  sim.stop();
}

TEST(SimulatorControl, AnySeededTokenSecretByItsId) {
  Simulator sim(Options{});
  sim.start();
  const std::string secret = sim.token_secret("support@pve!power");
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(sim.token_secret("operator@pve!ops"), sim.operator_token_secret());
  EXPECT_EQ(sim.token_secret("root@pam!mcpserver"), sim.token_secret());
  EXPECT_EQ(sim.token_secret("nobody@pve!x"), "");
  const std::string support = "PVEAPIToken=support@pve!power=" + secret;
  auto r =
      send_request(sim.port(), "GET", "/api2/json/nodes/pve2/qemu/102/status/current", support);
  EXPECT_EQ(r.status, 200);
  r = send_request(sim.port(), "DELETE", "/api2/json/nodes/pve2/qemu/102", support);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/102, VM.Allocate)");
  sim.stop();
}

TEST(SimulatorControl, TicketsCarryCapabilitiesAndClusterNameFromTheAccessControl) {
  Simulator sim(Options{});
  sim.start();
  const std::string root_pw = sim.user_password("root@pam");
  ASSERT_EQ(root_pw.size(), 20U);
  for (const auto& token :
       {sim.token_secret(), sim.auditor_token_secret(), sim.operator_token_secret()}) {
    EXPECT_NE(root_pw, token);
  }
  auto r =
      send_request(sim.port(), "POST", "/api2/json/access/ticket", "",
                   "username=root%40pam&password=" + root_pw, "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200) << r.reason;
  Json data = Json::parse(r.body).at("data");
  EXPECT_EQ(data.at("clustername"), "homelab");
  EXPECT_EQ(data.at("cap").at("vms").at("VM.Allocate"), 1);
  EXPECT_EQ(data.at("cap").at("nodes").at("Sys.PowerMgmt"), 1);

  r = send_request(sim.port(), "POST", "/api2/json/access/ticket", "",
                   "username=operator%40pve&password=" + sim.user_password("operator@pve"),
                   "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200) << r.reason;
  data = Json::parse(r.body).at("data");
  EXPECT_FALSE(data.contains("clustername"));  // no Sys.Audit on /
  EXPECT_EQ(data.at("cap").at("vms").at("VM.PowerMgmt"), 1);
  EXPECT_EQ(data.at("cap").at("storage").at("Datastore.AllocateSpace"), 1);
  EXPECT_FALSE(data.at("cap").at("nodes").contains("Sys.PowerMgmt"));
  const std::string ticket = data.at("ticket");
  // The ticket user has the user's privileges (no token narrowing): VM 102 is visible.
  r = send_request(sim.port(), "GET", "/api2/json/nodes/pve2/qemu/102/status/current",
                   "PVEAuthCookie=" + ticket);
  EXPECT_EQ(r.status, 200) << r.reason;
  sim.stop();
}

TEST(SimulatorControl, LargeSeedHas32NodesAnd10000Guests) {
  Options options;
  options.seed = "large";
  Simulator sim(options);
  sim.start();
  auto r = send_request(sim.port(), "GET", "/api2/json/cluster/resources", admin_of(sim));
  ASSERT_EQ(r.status, 200);
  std::map<std::string, int> count;
  const Json resources = Json::parse(r.body);
  for (const auto& entry : resources.at("data")) {
    count[entry.at("type").get<std::string>()]++;
  }
  EXPECT_EQ(count["node"], 32);
  EXPECT_EQ(count["qemu"] + count["lxc"], 10000);
  EXPECT_EQ(count["lxc"], 3333);
  EXPECT_EQ(count["storage"], 32 * 4);  // local, local-lvm, ceph-vm, backup-nfs per node
  const Json state = Json::parse(sim.dump_state());
  EXPECT_EQ(state.at("guests").size(), 10000U);
  EXPECT_EQ(state.at("guests").front().at("vmid"), 100);
  EXPECT_EQ(state.at("guests").back().at("vmid"), 10099);
  EXPECT_EQ(state.at("guests").back().at("node"), "node16");  // guest 9999 on node 9999 % 32 + 1
  sim.stop();
}

}  // namespace
}  // namespace pvesim::testing
