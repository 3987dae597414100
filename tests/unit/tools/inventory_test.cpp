// The inventory tools: the guest list, storages, templates and ISO images.
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
