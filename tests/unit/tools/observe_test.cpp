// The observability reads: HA resources, firewall rule lists and the RRD history summary.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

TEST(GetHaResources, EmptyHaSaysSoWithoutAskingForStatus) {
  Harness h;
  h.api.on_get("/cluster/ha/resources", json::array());
  auto r = h.call("proxmox_get_ha_resources");
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "🛟 **HA resources**\n\nNo HA resources are configured.\n");
  EXPECT_EQ(r.structured, (json{{"count", 0}, {"resources", json::array()}}));
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/cluster/ha/resources", {}}}));
}

TEST(GetHaResources, JoinsTheConfigWithTheManagersView) {
  Harness h;
  h.api.on_get("/cluster/ha/resources", json::parse(R"([
    {"sid":"ct:101","type":"ct","state":"started","failback":0,"digest":"d"},
    {"sid":"vm:100","type":"vm","state":"started","max_restart":1,"max_relocate":2,
     "group":"prod","comment":"Web | public","digest":"d"}])"));
  h.api.on_get("/cluster/ha/status/current", json::parse(R"json([
    {"id":"quorum","type":"quorum","node":"pve1","status":"OK","quorate":1},
    {"id":"lrm:pve3","type":"lrm","node":"pve3","status":"pve3 (old timestamp - dead?, x)"
},
    {"id":"service:vm:100","type":"service","sid":"vm:100","node":"pve2","state":"fence",
     "crm_state":"fence","request_state":"started"}])json"));
  auto r = h.call("proxmox_get_ha_resources");
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text,
            "🛟 **HA resources (2)**\n\n"
            "| Resource | Requested | Current | Node | Max restart / relocate | Placement | "
            "Comment |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n"
            "| ct:101 | started | ? |  | default / default | no failback |  |\n"
            "| vm:100 | started | fence | pve2 | 1 / 2 | group prod | Web \\| public |\n"
            "\n• **quorum**: OK\n"
            "• **lrm:pve3**: pve3 (old timestamp - dead?, x)\n");
  EXPECT_EQ(r.structured["resources"][1], (json{{"sid", "vm:100"},
                                                {"type", "vm"},
                                                {"state", "started"},
                                                {"group", "prod"},
                                                {"comment", "Web | public"},
                                                {"max_restart", 1},
                                                {"max_relocate", 2},
                                                {"status", "fence"},
                                                {"node", "pve2"}}));
  EXPECT_EQ(r.structured["resources"][0]["failback"], false);
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/cluster/ha/resources", {}},
                                              {"GET", "/cluster/ha/status/current", {}}}));
}

TEST(GetHaResources, AMissingStatusStillListsTheResources) {
  Harness h;
  h.api.on_get("/cluster/ha/resources", json::parse(R"([{"sid":"vm:100","type":"vm"}])"));
  h.api.fail_get("/cluster/ha/status/current",
                 pve::Error(pve::ErrorKind::kPermission, 403, "denied", "permission denied"));
  auto r = h.call("proxmox_get_ha_resources");
  EXPECT_FALSE(r.is_error);
  EXPECT_NE(r.text.find("\nHA status unavailable: permission denied\n"), std::string::npos);
  EXPECT_EQ(r.structured["status_error"], "permission denied");
}

TEST(GetFirewallRules, ClusterIsTheDefaultLevel) {
  Harness h;
  h.api.on_get("/cluster/firewall/rules", json::parse(R"([
    {"pos":0,"type":"in","action":"ACCEPT","macro":"SSH","enable":1,"digest":"abc",
     "source":"10.0.0.0/8","ipversion":4},
    {"pos":1,"type":"out","action":"DROP","enable":0,"digest":"abc","comment":"a|b"}])"));
  auto r = h.call("proxmox_get_firewall_rules");
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text,
            "🧱 **Firewall rules — cluster (2)**\n\n"
            "Applied top to bottom; the first matching rule decides.\n\n"
            "| # | On | Dir | Action | Macro | Source | Comment |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n"
            "| 0 | yes | in | ACCEPT | SSH | 10.0.0.0/8 |  |\n"
            "| 1 | no | out | DROP |  |  | a\\|b |\n");
  EXPECT_EQ(r.structured["level"], "cluster");
  EXPECT_EQ(r.structured["digest"], "abc");
  EXPECT_EQ(r.structured["rules"][0], (json{{"pos", 0},
                                            {"type", "in"},
                                            {"action", "ACCEPT"},
                                            {"enable", true},
                                            {"macro", "SSH"},
                                            {"source", "10.0.0.0/8"},
                                            {"ipversion", 4}}));
  EXPECT_EQ(r.structured["rules"][1]["enable"], false);
}

TEST(GetFirewallRules, NodeAndGuestPaths) {
  Harness h;
  h.api.on_get("/nodes/pve1/firewall/rules", json::array());
  h.api.on_get("/nodes/pve1/lxc/101/firewall/rules", json::array());
  auto node = h.call("proxmox_get_firewall_rules", {{"level", "node"}, {"node", "pve1"}});
  EXPECT_EQ(node.text, "🧱 **Firewall rules — node pve1 (0)**\n\nNo rules defined.\n");
  auto guest = h.call("proxmox_get_firewall_rules",
                      {{"level", "guest"}, {"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}});
  EXPECT_FALSE(guest.is_error);
  EXPECT_EQ(guest.structured, (json{{"level", "guest"},
                                    {"node", "pve1"},
                                    {"vmid", 101},
                                    {"type", "lxc"},
                                    {"count", 0},
                                    {"rules", json::array()}}));
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/firewall/rules", {}},
                                              {"GET", "/nodes/pve1/lxc/101/firewall/rules", {}}}));
}

