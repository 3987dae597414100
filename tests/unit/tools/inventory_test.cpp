#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const Call kResourcesVm{"GET", "/cluster/resources", {{"type", "vm"}}};

json three_guests() {
  return json::parse(R"([
    {"id":"lxc/100","type":"lxc","vmid":100,"name":"docker","node":"pve2","status":"running",
     "uptime":20400,"cpu":0.008,"maxcpu":4,"mem":8010044416,"maxmem":50337349632},
    {"id":"qemu/101","type":"qemu","vmid":"101","name":"web","node":"pve1","status":"stopped",
     "maxmem":2147483648},
    {"id":"qemu/102","type":"qemu","vmid":102,"name":"db","node":"pve3","status":"unknown"}
  ])");
}

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

TEST(GetVms, OneClusterResourcesRequestSortedByVmid) {
  Harness h;
  h.api.on_get("/cluster/resources", three_guests());
  auto r = h.call("proxmox_get_vms", json());  // a call without arguments works
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), std::vector<Call>{kResourcesVm});
  EXPECT_EQ(r.text,
            "💻 **Virtual Machines**\n\n"
            "⚠️ Node pve3 is offline: the status of its guests is unknown\n\n"
            "🟢 📦 **docker** (ID: 100)\n"
            "   • Node: pve2\n"
            "   • Status: running\n"
            "   • Type: LXC\n"
            "   • Uptime: 5h 40m\n"
            "   • CPU: 0.8%\n"
            "   • Memory: 7.46 GiB / 46.88 GiB (15.9%)\n"
            "\n"
            "🔴 🖥️ **web** (ID: 101)\n"
            "   • Node: pve1\n"
            "   • Status: stopped\n"
            "   • Type: QEMU\n"
            "\n"
            "🟡 🖥️ **db** (ID: 102)\n"
            "   • Node: pve3\n"
            "   • Status: unknown\n"
            "   • Type: QEMU\n"
            "\n"
            "**Total**: 3 guest(s)\n");
  EXPECT_EQ(r.structured["count"], 3);
  EXPECT_EQ(r.structured["total"], 3);
  EXPECT_FALSE(r.structured.contains("next_cursor"));
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: the status of its guests is unknown"}));
  EXPECT_EQ(r.structured["vms"][0]["node"], "pve2");  // the container's own node
  EXPECT_EQ(r.structured["vms"][1]["vmid"], 101);     // a string vmid becomes a number
}

TEST(GetVms, FiltersByNodeAndType) {
  Harness h;
  h.api.on_get("/cluster/resources", three_guests());
  auto r = h.call("proxmox_get_vms", {{"type", "qemu"}, {"node", "pve1"}});
  EXPECT_EQ(r.structured["total"], 1);
  EXPECT_EQ(r.structured["vms"][0]["vmid"], 101);
  EXPECT_EQ(r.structured["warnings"], json::array());
  r = h.call("proxmox_get_vms", {{"type", "lxc"}});
  EXPECT_EQ(r.structured["total"], 1);
  EXPECT_EQ(r.structured["vms"][0]["type"], "lxc");
}

TEST(GetVms, LimitAndCursorPage) {
  Harness h;
  h.api.on_get("/cluster/resources", three_guests());
  auto first = h.call("proxmox_get_vms", {{"limit", 2}});
  EXPECT_EQ(first.structured["count"], 2);
  EXPECT_EQ(first.structured["total"], 3);
  EXPECT_EQ(first.structured["next_cursor"], "2");
  EXPECT_NE(first.text.find("**Showing**: 1–2 of 3 guest(s)\nMore: call again with cursor \"2\"\n"),
            std::string::npos);
  auto second = h.call("proxmox_get_vms", {{"limit", 2}, {"cursor", "2"}});
  EXPECT_EQ(second.structured["count"], 1);
  EXPECT_EQ(second.structured["vms"][0]["vmid"], 102);
  EXPECT_FALSE(second.structured.contains("next_cursor"));
  auto past = h.call("proxmox_get_vms", {{"cursor", "7"}});
  EXPECT_FALSE(past.is_error);
  EXPECT_EQ(past.structured["count"], 0);
  EXPECT_NE(past.text.find("**Showing**: none of 3 guest(s); the cursor is past the end"),
            std::string::npos)
      << past.text;
  auto bad = h.call("proxmox_get_vms", {{"cursor", "abc"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.text, "Invalid argument 'cursor': use the next_cursor value of a previous call");
}

TEST(GetVms, FallsBackToParallelPerNodeListsAndToleratesOfflineNodes) {
  Harness h;
  h.api.fail_get("/cluster/resources",
                 pve::Error(pve::ErrorKind::kPermission, 403, "Permission check failed",
                            "token lacks Sys.Audit on /"));
  h.api.on_get("/nodes", json::parse(R"([{"node":"pve1","status":"online"},
    {"node":"pve2","status":"online"},{"node":"pve3","status":"offline"}])"));
  h.api.on_get("/nodes/pve1/qemu",
               json::parse(R"([{"vmid":101,"name":"web","status":"stopped"}])"));
  h.api.on_get("/nodes/pve1/lxc", json::parse(R"([{"vmid":"105","name":"ct","status":"running",
    "type":"lxc"}])"));
  h.api.fail_get("/nodes/pve2/qemu", offline_error("pve2"));
  h.api.fail_get("/nodes/pve2/lxc", offline_error("pve2"));
  auto r = h.call("proxmox_get_vms");
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.sorted_calls(),
            (std::vector<Call>{{"GET", "/cluster/resources", {{"type", "vm"}}},
                               {"GET", "/nodes", {}},
                               {"GET", "/nodes/pve1/lxc", {}},
                               {"GET", "/nodes/pve1/qemu", {}},
                               {"GET", "/nodes/pve2/lxc", {}},
                               {"GET", "/nodes/pve2/qemu", {}}}));
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: its guests are not listed",
                  "⚠️ Node pve2 is offline: its guests are not listed"}));
  EXPECT_EQ(r.structured["total"], 2);
  EXPECT_EQ(r.structured["vms"][1], (json{{"vmid", 105},
                                          {"name", "ct"},
                                          {"node", "pve1"},
                                          {"type", "lxc"},
                                          {"status", "running"},
                                          {"template", false}}));
  EXPECT_NE(r.text.find("⚠️ Node pve2 is offline: its guests are not listed\n"),
            std::string::npos);
}

