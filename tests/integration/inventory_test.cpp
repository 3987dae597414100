// Inventory tools against pve-sim ("small": homelab, pve1 and pve2 online, pve3 offline).
#include <algorithm>

#include "pve/error.h"
#include "sim_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

class Inventory : public SimTest {};

TEST_F(Inventory, GetNodes) {
  auto r = call("proxmox_get_nodes");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes", {}}}));
  EXPECT_TRUE(
      contains(r.text,
               "🖥️  **Proxmox Cluster Nodes**\n\n🟢 **pve1**\n   • Status: online\n"
               "   • Uptime: 12d 7h "))
      << r.text;
  EXPECT_TRUE(contains(r.text, "   • CPU: 7.3% of 16 cores\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "\n🔴 **pve3**\n   • Status: offline\n")) << r.text;
  EXPECT_EQ(r.structured["count"], 3);
  EXPECT_EQ(r.structured["nodes"][2], (json{{"node", "pve3"}, {"status", "offline"}}));
}

TEST_F(Inventory, GetNodeStatus) {
  auto r = call("proxmox_get_node_status", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/status", {}}}));
  EXPECT_TRUE(contains(r.text, "🖥️  **Node pve1**\n\n• **Uptime**: 12d 7h ")) << r.text;
  EXPECT_TRUE(contains(r.text, " of 16 cores (Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz)\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **Load Average**: 0.62, 0.71, 0.68\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Kernel**: 6.17.2-1-pve\n")) << r.text;
  EXPECT_EQ(r.structured["loadavg"], (json{0.62, 0.71, 0.68}));
}

TEST_F(Inventory, GetNodeStatusOfAnOfflineNodeIsOneLine) {
  auto r = call("proxmox_get_node_status", {{"node", "pve3"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "pve3")) << r.text;
  EXPECT_EQ(r.text.find('\n'), std::string::npos) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve3/status", {}}}));
  EXPECT_EQ(statuses(), (std::vector<int>{595}));
}

// get_vms and get_storage filter /cluster/resources, which Proxmox answers whatever the node: an
// unknown or mis-cased node is the same error proxmox_get_node_status gives, not an empty list.
TEST_F(Inventory, GetVmsAndGetStorageOfAnUnknownNodeListTheClusterNodes) {
  const std::string miscased =
      "node 'PVE1' not found; cluster nodes: pve1, pve2, pve3 (did you mean 'pve1'?)";
  EXPECT_EQ(call("proxmox_get_node_status", {{"node", "PVE1"}}).text, miscased);
  clear();
  auto vms = call("proxmox_get_vms", {{"node", "PVE1"}});
  EXPECT_TRUE(vms.is_error);
  EXPECT_EQ(vms.text, miscased);
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "vm"}}},
                                              {"GET", "/nodes", {}}}));
  clear();
  auto storage = call("proxmox_get_storage", {{"node", "zeus"}});
  EXPECT_TRUE(storage.is_error);
  EXPECT_EQ(storage.text, "node 'zeus' not found; cluster nodes: pve1, pve2, pve3");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "storage"}}},
                                              {"GET", "/nodes", {}}}));
}

TEST_F(Inventory, GetVmsOfANodeWithGuestsAsksNothingMore) {
  auto r = call("proxmox_get_vms", {{"node", "pve2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_GT(r.structured["total"], 0);
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "vm"}}}}));
}

TEST_F(Inventory, GetVmsIsOneRequestWithOfflineNodeWarning) {
  auto r = call("proxmox_get_vms");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "vm"}}}}));
  std::vector<int> ids;
  for (const auto& vm : r.structured["vms"]) ids.push_back(vm["vmid"].get<int>());
  EXPECT_EQ(ids, (std::vector<int>{100, 101, 102, 103, 104, 105, 110, 111, 9000}));
  EXPECT_EQ(r.structured["total"], 9);
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: the status of its guests is unknown"}));
  EXPECT_TRUE(contains(r.text,
                       "💻 **Virtual Machines**\n\n"
                       "⚠️ Node pve3 is offline: the status of its guests is unknown\n\n"
                       "🟢 🖥️ **web** (ID: 100)\n   • Node: pve1\n"))
      << r.text;
  // Containers carry their own node.
  EXPECT_TRUE(contains(r.text,
                       "🔴 📦 **pihole** (ID: 103)\n   • Node: pve2\n"
                       "   • Status: stopped\n   • Type: LXC\n\n"))
      << r.text;
  // Without the node's status line PVE's /cluster/resources has no name for its guests.
  EXPECT_TRUE(contains(r.text,
                       "🟡 📦 **(unnamed)** (ID: 111)\n   • Node: pve3\n"
                       "   • Status: unknown\n   • Type: LXC\n\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text,
                       "🔴 🖥️ **debian-13-cloud** (ID: 9000)\n   • Node: pve1\n"
                       "   • Status: stopped\n   • Type: QEMU\n   • Template: yes\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "   • Lock: backup\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "**Total**: 9 guest(s)\n")) << r.text;
}

