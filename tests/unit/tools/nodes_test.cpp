// The node tools: the node list, one node's status, cluster health, the next free VMID.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

TEST(GetNodes, ReferenceLookWithCorrectUnits) {
  Harness h;
  h.api.on_get("/nodes", json::parse(R"([
    {"node":"pve2","status":"offline"},
    {"node":"pve1","status":"online","uptime":269580,"cpu":0.018,"maxcpu":8,
     "mem":6324305920,"maxmem":66795929600}])"));
  auto r = h.call("proxmox_get_nodes");
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text,
            "🖥️  **Proxmox Cluster Nodes**\n"
            "\n🟢 **pve1**\n"
            "   • Status: online\n"
            "   • Uptime: 3d 2h 53m\n"
            "   • CPU: 1.8% of 8 cores\n"
            "   • Memory: 5.89 GiB / 62.21 GiB (9.5%)\n"
            "\n🔴 **pve2**\n"
            "   • Status: offline\n");
  EXPECT_EQ(r.structured["count"], 2);
  EXPECT_EQ(r.structured["nodes"][0]["node"], "pve1");
  EXPECT_EQ(r.structured["nodes"][0]["cpu"], 0.018);
  EXPECT_EQ(r.structured["nodes"][1], (json{{"node", "pve2"}, {"status", "offline"}}));
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes", {}}}));
}

TEST(GetNodes, ZeroCpuIsShownNotNA) {
  Harness h;
  h.api.on_get("/nodes", json::parse(R"([{"node":"pve1","status":"online","cpu":0}])"));
  EXPECT_NE(h.call("proxmox_get_nodes").text.find("   • CPU: 0.0%\n"), std::string::npos);
}

TEST(GetNodeStatus, BasicModeWorksAndShowsDetails) {
  Harness h;
  h.api.on_get("/nodes/pve1/status", json::parse(R"({
    "uptime":269580,"cpu":0.05,"cpuinfo":{"cpus":8,"model":"Intel Xeon"},
    "loadavg":["0.12","0.10","0.05"],
    "memory":{"total":66795929600,"used":6324305920,"free":1},
    "swap":{"total":8589934592,"used":0},
    "rootfs":{"total":100857085952,"used":21024022528},
    "pveversion":"pve-manager/9.1.1/42","current-kernel":{"release":"6.14.8-2-pve"}})"));
  auto r = h.call("proxmox_get_node_status", {{"node", "pve1"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text,
            "🖥️  **Node pve1**\n\n"
            "• **Uptime**: 3d 2h 53m\n"
            "• **CPU**: 5.0% of 8 cores (Intel Xeon)\n"
            "• **Load Average**: 0.12, 0.10, 0.05\n"
            "• **Memory**: 5.89 GiB / 62.21 GiB (9.5%)\n"
            "• **Swap**: 0 B / 8.00 GiB (0.0%)\n"
            "• **Root Disk**: 19.58 GiB / 93.93 GiB (20.8%)\n"
            "• **PVE Version**: pve-manager/9.1.1/42\n"
            "• **Kernel**: 6.14.8-2-pve\n");
  EXPECT_EQ(r.structured["loadavg"], (json{0.12, 0.10, 0.05}));
  EXPECT_EQ(r.structured["memory"], (json{{"used", 6324305920.0}, {"total", 66795929600.0}}));
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/status", {}}}));
}

TEST(GetNodeStatus, OfflineNodeIsOneActionableLine) {
  Harness h;
  h.api.fail_get("/nodes/pve3/status", offline_error("pve3"));
  auto r = h.call("proxmox_get_node_status", {{"node", "pve3"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "node 'pve3' is offline or unreachable (HTTP 595: No route to host)");
}

json cluster_status(bool quorate) {
  return json::parse(std::string(R"([
    {"type":"cluster","id":"cluster","name":"homelab","nodes":3,"version":5,"quorate":)") +
                     (quorate ? "1" : "0") + R"(},
    {"type":"node","id":"node/pve1","name":"pve1","online":1,"local":1,"ip":"10.0.0.1"},
    {"type":"node","id":"node/pve2","name":"pve2","online":1,"ip":"10.0.0.2"},
    {"type":"node","id":"node/pve3","name":"pve3","online":0,"ip":"10.0.0.3"}])");
}

json node_resources() {
  return json::parse(R"([
    {"id":"node/pve1","type":"node","node":"pve1","status":"online","cpu":0.1,"maxcpu":8,
     "mem":4294967296,"maxmem":17179869184,"uptime":3600},
    {"id":"node/pve2","type":"node","node":"pve2","status":"online","cpu":0.3,"maxcpu":8,
     "mem":4294967296,"maxmem":17179869184,"uptime":7200},
    {"id":"node/pve3","type":"node","node":"pve3","status":"offline"}])");
}

TEST(GetClusterStatus, QuorumFromClusterStatusAndTotalsFromResources) {
  Harness h;
  h.api.on_get("/cluster/status", cluster_status(true));
  h.api.on_get("/cluster/resources", node_resources());
  auto r = h.call("proxmox_get_cluster_status");
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/cluster/status", {}},
                                              {"GET", "/cluster/resources", {{"type", "node"}}}}));
  EXPECT_EQ(r.text,
            "🏗️  **Proxmox Cluster Status**\n\n"
            "**Cluster**: homelab\n"
            "**Quorum**: 🟢 quorate\n"
            "**Cluster Health**: 🟡 Degraded (1 node offline)\n"
            "**Nodes**: 2/3 online\n"
            "\n**Resources** (online nodes):\n"
            "• **CPU**: 20.0% of 16 cores\n"
            "• **Memory**: 8.00 GiB / 32.00 GiB (25.0%)\n"
            "\n**Node Details**:\n"
            "🟢 pve1 - online (up 1h 0m)\n"
            "🟢 pve2 - online (up 2h 0m)\n"
            "🔴 pve3 - offline\n");
  EXPECT_EQ(r.structured["quorate"], true);
  EXPECT_EQ(r.structured["standalone"], false);
  EXPECT_EQ(r.structured["nodes_online"], 2);
  EXPECT_EQ(r.structured["nodes_total"], 3);
  EXPECT_EQ(r.structured["cluster"], (json{{"name", "homelab"}, {"version", 5}}));
}

