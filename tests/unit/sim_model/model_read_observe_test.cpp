// HA resources and status, firewall rule lists and RRD history of the small seed.
#include <set>

#include "model_fixture.h"

namespace pvesim::test {
namespace {

TEST_F(ModelTest, HaResourcesListTheConfigWithOneDigest) {
  const Json data = call_ok("/cluster/ha/resources", "/cluster/ha/resources");
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0]["sid"], "ct:101");
  EXPECT_EQ(data[0]["type"], "ct");
  EXPECT_EQ(data[0]["state"], "started");
  EXPECT_EQ(data[0]["failback"], 0);
  EXPECT_EQ(data[1]["sid"], "ct:103");
  EXPECT_EQ(data[1]["state"], "stopped");
  EXPECT_EQ(data[2], (Json{{"sid", "vm:100"},
                           {"type", "vm"},
                           {"state", "started"},
                           {"max_restart", 1},
                           {"max_relocate", 1},
                           {"comment", "Public web server"},
                           {"digest", data[0]["digest"]}}));
  EXPECT_EQ(data[0]["digest"].get<std::string>().size(), 40u);
  EXPECT_FALSE(data[2].contains("group"));  // groups are rules on PVE 9
}

TEST_F(ModelTest, HaResourcesFilterByType) {
  const Json vms = call_ok("/cluster/ha/resources", "/cluster/ha/resources", {{"type", "vm"}});
  ASSERT_EQ(vms.size(), 1u);
  EXPECT_EQ(vms[0]["sid"], "vm:100");
  EXPECT_EQ(call_ok("/cluster/ha/resources", "/cluster/ha/resources", {{"type", "ct"}}).size(), 2u);
}

TEST_F(ModelTest, HaResourceReadsBySidOrBareVmid) {
  const Json web = call_ok("/cluster/ha/resources/{sid}", "/cluster/ha/resources/vm:100");
  EXPECT_EQ(web["state"], "started");
  const Json docker = call_ok("/cluster/ha/resources/{sid}", "/cluster/ha/resources/101");
  EXPECT_EQ(docker["sid"], "ct:101");
  const ApiResponse missing = call("/cluster/ha/resources/{sid}", "/cluster/ha/resources/104");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message, "no such resource 'vm:104'\n");
  const ApiResponse unknown = call("/cluster/ha/resources/{sid}", "/cluster/ha/resources/999");
  EXPECT_EQ(unknown.message, "unable do add resource - VM/CT 999 does not exist\n");
}

TEST_F(ModelTest, GuestStatusNamesItsHaState) {
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/status/current",
                    "/nodes/pve1/qemu/100/status/current")["ha"],
            (Json{{"managed", 1}, {"state", "started"}}));
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/status/current",
                    "/nodes/pve1/qemu/104/status/current")["ha"],
            (Json{{"managed", 0}}));
}

TEST_F(ModelTest, HaStatusHasQuorumMasterLrmsAndServices) {
  const Json data = call_ok("/cluster/ha/status/current", "/cluster/ha/status/current");
  ASSERT_EQ(data.size(), 8u);
  EXPECT_EQ(data[0], (Json{{"id", "quorum"},
                           {"type", "quorum"},
                           {"node", "pve1"},
                           {"status", "OK"},
                           {"quorate", 1}}));
  EXPECT_EQ(data[1]["id"], "master");
  EXPECT_EQ(data[1]["status"], "pve1 (active, Wed Nov 25 23:59:54 2026)");
  EXPECT_EQ(data[2]["status"], "pve1 (active, Wed Nov 25 23:59:56 2026)");
  EXPECT_EQ(data[3]["status"], "pve2 (idle, Wed Nov 25 23:59:56 2026)");  // ct:103 is stopped
  EXPECT_EQ(data[4]["status"], "pve3 (old timestamp - dead?, Wed Nov 25 21:00:00 2026)");
  EXPECT_EQ(data[5]["sid"], "ct:101");
  EXPECT_EQ(data[5]["failback"], 0);
  EXPECT_EQ(data[6]["status"], "ct:103 (pve2, stopped)");
  EXPECT_EQ(data[7], (Json{{"id", "service:vm:100"},
                           {"type", "service"},
                           {"sid", "vm:100"},
                           {"node", "pve1"},
                           {"crm_state", "started"},
                           {"state", "started"},
                           {"request_state", "started"},
                           {"status", "vm:100 (pve1, started)"},
                           {"max_restart", 1},
                           {"max_relocate", 1},
                           {"comment", "Public web server"}}));
}