TEST(GetFirewallRules, NodeOrGuestLevelWithoutItsIdsIsRefused) {
  Harness h;
  auto node = h.call("proxmox_get_firewall_rules", {{"level", "node"}});
  EXPECT_TRUE(node.is_error);
  EXPECT_EQ(node.text, "Invalid argument 'node': is required for level=node");
  auto guest = h.call("proxmox_get_firewall_rules", {{"level", "guest"}, {"node", "pve1"}});
  EXPECT_EQ(guest.text, "Invalid argument 'vmid': is required for level=guest");
  auto bad = h.call("proxmox_get_firewall_rules", {{"level", "host"}});
  EXPECT_EQ(bad.text, "Invalid argument 'level': must be one of: cluster, node, guest");
  EXPECT_TRUE(h.api.calls().empty());
}

// Four one-minute rows of a guest: the last without values, as a step not yet written.
json guest_rows() {
  return json::parse(R"([
    {"time":600,"cpu":0.10,"maxcpu":2,"mem":1073741824,"maxmem":4294967296,"netin":1000,
     "netout":10,"diskread":0,"diskwrite":2048},
    {"time":660,"cpu":0.30,"maxcpu":2,"mem":2147483648,"maxmem":4294967296,"netin":3000,
     "netout":30,"diskread":0,"diskwrite":0},
    {"time":720,"cpu":0.20,"maxcpu":2,"mem":1610612736,"maxmem":4294967296,"netin":2000,
     "netout":20,"diskread":0,"diskwrite":1024},
    {"time":780}])");
}

TEST(GetRrdData, GuestSummaryWithUnits) {
  Harness h;
  h.api.on_get("/nodes/pve1/qemu/100/rrddata", guest_rows());
  auto r = h.call("proxmox_get_rrd_data", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text,
            "📈 **Metrics — VM 100 on pve1**\n\n"
            "• **Period**: day, 4 points from 1970-01-01T00:10:00Z to 1970-01-01T00:13:00Z "
            "(averages per step)\n"
            "• **Capacity**: 2 CPUs, 4.00 GiB memory\n"
            "\n| Metric | Min | Avg | Max | Last |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| CPU | 10.0% | 20.0% | 30.0% | 20.0% |\n"
            "| Memory | 1.00 GiB | 1.50 GiB | 2.00 GiB | 1.50 GiB |\n"
            "| Net in | 1000 B/s | 1.95 KiB/s | 2.93 KiB/s | 1.95 KiB/s |\n"
            "| Net out | 10 B/s | 20 B/s | 30 B/s | 20 B/s |\n"
            "| Disk read | 0 B/s | 0 B/s | 0 B/s | 0 B/s |\n"
            "| Disk write | 0 B/s | 1.00 KiB/s | 2.00 KiB/s | 1.00 KiB/s |\n");
  EXPECT_EQ(r.structured["metrics"][1], (json{{"name", "mem"},
                                              {"unit", "GiB"},
                                              {"min", 1.0},
                                              {"avg", 1.5},
                                              {"max", 2.0},
                                              {"last", 1.5}}));
  EXPECT_EQ(r.structured["metrics"][0]["avg"], 20.0);
  EXPECT_EQ(r.structured["step"], 60);
  EXPECT_EQ(r.structured["points"], 4);
  EXPECT_EQ(r.structured["series"]["time"], (json{600, 660, 720, 780}));
  EXPECT_EQ(r.structured["series"]["cpu"], (json{10.0, 30.0, 20.0, nullptr}));
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/rrddata", {{"timeframe", "day"}}}}));
}

TEST(GetRrdData, LongSeriesAreDownsampledTo24Points) {
  Harness h;
  json rows = json::array();
  for (int i = 0; i < 1440; ++i) {
    rows.push_back({{"time", 60 * i}, {"cpu", (i / 60) / 100.0}, {"memused", 1073741824.0}});
  }
  h.api.on_get("/nodes/pve2/rrddata", rows);
  auto r = h.call("proxmox_get_rrd_data", {{"node", "pve2"}, {"timeframe", "week"}});
  const json& series = r.structured["series"];
  ASSERT_EQ(series["time"].size(), 24u);
  EXPECT_EQ(series["time"][1], 3600);
  EXPECT_EQ(series["cpu"][23], 23.0);  // each bucket is one hour of the same value
  EXPECT_EQ(series["memused"][0], 1.0);
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve2/rrddata", {{"timeframe", "week"}}}}));
}

TEST(GetRrdData, ContainerPathAndNoData) {
  Harness h;
  h.api.on_get("/nodes/pve1/lxc/101/rrddata", json::parse(R"([{"time":60},{"time":120}])"));
  auto r = h.call("proxmox_get_rrd_data",
                  {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}, {"timeframe", "hour"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_NE(r.text.find("CT 101 on pve1"), std::string::npos);
  EXPECT_NE(r.text.find("\nNo data recorded in this period.\n"), std::string::npos);
  EXPECT_EQ(r.structured["metrics"], json::array());
  auto bad = h.call("proxmox_get_rrd_data", {{"node", "pve1"}, {"timeframe", "decade"}});
  EXPECT_EQ(bad.text, "Invalid argument 'timeframe': must be one of: hour, day, week, month, year");
}

}  // namespace
}  // namespace tools::testing