TEST(GetClusterStatus, LostQuorumIsRed) {
  Harness h;
  h.api.on_get("/cluster/status", cluster_status(false));
  h.api.on_get("/cluster/resources", node_resources());
  auto r = h.call("proxmox_get_cluster_status");
  EXPECT_NE(r.text.find("**Quorum**: 🔴 not quorate\n**Cluster Health**: 🔴 No quorum\n"),
            std::string::npos)
      << r.text;
  EXPECT_EQ(r.structured["quorate"], false);
}

TEST(GetClusterStatus, StandaloneNodeHasNoFalseQuorumAlarm) {
  Harness h;
  h.api.on_get("/cluster/status", json::parse(R"([
    {"type":"node","id":"node/pve","name":"pve","online":1,"local":1,"nodeid":0}])"));
  h.api.on_get("/cluster/resources", json::parse(R"([
    {"id":"node/pve","type":"node","node":"pve","status":"online","cpu":0.5,"maxcpu":4,
     "mem":1073741824,"maxmem":4294967296,"uptime":60}])"));
  auto r = h.call("proxmox_get_cluster_status");
  EXPECT_EQ(r.text,
            "🏗️  **Proxmox Cluster Status**\n\n"
            "**Cluster**: Standalone node (no cluster configured)\n"
            "**Cluster Health**: 🟢 Healthy\n"
            "**Nodes**: 1/1 online\n"
            "\n**Resources** (online nodes):\n"
            "• **CPU**: 50.0% of 4 cores\n"
            "• **Memory**: 1.00 GiB / 4.00 GiB (25.0%)\n"
            "\n**Node Details**:\n"
            "🟢 pve - online (up 1m)\n");
  EXPECT_EQ(r.structured["standalone"], true);
  EXPECT_FALSE(r.structured.contains("quorate"));
  EXPECT_FALSE(r.structured.contains("cluster"));
}

TEST(GetNextVmid, NumberOrString) {
  Harness h;
  h.api.on_get("/cluster/nextid", 102);
  auto r = h.call("proxmox_get_next_vmid");
  EXPECT_EQ(r.text, "**Next Available VM/Container ID**: 102\n");
  EXPECT_EQ(r.structured, (json{{"vmid", 102}}));
  Harness s;
  s.api.on_get("/cluster/nextid", "103");
  EXPECT_EQ(s.call("proxmox_get_next_vmid").structured, (json{{"vmid", 103}}));
  Harness bad;
  bad.api.on_get("/cluster/nextid", json::object());
  auto e = bad.call("proxmox_get_next_vmid");
  EXPECT_TRUE(e.is_error);
  EXPECT_EQ(e.text, "Unexpected response from Proxmox: /cluster/nextid returned {}");
}

}  // namespace
}  // namespace tools::testing
