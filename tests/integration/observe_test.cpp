// The observability reads against pve-sim: HA resources, firewall rule lists and RRD history
// ("small": pve3 offline; "standalone": no HA).
#include "sim_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

class Observe : public SimTest {};

class ObserveStandalone : public SimTest {
 protected:
  ObserveStandalone() : SimTest("standalone") {}
};

TEST_F(Observe, HaResourcesWithTheManagersView) {
  auto r = call("proxmox_get_ha_resources");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/ha/resources", {}},
                                              {"GET", "/cluster/ha/status/current", {}}}));
  EXPECT_TRUE(
      contains(r.text, "| ct:101 | started | started | pve1 | default / default | no failback |"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "| ct:103 | stopped | stopped | pve2 |")) << r.text;
  EXPECT_TRUE(contains(r.text,
                       "| vm:100 | started | started | pve1 | 1 / 1 |  | Public web "
                       "server |"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **lrm:pve2**: pve2 (idle, ")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **lrm:pve3**: pve3 (old timestamp - dead?, ")) << r.text;
  EXPECT_EQ(r.structured["count"], 3);
  EXPECT_EQ(r.structured["resources"][2]["max_restart"], 1);
}

TEST_F(ObserveStandalone, NoHaResourcesIsSaidPlainly) {
  auto r = call("proxmox_get_ha_resources");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "No HA resources are configured.")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/ha/resources", {}}}));
}

TEST_F(Observe, FirewallRulesOfEachLevel) {
  auto cluster = call("proxmox_get_firewall_rules");
  ASSERT_FALSE(cluster.is_error) << cluster.text;
  EXPECT_EQ(cluster.structured["count"], 4);
  EXPECT_TRUE(contains(cluster.text, "| 2 | no | in | ACCEPT |  | icmp |")) << cluster.text;
  auto node = call("proxmox_get_firewall_rules", {{"level", "node"}, {"node", "pve1"}});
  EXPECT_TRUE(contains(node.text, "| 1 | yes | in | DROP | udp |  | 111 |  | No rpcbind |"))
      << node.text;
  auto ct = call("proxmox_get_firewall_rules",
                 {{"level", "guest"}, {"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}});
  EXPECT_EQ(ct.structured["rules"][0]["dport"], "8080:8090");
  auto none =
      call("proxmox_get_firewall_rules", {{"level", "guest"}, {"node", "pve1"}, {"vmid", 104}});
  EXPECT_TRUE(contains(none.text, "Firewall rules — VM 104 on pve1 (0)**\n\nNo rules defined.\n"))
      << none.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/firewall/rules", {}},
                                              {"GET", "/nodes/pve1/firewall/rules", {}},
                                              {"GET", "/nodes/pve1/lxc/101/firewall/rules", {}},
                                              {"GET", "/nodes/pve1/qemu/104/firewall/rules", {}}}));
}

TEST_F(Observe, GuestFirewallNeedsOnlyVmAuditOnTheGuest) {
  use_token("operator@pve", "ops", sim_->operator_token_secret());
  auto guest =
      call("proxmox_get_firewall_rules", {{"level", "guest"}, {"node", "pve1"}, {"vmid", 100}});
  EXPECT_FALSE(guest.is_error) << guest.text;
  EXPECT_EQ(guest.structured["count"], 3);
  auto cluster = call("proxmox_get_firewall_rules");
  EXPECT_TRUE(cluster.is_error);
  EXPECT_TRUE(contains(cluster.text, "Sys.Audit")) << cluster.text;
  EXPECT_EQ(statuses(), (std::vector<int>{200, 403}));
}

TEST_F(Observe, RrdDataOfANodeAndOfAStoppedGuest) {
  auto node = call("proxmox_get_rrd_data", {{"node", "pve1"}, {"timeframe", "week"}});
  ASSERT_FALSE(node.is_error) << node.text;
  EXPECT_EQ(node.structured["points"], 336);
  EXPECT_EQ(node.structured["step"], 1800);
  EXPECT_EQ(node.structured["series"]["time"].size(), 24u);
  EXPECT_TRUE(contains(node.text, "• **Capacity**: 16 CPUs, 62.61 GiB memory\n")) << node.text;
  auto win = call("proxmox_get_rrd_data", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_FALSE(win.is_error) << win.text;
  EXPECT_EQ(win.structured["points"], 1440);
  EXPECT_EQ(win.structured["metrics"][0], (json{{"name", "cpu"},
                                                {"unit", "%"},
                                                {"min", 0.0},
                                                {"avg", 0.0},
                                                {"max", 0.0},
                                                {"last", 0.0}}));
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/rrddata", Params{{"timeframe", "week"}}},
                {"GET", "/nodes/pve2/qemu/102/rrddata", Params{{"timeframe", "day"}}}}));
}

TEST_F(Observe, RrdDataErrorsAreClear) {
  auto offline = call("proxmox_get_rrd_data", {{"node", "pve3"}, {"vmid", 110}});
  EXPECT_TRUE(offline.is_error);
  EXPECT_TRUE(contains(offline.text, "node pve3 is offline")) << offline.text;
  auto missing = call("proxmox_get_rrd_data", {{"node", "pve1"}, {"vmid", 999}});
  EXPECT_TRUE(missing.is_error);
  EXPECT_TRUE(contains(missing.text, "pve-vm-9.0/999")) << missing.text;
  EXPECT_EQ(statuses(), (std::vector<int>{595, 500}));
}

}  // namespace
}  // namespace integration
