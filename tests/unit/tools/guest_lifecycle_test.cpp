// Clone, resize and delete tools over the scripted Api: exact requests, refusals, reports.
#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

std::string upid(const std::string& node, const std::string& type, int vmid) {
  return "UPID:" + node + ":0003A1F2:0B3C4D5E:66F1E2A0:" + type + ":" + std::to_string(vmid) +
         ":root@pam!mcp:";
}
std::string status_path(const std::string& u, const std::string& node = "pve1") {
  return pve::path({"nodes", node, "tasks", u, "status"});
}
json stopped(const std::string& u, const std::string& exitstatus) {
  return {{"upid", u}, {"node", "pve1"}, {"status", "stopped"}, {"exitstatus", exitstatus}};
}
pve::Error server_error(const std::string& message) {
  return pve::Error(pve::ErrorKind::kServer, 500, message, message);
}

class Lifecycle : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

// ---- delete ----

TEST_F(Lifecycle, DeleteStoppedVmFollowsTheTask) {
  const std::string u = upid("pve1", "qmdestroy", 102);
  h.api.on_get("/nodes/pve1/qemu/102/config", json{{"name", "win11"}, {"digest", "d1"}});
  h.api.on_get("/nodes/pve1/qemu/102/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/qemu/102", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", "102"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/102/config", {}},
                                              {"GET", "/nodes/pve1/qemu/102/status/current", {}},
                                              {"DELETE", "/nodes/pve1/qemu/102", {}},
                                              {"GET", status_path(u), {}}}));
  EXPECT_EQ(
      r.text,
      "🗑️  **VM Deleted**\n\n• **VM ID**: 102\n• **Type**: QEMU\n• **Node**: pve1\n"
      "• **Name**: win11\n• **Task ID**: " +
          u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["vmid"], 102);
  EXPECT_EQ(r.structured["name"], "win11");
  EXPECT_EQ(r.structured["purge"], false);
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_FALSE(r.structured.contains("force"));
}

TEST_F(Lifecycle, DeleteSendsPurgeAndUnreferencedDisks) {
  const std::string u = upid("pve1", "vzdestroy", 103);
  h.api.on_get("/nodes/pve1/lxc/103/config", json{{"hostname", "pihole"}});
  h.api.on_get("/nodes/pve1/lxc/103/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/lxc/103", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call(
      "proxmox_delete_lxc",
      {{"node", "pve1"}, {"vmid", 103}, {"purge", true}, {"destroy_unreferenced_disks", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[2], (Call{"DELETE",
                                    "/nodes/pve1/lxc/103",
                                    {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}}}));
  EXPECT_EQ(
      r.text.substr(0, r.text.find("• **Task ID**")),
      "🗑️  **Container Deleted**\n\n• **VM ID**: 103\n• **Type**: LXC\n• **Node**: "
      "pve1\n"
      "• **Name**: pihole\n• **Purge**: removed from backup, replication and HA jobs\n"
      "• **Unreferenced Disks**: destroyed too (every volume of this ID on the node's "
      "storages)\n");
  EXPECT_EQ(r.structured["purge"], true);
  EXPECT_EQ(r.structured["destroy_unreferenced_disks"], true);
  EXPECT_EQ(r.structured["force"], false);
}

TEST_F(Lifecycle, DeleteRefusesAProtectedGuestBeforeAnyChange) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}, {"protection", 1}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}, {"purge", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is protected (protection=1): refusing to delete it. Remove protection in "
            "Proxmox first if this is intended (Options → Protection, or `qm set 100 "
            "--protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
}

TEST_F(Lifecycle, DeleteExplainsThatARunningVmMustBeStopped) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on_get("/nodes/pve1/qemu/100/status/current", json{{"status", "running"}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 100}, {"force", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is running: Proxmox destroys only stopped guests. Stop it first "
            "(proxmox_shutdown_vm for a clean shutdown, proxmox_stop_vm to stop it at once), "
            "then delete it.");
  EXPECT_EQ(h.api.calls().size(), 2u) << "no DELETE";
}