TEST(GetVms, FallbackAsksOnlyForTheTypeAndNodeWanted) {
  Harness h;
  h.api.fail_get("/cluster/resources", pve::Error(pve::ErrorKind::kNotImplemented, 501,
                                                  "not implemented", "not implemented"));
  h.api.on_get("/nodes/pve2/lxc", json::array());
  auto r = h.call("proxmox_get_vms", {{"node", "pve2"}, {"type", "lxc"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{kResourcesVm, {"GET", "/nodes/pve2/lxc", {}}}));
  EXPECT_EQ(r.text, "💻 **Virtual Machines**\n\nNo guests found.\n");
}

TEST(GetVms, AuthFailureIsNotRetriedPerNode) {
  Harness h;
  h.api.fail_get("/cluster/resources",
                 pve::Error(pve::ErrorKind::kAuth, 401, "authentication failure",
                            "Proxmox rejected the API token root@pam!mcpserver"));
  auto r = h.call("proxmox_get_vms");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Proxmox rejected the API token root@pam!mcpserver");
  EXPECT_EQ(h.api.calls().size(), 1u);
}

TEST(GetVms, BadArgumentsNeverReachProxmox) {
  Harness h;
  auto r = h.call("proxmox_get_vms", {{"type", "vm"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'type': must be one of: qemu, lxc, all");
  EXPECT_TRUE(h.api.calls().empty());
}

json storage_resources() {
  return json::parse(R"([
    {"id":"storage/pve1/local","type":"storage","storage":"local","node":"pve1",
     "plugintype":"dir","content":"iso,vztmpl,backup","status":"available","shared":0,
     "disk":21024022528,"maxdisk":100857085952},
    {"id":"storage/pve2/local","type":"storage","storage":"local","node":"pve2",
     "plugintype":"dir","content":"iso,vztmpl,backup","status":"available","shared":0,
     "disk":1073741824,"maxdisk":100857085952},
    {"id":"storage/pve3/nfs","type":"storage","storage":"nfs","node":"pve3",
     "plugintype":"nfs","content":"backup","status":"unknown","shared":1},
    {"id":"storage/pve1/nfs","type":"storage","storage":"nfs","node":"pve1",
     "plugintype":"nfs","content":"backup","status":"available","shared":1,
     "disk":91571773,"maxdisk":965566277222}
  ])");
}

TEST(GetStorage, SharedStorageListedOnceWithItsNodes) {
  Harness h;
  h.api.on_get("/cluster/resources", storage_resources());
  auto r = h.call("proxmox_get_storage");
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/cluster/resources", {{"type", "storage"}}}}));
  EXPECT_EQ(r.text,
            "💾 **Storage Pools**\n\n"
            "⚠️ Node pve3 is offline: the status of its storages is unknown\n\n"
            "🟢 **local**\n"
            "   • Node: pve1\n"
            "   • Type: dir\n"
            "   • Content: iso,vztmpl,backup\n"
            "   • Usage: 19.58 GiB / 93.93 GiB (20.8%)\n"
            "   • Status: available\n\n"
            "🟢 **local**\n"
            "   • Node: pve2\n"
            "   • Type: dir\n"
            "   • Content: iso,vztmpl,backup\n"
            "   • Usage: 1.00 GiB / 93.93 GiB (1.1%)\n"
            "   • Status: available\n\n"
            "🟢 **nfs**\n"
            "   • Nodes: pve1, pve3 (shared)\n"
            "   • Type: nfs\n"
            "   • Content: backup\n"
            "   • Usage: 87.33 MiB / 899.25 GiB (0.0%)\n"
            "   • Status: available\n\n"
            "**Total**: 3 storage(s)\n");
  EXPECT_EQ(r.structured["count"], 3);
  EXPECT_EQ(r.structured["storages"][2]["nodes"], (json{"pve1", "pve3"}));
  EXPECT_EQ(r.structured["storages"][2]["shared"], true);
}

TEST(GetStorage, NodeFilter) {
  Harness h;
  h.api.on_get("/cluster/resources", storage_resources());
  auto r = h.call("proxmox_get_storage", {{"node", "pve2"}});
  EXPECT_EQ(r.structured["count"], 1);
  EXPECT_EQ(r.structured["storages"][0]["nodes"], (json{"pve2"}));
  EXPECT_EQ(r.structured["warnings"], json::array());
}

TEST(GetStorage, FallbackPerNodeDedupesSharedAndWarnsOffline) {
  Harness h;
  h.api.fail_get("/cluster/resources",
                 pve::Error(pve::ErrorKind::kPermission, 403, "denied", "denied"));
  h.api.on_get("/nodes", json::parse(R"([{"node":"pve1","status":"online"},
    {"node":"pve2","status":"online"},{"node":"pve3","status":"unknown"}])"));
  json nfs = json::parse(R"({"storage":"nfs","type":"nfs","content":"backup","shared":1,
    "active":1,"enabled":1,"used":10,"total":100})");
  h.api.on_get("/nodes/pve1/storage", json::array({nfs}));
  h.api.on_get("/nodes/pve2/storage",
               json::array({nfs, json::parse(R"({"storage":"old","type":"dir",
                 "content":"images","shared":0,"active":0,"enabled":0})")}));
  h.api.fail_get("/nodes/pve3/storage", offline_error("pve3"));
  auto r = h.call("proxmox_get_storage");
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["count"], 2);
  EXPECT_EQ(r.structured["storages"][0]["storage"], "nfs");
  EXPECT_EQ(r.structured["storages"][0]["nodes"], (json{"pve1", "pve2"}));
  EXPECT_EQ(r.structured["storages"][1]["status"], "disabled");
  EXPECT_EQ(r.structured["warnings"],
            (json{"⚠️ Node pve3 is offline: its storages are not listed"}));
  EXPECT_EQ(h.api.calls().size(), 5u);
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

TEST(ListTemplates, ContainerTemplatesByDefault) {
  Harness h;
  h.api.on_get("/nodes/pve1/storage/local/content", json::parse(R"([
    {"volid":"local:vztmpl/ubuntu-22.04-standard_22.04-1_amd64.tar.zst","content":"vztmpl",
     "format":"tzst","size":149212365},
    {"volid":"local:vztmpl/debian-12-standard_12.2-1_amd64.tar.gz","content":"vztmpl",
     "format":"tgz","size":135790592}])"));
  auto r = h.call("proxmox_list_templates", {{"node", "pve1"}});
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/storage/local/content", {{"content", "vztmpl"}}}}));
  EXPECT_EQ(r.text,
            "📦 **Available LXC Templates**\n\n"
            "• **local:vztmpl/debian-12-standard_12.2-1_amd64.tar.gz**\n"
            "  Size: 129.50 MiB\n\n"
            "• **local:vztmpl/ubuntu-22.04-standard_22.04-1_amd64.tar.zst**\n"
            "  Size: 142.30 MiB\n\n"
            "**Total**: 2 template(s) on local (pve1)\n");
  EXPECT_EQ(r.structured["count"], 2);
  EXPECT_EQ(r.structured["content"], "vztmpl");
}

TEST(ListTemplates, IsoImagesOnAnotherStorage) {
  Harness h;
  h.api.on_get("/nodes/pve2/storage/nfs/content", json::parse(R"([
    {"volid":"nfs:iso/debian-12.iso","content":"iso","format":"iso","size":659554304}])"));
  auto r =
      h.call("proxmox_list_templates", {{"node", "pve2"}, {"storage", "nfs"}, {"content", "iso"}});
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve2/storage/nfs/content", {{"content", "iso"}}}}));
  EXPECT_EQ(r.text,
            "💿 **Available ISO Images**\n\n"
            "• **nfs:iso/debian-12.iso**\n"
            "  Size: 629.00 MiB\n\n"
            "**Total**: 1 ISO image(s) on nfs (pve2)\n");
}

TEST(ListTemplates, StorageIsValidated) {
  Harness h;
  auto r = h.call("proxmox_list_templates", {{"node", "pve1"}, {"storage", "local/../x"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(h.api.calls().empty());
}

}  // namespace
}  // namespace tools::testing