TEST(StandaloneSeed, HaStatusWithoutResourcesIsOnlyTheQuorum) {
  ManualClock clock;
  auto model = make_sim_cluster_model("standalone", 0, clock.clock());
  EXPECT_EQ(model->handle(get("/cluster/ha/resources", "/cluster/ha/resources")).data,
            Json::array());
  const Json status =
      model->handle(get("/cluster/ha/status/current", "/cluster/ha/status/current")).data;
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0]["id"], "quorum");
}

TEST_F(ModelTest, ClusterFirewallRulesAreNumberedWithOneDigest) {
  const Json data = call_ok("/cluster/firewall/rules", "/cluster/firewall/rules");
  ASSERT_EQ(data.size(), 4u);
  std::set<std::string> digests;
  for (std::size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ(data[i]["pos"], i);
    digests.insert(data[i]["digest"].get<std::string>());
  }
  EXPECT_EQ(digests.size(), 1u);
  EXPECT_EQ(data[0]["macro"], "SSH");
  EXPECT_EQ(data[0]["action"], "ACCEPT");
  EXPECT_EQ(data[0]["source"], "192.168.1.0/24");
  EXPECT_EQ(data[2]["enable"], 0);
  EXPECT_EQ(data[3]["type"], "out");
  EXPECT_EQ(data[3]["log"], "warning");
}

TEST_F(ModelTest, HostAndGuestRulesComeFromTheirOwnFiles) {
  const Json host = call_ok("/nodes/{node}/firewall/rules", "/nodes/pve1/firewall/rules");
  ASSERT_EQ(host.size(), 2u);
  EXPECT_EQ(host[0]["iface"], "vmbr0");
  const Json web =
      call_ok("/nodes/{node}/qemu/{vmid}/firewall/rules", "/nodes/pve1/qemu/100/firewall/rules");
  ASSERT_EQ(web.size(), 3u);
  EXPECT_EQ(web[0]["type"], "group");
  EXPECT_EQ(web[0]["action"], "webservers");
  const Json docker =
      call_ok("/nodes/{node}/lxc/{vmid}/firewall/rules", "/nodes/pve1/lxc/101/firewall/rules");
  EXPECT_EQ(docker[1]["dest"], "192.168.1.53");
  EXPECT_NE(docker[0]["digest"], web[0]["digest"]);
  // No <vmid>.fw: no rules, whether or not the guest exists.
  EXPECT_EQ(
      call_ok("/nodes/{node}/qemu/{vmid}/firewall/rules", "/nodes/pve1/qemu/104/firewall/rules"),
      Json::array());
  EXPECT_EQ(
      call_ok("/nodes/{node}/qemu/{vmid}/firewall/rules", "/nodes/pve1/qemu/999/firewall/rules"),
      Json::array());
  EXPECT_EQ(call("/nodes/{node}/firewall/rules", "/nodes/pve3/firewall/rules").status, 595);
}

TEST_F(ModelTest, NodeRrdHasPve9FieldsAlignedToTheStep) {
  const Json hour =
      call_ok("/nodes/{node}/rrddata", "/nodes/pve1/rrddata", {{"timeframe", "hour"}});
  ASSERT_EQ(hour.size(), 60u);
  const std::int64_t now_s = kStartMs / 1000;
  EXPECT_EQ(hour[59]["time"], now_s - 60);
  EXPECT_EQ(hour[0]["time"], now_s - 3600);
  for (const char* key : {"cpu", "maxcpu", "iowait", "loadavg", "memtotal", "memused", "memfree",
                          "memavailable", "swaptotal", "swapused", "roottotal", "rootused", "netin",
                          "netout", "arcsize", "pressurecpusome"}) {
    EXPECT_TRUE(hour[0].contains(key)) << key;
  }
  EXPECT_EQ(hour[0]["maxcpu"], 16);
  EXPECT_EQ(hour[0]["memtotal"], 67228434432.0);
  for (const auto& row : hour) {
    EXPECT_GE(row["cpu"].get<double>(), 0.0);
    EXPECT_LE(row["cpu"].get<double>(), 1.0);
  }
  const Json week =
      call_ok("/nodes/{node}/rrddata", "/nodes/pve1/rrddata", {{"timeframe", "week"}});
  ASSERT_EQ(week.size(), 336u);
  EXPECT_EQ(week[1]["time"].get<std::int64_t>() - week[0]["time"].get<std::int64_t>(), 1800);
  EXPECT_EQ(week[0]["time"].get<std::int64_t>() % 1800, 0);
  EXPECT_EQ(call_ok("/nodes/{node}/rrddata", "/nodes/pve1/rrddata", {{"timeframe", "year"}}).size(),
            1440u);
}