TEST_F(Lifecycle, DeleteRunningContainerOffersForce) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on_get("/nodes/pve1/lxc/101/status/current", json{{"status", "running"}});
  auto refused = h.call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text,
            "CT 101 is running: Proxmox destroys only stopped guests. Stop it first "
            "(proxmox_shutdown_lxc for a clean shutdown, proxmox_stop_lxc to stop it at once), "
            "then delete it, or call again with force=true to let Proxmox stop it first.");
  EXPECT_EQ(h.api.calls().size(), 2u);

  const std::string u = upid("pve1", "vzdestroy", 101);
  h.api.on("DELETE", "/nodes/pve1/lxc/101", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_delete_lxc", {{"node", "pve1"}, {"vmid", 101}, {"force", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[4], (Call{"DELETE", "/nodes/pve1/lxc/101", {{"force", "1"}}}));
  EXPECT_TRUE(r.text.find("• **Force**: stopped first if it was running\n") != std::string::npos)
      << r.text;
  EXPECT_EQ(r.structured["force"], true);
}

TEST_F(Lifecycle, DeleteTaskFailureIsAnErrorWithTheLog) {
  const std::string u = upid("pve1", "qmdestroy", 104);
  h.api.on_get("/nodes/pve1/qemu/104/config", json{{"name", "db"}, {"lock", "backup"}});
  h.api.on_get("/nodes/pve1/qemu/104/status/current", json{{"status", "stopped"}});
  h.api.on("DELETE", "/nodes/pve1/qemu/104", u);
  h.api.on_get(status_path(u), stopped(u, "VM is locked (backup)"));
  h.api.on_get_envelope(
      pve::path({"nodes", "pve1", "tasks", u, "log"}),
      json{{"data", json::array({{{"n", 1}, {"t", "TASK ERROR: VM is locked (backup)"}}})},
           {"total", 1}});
  auto r = h.call("proxmox_delete_vm", {{"node", "pve1"}, {"vmid", 104}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "❌ **VM Deletion Failed**");
  EXPECT_TRUE(r.text.find("• **Result**: ❌ VM is locked (backup)\n") != std::string::npos)
      << r.text;
  EXPECT_TRUE(r.text.find("TASK ERROR: VM is locked (backup)") != std::string::npos) << r.text;
}

TEST_F(Lifecycle, DeleteSchemaAndAnnotations) {
  EXPECT_FALSE(h.tool("proxmox_delete_vm").input_schema["properties"].contains("force"));
  EXPECT_TRUE(h.tool("proxmox_delete_lxc").input_schema["properties"].contains("force"));
  for (const char* name : {"proxmox_delete_vm", "proxmox_delete_lxc"}) {
    const auto& a = h.tool(name).annotations;
    EXPECT_TRUE(a.destructive) << name;
    EXPECT_FALSE(a.idempotent) << name;
    EXPECT_FALSE(a.read_only) << name;
  }
  EXPECT_FALSE(h.tool("proxmox_clone_vm").annotations.destructive);
  EXPECT_FALSE(h.tool("proxmox_resize_lxc").annotations.destructive);
  EXPECT_TRUE(h.tool("proxmox_resize_lxc").annotations.idempotent);
}

TEST(LifecycleGate, BasicModeRefusesWithoutContactingProxmox) {
  Harness h;
  for (const char* name : {"proxmox_delete_vm", "proxmox_delete_lxc", "proxmox_clone_vm",
                           "proxmox_clone_lxc", "proxmox_resize_vm", "proxmox_resize_lxc"}) {
    EXPECT_FALSE(h.tool(name).listed) << name;
    auto r = h.call(name, {{"node", "pve1"}, {"vmid", 100}, {"cores", 2}});
    EXPECT_TRUE(r.is_error) << name;
    EXPECT_EQ(r.text.rfind(std::string(name) + " requires elevated mode", 0), 0u) << r.text;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

// ---- resize ----

TEST_F(Lifecycle, ResizeVmPostsTheConfigWithItsDigestAndFollowsTheTask) {
  const std::string u = upid("pve1", "qmconfig", 100);
  h.api.on_get("/nodes/pve1/qemu/100/config",
               json{{"cores", 2}, {"memory", "current=4096"}, {"digest", "abc123"}});
  h.api.on_get("/nodes/pve1/qemu/100/pending",
               pending_answer(json{{"cores", 4}, {"memory", "8192"}, {"digest", "def456"}}));
  h.api.on("POST", "/nodes/pve1/qemu/100/config", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_resize_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"cores", 4}, {"memory", "8192"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}},
                               {"POST",
                                "/nodes/pve1/qemu/100/config",
                                {{"cores", "4"}, {"memory", "8192"}, {"digest", "abc123"}}},
                               {"GET", status_path(u), {}},
                               {"GET", "/nodes/pve1/qemu/100/pending", {}}}));
  EXPECT_EQ(
      r.text,
      "⚙️  **Resize Complete**\n\n• **VM ID**: 100\n• **Type**: QEMU\n• **Node**: pve1\n"
      "• **New Cores**: 4 (was 2)\n• **New Memory**: 8192 MB (was 4096 MB)\n"
      "• **Task ID**: " +
          u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["cores"], 4);
  EXPECT_EQ(r.structured["previous_cores"], 2);
  EXPECT_EQ(r.structured["memory"], 8192);
  EXPECT_EQ(r.structured["previous_memory"], 4096);
  EXPECT_EQ(r.structured["pending"], false);
}