TEST_F(Inventory, GetVmsFiltersAndPages) {
  auto lxc = call("proxmox_get_vms", {{"type", "lxc"}, {"node", "pve2"}});
  ASSERT_FALSE(lxc.is_error) << lxc.text;
  std::vector<int> ids;
  for (const auto& vm : lxc.structured["vms"]) ids.push_back(vm["vmid"].get<int>());
  EXPECT_EQ(ids, (std::vector<int>{103, 105}));
  EXPECT_EQ(lxc.structured["warnings"], json::array());

  auto page1 = call("proxmox_get_vms", {{"limit", 4}});
  EXPECT_EQ(page1.structured["count"], 4);
  EXPECT_EQ(page1.structured["next_cursor"], "4");
  auto page3 = call("proxmox_get_vms", {{"limit", 4}, {"cursor", "8"}});
  EXPECT_EQ(page3.structured["count"], 1);
  EXPECT_EQ(page3.structured["vms"][0]["vmid"], 9000);
  EXPECT_FALSE(page3.structured.contains("next_cursor"));
  EXPECT_EQ(requests().size(), 3u);
}

TEST_F(Inventory, GetStorageDedupesTheSharedExport) {
  auto r = call("proxmox_get_storage");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "storage"}}}}));
  std::vector<std::string> rows;
  for (const auto& s : r.structured["storages"]) {
    std::string nodes;
    for (const auto& n : s["nodes"]) nodes += (nodes.empty() ? "" : ",") + n.get<std::string>();
    rows.push_back(s["storage"].get<std::string>() + "@" + nodes);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"backup-nfs@pve1,pve2,pve3", "local@pve1", "local@pve2",
                                            "local@pve3", "local-lvm@pve1", "local-lvm@pve2",
                                            "local-lvm@pve3", "pbs-main@pve1,pve2,pve3"}));
  EXPECT_TRUE(contains(r.text,
                       "🟢 **backup-nfs**\n   • Nodes: pve1, pve2, pve3 (shared)\n"
                       "   • Type: nfs\n   • Content: backup\n"))
      << r.text;
  EXPECT_TRUE(
      contains(r.text, "⚠️ Node pve3 is offline: the status of its storages is unknown\n"))
      << r.text;
}