TEST_F(ModelTest, RrdMaxIsAtLeastTheAverageAndRepeatable) {
  const Json avg = call_ok("/nodes/{node}/rrddata", "/nodes/pve2/rrddata", {{"timeframe", "week"}});
  const Json max = call_ok("/nodes/{node}/rrddata", "/nodes/pve2/rrddata",
                           {{"timeframe", "week"}, {"cf", "MAX"}});
  ASSERT_EQ(avg.size(), max.size());
  bool some_higher = false;
  for (std::size_t i = 0; i < avg.size(); ++i) {
    EXPECT_GE(max[i]["cpu"].get<double>(), avg[i]["cpu"].get<double>());
    some_higher = some_higher || max[i]["cpu"].get<double>() > avg[i]["cpu"].get<double>();
  }
  EXPECT_TRUE(some_higher);
  EXPECT_EQ(avg, call_ok("/nodes/{node}/rrddata", "/nodes/pve2/rrddata", {{"timeframe", "week"}}));
}

TEST_F(ModelTest, GuestRrdFollowsItsRuntime) {
  const Json web = call_ok("/nodes/{node}/qemu/{vmid}/rrddata", "/nodes/pve1/qemu/100/rrddata",
                           {{"timeframe", "day"}});
  ASSERT_EQ(web.size(), 1440u);
  EXPECT_EQ(web[0]["maxcpu"], 2);
  EXPECT_EQ(web[0]["maxmem"], 4294967296.0);
  EXPECT_GT(web[0]["cpu"].get<double>(), 0.0);
  EXPECT_GT(web[0]["netin"].get<double>(), 0.0);
  for (const char* key : {"maxdisk", "disk", "diskread", "diskwrite", "memhost", "pressurecpufull",
                          "pressurememoryfull"}) {
    EXPECT_TRUE(web[0].contains(key)) << key;
  }
  // A stopped guest keeps its history: the limits, with no load.
  const Json win = call_ok("/nodes/{node}/qemu/{vmid}/rrddata", "/nodes/pve2/qemu/102/rrddata",
                           {{"timeframe", "hour"}});
  ASSERT_EQ(win.size(), 60u);
  EXPECT_EQ(win[0]["maxmem"], 8589934592.0);
  EXPECT_EQ(win[0]["cpu"], 0.0);
  EXPECT_EQ(win[0]["mem"], 0.0);
  const Json docker = call_ok("/nodes/{node}/lxc/{vmid}/rrddata", "/nodes/pve1/lxc/101/rrddata",
                              {{"timeframe", "month"}});
  ASSERT_EQ(docker.size(), 1440u);
  EXPECT_GT(docker[0]["disk"].get<double>(), 0.0);
}

TEST_F(ModelTest, RrdErrorsForMissingFilesAndOfflineNodes) {
  const ApiResponse missing = call("/nodes/{node}/qemu/{vmid}/rrddata",
                                   "/nodes/pve1/qemu/999/rrddata", {{"timeframe", "hour"}});
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message,
            "RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/999': No such file or "
            "directory\n");
  EXPECT_EQ(call("/nodes/{node}/rrddata", "/nodes/pve3/rrddata", {{"timeframe", "hour"}}).status,
            595);
  EXPECT_EQ(call("/nodes/{node}/rrddata", "/nodes/nope/rrddata", {{"timeframe", "hour"}}).status,
            500);
}

}  // namespace
}  // namespace pvesim::test