TEST_F(Lifecycle, ResizeContainerPutsSynchronouslyAndSaysThereIsNoTask) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"memory", 512}, {"digest", "c0ffee"}});
  h.api.on_get("/nodes/pve1/lxc/101/pending",
               pending_answer(json{{"memory", 1024}, {"digest", "beef"}}));
  h.api.on("PUT", "/nodes/pve1/lxc/101/config", json());
  auto r = h.call("proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"memory", 1024}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"GET", "/nodes/pve1/lxc/101/config", {}},
                {"PUT", "/nodes/pve1/lxc/101/config", {{"memory", "1024"}, {"digest", "c0ffee"}}},
                {"GET", "/nodes/pve1/lxc/101/pending", {}}}));
  // No "Task ID: N/A" (the reference's output): a synchronous change says so.
  EXPECT_EQ(
      r.text,
      "⚙️  **Resize Complete**\n\n• **VM ID**: 101\n• **Type**: LXC\n• **Node**: pve1\n"
      "• **New Memory**: 1024 MB (was 512 MB)\n"
      "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_FALSE(r.structured.contains("cores"));
  EXPECT_FALSE(r.structured.contains("upid"));
}

TEST_F(Lifecycle, ResizeOfARunningVmReportsWhatProxmoxHoldsBack) {
  // Without cpu hotplug a running VM keeps its cores until the next start; the memory change
  // (with memory hotplug on) applied live.
  const std::string u = upid("pve1", "qmconfig", 100);
  auto resize = [&u](Harness& on, const json& args) {
    on.api.on_get("/nodes/pve1/qemu/100/config",
                  json{{"cores", 4}, {"memory", "4096"}, {"digest", "c0ffee"}});
    on.api.on_get("/nodes/pve1/qemu/100/pending",
                  pending_answer(json{{"cores", 4}, {"memory", "8192"}}, json{{"cores", 2}}));
    on.api.on("POST", "/nodes/pve1/qemu/100/config", u);
    on.api.on_get(status_path(u), stopped(u, "OK"));
    json call = {{"node", "pve1"}, {"vmid", 100}};
    call.update(args);
    return on.call("proxmox_resize_vm", call);
  };
  auto cores = resize(h, {{"cores", 2}});
  ASSERT_FALSE(cores.is_error) << cores.text;
  EXPECT_EQ(cores.structured["pending"], true);
  EXPECT_TRUE(cores.text.starts_with("⏳ **Resize Pending**\n\n")) << cores.text;
  EXPECT_TRUE(Contains(cores.text,
                       "• **New Cores**: 2 (was 4)\n• **Pending**: ⏳ Proxmox holds this change "
                       "until the VM next starts (proxmox_reboot_vm applies it now; a reboot "
                       "from inside the guest does not)\n"))
      << cores.text;

  Harness live{policy::Settings{policy::Mode::elevated, false}};
  auto memory = resize(live, {{"memory", 8192}});
  ASSERT_FALSE(memory.is_error) << memory.text;
  EXPECT_EQ(memory.structured["pending"], false);
}