TEST_F(Inventory, GetStorageOfOneNode) {
  auto r = call("proxmox_get_storage", {{"node", "pve2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["count"], 4);  // local, local-lvm, backup-nfs, pbs-main
  EXPECT_EQ(r.structured["warnings"], json::array());
}

TEST_F(Inventory, GetClusterStatusReportsQuorum) {
  auto r = call("proxmox_get_cluster_status");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/status", {}},
                                              {"GET", "/cluster/resources", {{"type", "node"}}}}));
  EXPECT_TRUE(contains(r.text,
                       "🏗️  **Proxmox Cluster Status**\n\n**Cluster**: homelab\n"
                       "**Quorum**: 🟢 quorate\n"
                       "**Cluster Health**: 🟡 Degraded (1 node offline)\n"
                       "**Nodes**: 2/3 online\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "• **CPU**: ")) << r.text;
  EXPECT_TRUE(contains(r.text, " of 28 cores\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "\n🔴 pve3 - offline\n")) << r.text;
  EXPECT_EQ(r.structured["quorate"], true);
  EXPECT_EQ(r.structured["nodes_online"], 2);
  EXPECT_EQ(r.structured["cluster"]["name"], "homelab");
}

TEST_F(Inventory, GetNextVmid) {
  auto r = call("proxmox_get_next_vmid");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/nextid", {}}}));
  EXPECT_EQ(r.text, "**Next Available VM/Container ID**: 106\n");
  EXPECT_EQ(r.structured, (json{{"vmid", 106}}));
}

TEST_F(Inventory, ListTemplates) {
  auto r = call("proxmox_list_templates", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/storage/local/content", {{"content", "vztmpl"}}}}));
  EXPECT_EQ(r.text,
            "📦 **Available LXC Templates**\n\n"
            "• **local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst**\n"
            "  Size: 120.65 MiB\n\n"
            "• **local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst**\n"
            "  Size: 141.24 MiB\n\n"
            "**Total**: 2 template(s) on local (pve1)\n");
}

TEST_F(Inventory, ListIsoImages) {
  auto r = call("proxmox_list_templates", {{"node", "pve1"}, {"content", "iso"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      requests(),
      (std::vector<Request>{{"GET", "/nodes/pve1/storage/local/content", {{"content", "iso"}}}}));
  EXPECT_EQ(r.text,
            "💿 **Available ISO Images**\n\n"
            "• **local:iso/alpine-virt-3.22.1-x86_64.iso**\n"
            "  Size: 63.00 MiB\n\n"
            "• **local:iso/debian-13.1.0-amd64-netinst.iso**\n"
            "  Size: 754.00 MiB\n\n"
            "**Total**: 2 ISO image(s) on local (pve1)\n");
}

// The auditor role (PVEAuditor on /) is enough for every read: the Proxmox ACL gates reads.
TEST_F(Inventory, AuditorTokenReadsTheInventory) {
  use_token("auditor@pve", "ro", sim_->auditor_token_secret());
  for (const char* tool : {"proxmox_get_nodes", "proxmox_get_vms", "proxmox_get_storage",
                           "proxmox_get_cluster_status", "proxmox_get_next_vmid"}) {
    auto r = call(tool);
    EXPECT_FALSE(r.is_error) << tool << ": " << r.text;
  }
  auto status = call("proxmox_get_node_status", {{"node", "pve2"}});
  EXPECT_FALSE(status.is_error) << status.text;
}

// A Proxmox without /cluster/resources (or a proxy that blocks it) answers 501; the real client
// behind this shim then serves the per-node fallback, in parallel, against the simulator.
class WithoutClusterResources : public pve::Api {
 public:
  explicit WithoutClusterResources(pve::Api& inner) : inner_(inner) {}
  json get(const std::string& path, const pve::Params& params) override {
    if (path == "/cluster/resources") {
      std::string what = "Method 'GET /cluster/resources' not implemented";
      throw pve::Error(pve::ErrorKind::kNotImplemented, 501, what, what);
    }
    return inner_.get(path, params);
  }
  json post(const std::string& p, const pve::Params& a) override { return inner_.post(p, a); }
  json put(const std::string& p, const pve::Params& a) override { return inner_.put(p, a); }
  json del(const std::string& p, const pve::Params& a) override { return inner_.del(p, a); }

 private:
  pve::Api& inner_;
};

std::vector<Request> sorted(std::vector<Request> r) {
  std::sort(r.begin(), r.end());
  return r;
}

TEST_F(Inventory, GetVmsFallsBackToParallelNodeLists) {
  WithoutClusterResources api(*client_);
  std::vector<mcp::Tool> fallback_tools = tools::make_tools(api, policy_);
  tools_.swap(fallback_tools);
  auto r = call("proxmox_get_vms");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(sorted(requests()), (std::vector<Request>{{"GET", "/nodes", {}},
                                                      {"GET", "/nodes/pve1/lxc", {}},
                                                      {"GET", "/nodes/pve1/qemu", {}},
                                                      {"GET", "/nodes/pve2/lxc", {}},
                                                      {"GET", "/nodes/pve2/qemu", {}}}));
  std::vector<int> ids;
  for (const auto& vm : r.structured["vms"]) ids.push_back(vm["vmid"].get<int>());
  EXPECT_EQ(ids, (std::vector<int>{100, 101, 102, 103, 104, 105, 9000}));
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: its guests are not listed"}));
  EXPECT_TRUE(contains(r.text, "🔴 📦 **pihole** (ID: 103)\n   • Node: pve2\n")) << r.text;

  clear();
  auto offline = call("proxmox_get_vms", {{"node", "pve3"}});
  ASSERT_FALSE(offline.is_error) << offline.text;
  EXPECT_EQ(sorted(requests()), (std::vector<Request>{{"GET", "/nodes/pve3/lxc", {}},
                                                      {"GET", "/nodes/pve3/qemu", {}}}));
  EXPECT_EQ(statuses(), (std::vector<int>{595, 595}));
  EXPECT_EQ(offline.structured["total"], 0);
  EXPECT_EQ(offline.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: its guests are not listed"}));
  tools_.swap(fallback_tools);
}

TEST_F(Inventory, GetStorageFallsBackToParallelNodeLists) {
  WithoutClusterResources api(*client_);
  std::vector<mcp::Tool> fallback_tools = tools::make_tools(api, policy_);
  tools_.swap(fallback_tools);
  auto r = call("proxmox_get_storage");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(sorted(requests()), (std::vector<Request>{{"GET", "/nodes", {}},
                                                      {"GET", "/nodes/pve1/storage", {}},
                                                      {"GET", "/nodes/pve2/storage", {}}}));
  std::vector<std::string> rows;
  for (const auto& s : r.structured["storages"]) {
    std::string nodes;
    for (const auto& n : s["nodes"]) nodes += (nodes.empty() ? "" : ",") + n.get<std::string>();
    rows.push_back(s["storage"].get<std::string>() + "@" + nodes);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{"backup-nfs@pve1,pve2", "local@pve1", "local@pve2",
                                      "local-lvm@pve1", "local-lvm@pve2", "pbs-main@pve1,pve2"}));
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: its storages are not listed"}));
  tools_.swap(fallback_tools);
}

class Standalone : public SimTest {
 protected:
  Standalone() : SimTest("standalone") {}
};

TEST_F(Standalone, ClusterStatusHasNoFalseQuorumAlarm) {
  auto r = call("proxmox_get_cluster_status");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text,
                       "🏗️  **Proxmox Cluster Status**\n\n"
                       "**Cluster**: Standalone node (no cluster configured)\n"
                       "**Cluster Health**: 🟢 Healthy\n"
                       "**Nodes**: 1/1 online\n"))
      << r.text;
  EXPECT_FALSE(contains(r.text, "Quorum")) << r.text;
  EXPECT_EQ(r.structured["standalone"], true);
  EXPECT_FALSE(r.structured.contains("quorate"));
}

}  // namespace
}  // namespace integration