TEST_F(Lifecycle, ResizeRangesAreCheckedBeforeProxmoxIsAsked) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"cores", 0}}, "Invalid argument 'cores': must be an integer between 1 and 8192"},
      {{{"cores", 8193}}, "Invalid argument 'cores': must be an integer between 1 and 8192"},
      // Not an integer at all: the MCP layer refuses it first ("'cores' must be an integer"),
      // and the server's own reading says the same.
      {{{"cores", "2abc"}}, "Invalid argument 'cores': must be an integer"},
      {{{"cores", 1.5}}, "Invalid argument 'cores': must be an integer"},
      {{{"memory", 15}}, "Invalid argument 'memory': must be an integer between 16 and 4194304"},
      {{{"memory", -512}}, "Invalid argument 'memory': must be an integer between 16 and 4194304"},
      {{{"memory", "1G"}}, "Invalid argument 'memory': must be an integer"},
      {json::object(), "Invalid arguments: give cores, memory (MB) or both"},
  };
  for (const auto& [extra, error] : cases) {
    SCOPED_TRACE(extra.dump());
    json args = {{"node", "pve1"}, {"vmid", 100}};
    args.update(extra);
    for (const char* name : {"proxmox_resize_vm", "proxmox_resize_lxc"}) {
      auto r = h.call(name, args);
      EXPECT_TRUE(r.is_error);
      EXPECT_EQ(r.text, error);
    }
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(Lifecycle, ResizeVmRefusesMemoryBelowTheBalloon) {
  h.api.on_get("/nodes/pve1/qemu/100/config",
               json{{"memory", "4096"}, {"balloon", 2048}, {"digest", "abc"}});
  auto r = h.call("proxmox_resize_vm", {{"node", "pve1"}, {"vmid", 100}, {"memory", 1024}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'memory': VM 100 has a balloon minimum of 2048 MB, more than the "
            "1024 MB asked for; Proxmox refuses memory below the balloon value (lower `balloon` "
            "first, or ask for at least 2048 MB)");
  EXPECT_EQ(h.api.calls().size(), 1u);
}

TEST_F(Lifecycle, ResizeConcurrentChangeIsReported) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"cores", 4}, {"digest", "old"}});
  h.api.on("PUT", "/nodes/pve1/lxc/101/config",
           server_error("detected modified configuration - file changed by other user? Try "
                        "again."));
  auto r = h.call("proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"cores", 2}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "detected modified configuration - file changed by other user? Try again.");
  EXPECT_EQ(h.api.calls()[1],
            (Call{"PUT", "/nodes/pve1/lxc/101/config", {{"cores", "2"}, {"digest", "old"}}}));
}

// ---- clone ----

TEST_F(Lifecycle, CloneVmTakesTheNextFreeIdAndTheReferenceName) {
  const std::string u = upid("pve1", "qmclone", 100);
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on_get("/cluster/nextid", "106");
  h.api.on("POST", "/nodes/pve1/qemu/100/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  // `full` is left to Proxmox: a normal VM is always copied in full.
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{
                {"GET", "/nodes/pve1/qemu/100/config", {}},
                {"GET", "/cluster/nextid", {}},
                {"POST", "/nodes/pve1/qemu/100/clone", {{"newid", "106"}, {"name", "clone-106"}}},
                {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "📋 **VM Cloned**\n\n• **Source ID**: 100\n• **New ID**: 106\n"
            "• **Name**: clone-106\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Clone Type**: full\n• **Task ID**: " +
                u +
                "\n• **Result**: ✅ OK\n\n**Tip**: Use `proxmox_start_vm` with node pve1 and "
                "vmid 106 to start the clone.\n");
  EXPECT_EQ(r.structured["newid"], 106);
  EXPECT_EQ(r.structured["full"], true);
  EXPECT_EQ(r.structured["vmid"], 100);
}

TEST_F(Lifecycle, CloneContainerTemplateLinkedToAnotherNode) {
  const std::string u = upid("pve1", "vzclone", 9001);
  h.api.on_get("/nodes/pve1/lxc/9001/config", json{{"hostname", "tmpl"}, {"template", 1}});
  h.api.on("POST", "/nodes/pve1/lxc/9001/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_lxc", {{"node", "pve1"},
                                        {"vmid", 9001},
                                        {"newid", "200"},
                                        {"hostname", "web2.lan"},
                                        {"target", "pve2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"POST",
                  "/nodes/pve1/lxc/9001/clone",
                  {{"newid", "200"}, {"hostname", "web2.lan"}, {"target", "pve2"}}}));
  EXPECT_EQ(r.text.substr(0, r.text.find("• **Task ID**")),
            "📋 **Container Cloned**\n\n• **Source ID**: 9001\n• **New ID**: 200\n"
            "• **Hostname**: web2.lan\n• **Type**: LXC\n• **Node**: pve1\n"
            "• **Target Node**: pve2\n• **Clone Type**: linked\n");
  EXPECT_EQ(r.structured["full"], false);
  EXPECT_EQ(r.structured["target"], "pve2");
  EXPECT_TRUE(r.text.find("with node pve2 and vmid 200") != std::string::npos) << r.text;
}

TEST_F(Lifecycle, CloneContainerNameIsItsHostname) {
  const std::string u = upid("pve1", "vzclone", 101);
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on("POST", "/nodes/pve1/lxc/101/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_lxc",
                  {{"node", "pve1"}, {"vmid", 101}, {"newid", 201}, {"name", "docker2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"POST", "/nodes/pve1/lxc/101/clone", {{"newid", "201"}, {"hostname", "docker2"}}}));
}

TEST_F(Lifecycle, CloneFromASnapshot) {
  const std::string u = upid("pve1", "vzclone", 101);
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on("POST", "/nodes/pve1/lxc/101/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_lxc", {{"node", "pve1"},
                                        {"vmid", 101},
                                        {"newid", 202},
                                        {"snapname", "clean-install"},
                                        {"description", "copy"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"POST",
                                    "/nodes/pve1/lxc/101/clone",
                                    {{"newid", "202"},
                                     {"hostname", "clone-202"},
                                     {"snapname", "clean-install"},
                                     {"description", "copy"}}}));
  EXPECT_TRUE(r.text.find("• **Clone Type**: full\n• **From Snapshot**: clean-install\n") !=
              std::string::npos)
      << r.text;
  EXPECT_EQ(r.structured["snapname"], "clean-install");
  auto bad = h.call("proxmox_clone_lxc",
                    {{"node", "pve1"}, {"vmid", 101}, {"newid", 202}, {"snapname", "1st"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.text.rfind("Invalid argument 'snapname': must start with a letter", 0), 0u)
      << bad.text;
  EXPECT_EQ(h.api.calls().size(), 3u);
}

TEST_F(Lifecycle, CloneFullOntoAStorage) {
  const std::string u = upid("pve1", "qmclone", 9000);
  h.api.on_get("/nodes/pve1/qemu/9000/config", json{{"name", "golden"}, {"template", 1}});
  h.api.on("POST", "/nodes/pve1/qemu/9000/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_vm", {{"node", "pve1"},
                                       {"vmid", 9000},
                                       {"newid", 300},
                                       {"name", "app"},
                                       {"full", true},
                                       {"storage", "local-lvm"},
                                       {"description", "from golden"},
                                       {"pool", "prod/web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"POST",
                                    "/nodes/pve1/qemu/9000/clone",
                                    {{"newid", "300"},
                                     {"name", "app"},
                                     {"full", "1"},
                                     {"storage", "local-lvm"},
                                     {"description", "from golden"},
                                     {"pool", "prod/web"}}}));
  EXPECT_TRUE(Contains(r.text, "• **Clone Type**: full\n• **Storage**: local-lvm\n"));
  EXPECT_TRUE(Contains(r.text, "• **Pool**: prod/web\n"));
  EXPECT_EQ(r.structured["pool"], "prod/web");
}

TEST_F(Lifecycle, ClonePoolMustBeAPoolId) {
  for (const char* bad : {"prod,web", "a/b/c/d", "/prod", "prod/", "pr od", ""}) {
    auto r = h.call("proxmox_clone_vm",
                    {{"node", "pve1"}, {"vmid", 9000}, {"newid", 300}, {"pool", bad}});
    EXPECT_TRUE(r.is_error) << bad;
    EXPECT_EQ(r.text,
              "Invalid argument 'pool': must be a pool ID (letters, digits, '-', '_' or '.'; "
              "nested pools as parent/child, at most 3 levels)")
        << bad;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(Lifecycle, CloneWithAStorageAsksForAFullCopyOfATemplate) {
  const std::string u = upid("pve1", "qmclone", 9000);
  h.api.on_get("/nodes/pve1/qemu/9000/config", json{{"name", "golden"}, {"template", 1}});
  h.api.on("POST", "/nodes/pve1/qemu/9000/clone", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_clone_vm",
                  {{"node", "pve1"}, {"vmid", 9000}, {"newid", 300}, {"storage", "fast"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"POST",
                  "/nodes/pve1/qemu/9000/clone",
                  {{"newid", "300"}, {"name", "clone-300"}, {"full", "1"}, {"storage", "fast"}}}));
  EXPECT_EQ(r.structured["full"], true);
}

TEST_F(Lifecycle, LinkedCloneNeedsATemplate) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  auto r = h.call("proxmox_clone_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"newid", 300}, {"full", false}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'full': a linked clone needs a template, and VM 100 is not one; "
            "use full=true (Proxmox's default for a normal VM) or convert it to a template "
            "first");
  h.api.on_get("/nodes/pve1/qemu/9000/config", json{{"template", 1}});
  auto s = h.call(
      "proxmox_clone_vm",
      {{"node", "pve1"}, {"vmid", 9000}, {"newid", 300}, {"full", false}, {"storage", "fast"}});
  EXPECT_TRUE(s.is_error);
  EXPECT_EQ(s.text,
            "Invalid argument 'storage': only a full clone can be placed on another storage; a "
            "linked clone stays on its template's storage");
  for (const auto& call : h.api.calls()) EXPECT_EQ(call.method, "GET");
}

TEST_F(Lifecycle, CloneArgumentsProxmoxWouldRejectNeverReachIt) {
  const std::string dns =
      "must be a DNS name (letters, digits and inner hyphens, dot-separated labels of at most 63 "
      "characters)";
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"newid", 300}, {"name", "bad_name"}}, "Invalid argument 'name': " + dns},
      {{{"newid", 300}, {"name", "a..b"}}, "Invalid argument 'name': " + dns},
      {{{"newid", 300}, {"name", "-web"}}, "Invalid argument 'name': " + dns},
      {{{"newid", 300}, {"name", "web,foo=1"}}, "Invalid argument 'name': " + dns},
      {{{"newid", 300}, {"name", std::string(64, 'a')}}, "Invalid argument 'name': " + dns},
      {{{"newid", 100}}, "Invalid argument 'newid': must differ from the source's ID 100"},
      {{{"newid", 99}},
       "Invalid argument 'newid': must be a VM ID between 100 and 999999999 (an integer or a "
       "numeric string)"},
      {{{"target", "pve_2"}},
       "Invalid argument 'target': must be a node name (letters, digits and inner hyphens, at "
       "most 63 characters)"},
      {{{"storage", "local,x=1"}},
       "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, '-', "
       "'_' or '.')"},
  };
  for (const auto& [extra, error] : cases) {
    SCOPED_TRACE(extra.dump());
    json args = {{"node", "pve1"}, {"vmid", 100}};
    args.update(extra);
    auto r = h.call("proxmox_clone_vm", args);
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text, error);
  }
  auto r = h.call("proxmox_clone_lxc",
                  {{"node", "pve1"}, {"vmid", 101}, {"newid", 300}, {"hostname", "x y"}});
  EXPECT_EQ(r.text, "Invalid argument 'hostname': " + dns);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(Lifecycle, CloneOntoATakenIdReportsProxmoxsRefusal) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on("POST", "/nodes/pve1/qemu/100/clone",
           server_error("VM 101 already exists on node 'pve1'"));
  auto r = h.call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 100}, {"newid", 101}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 101 already exists on node 'pve1'");
}

}  // namespace
}  // namespace tools::testing
