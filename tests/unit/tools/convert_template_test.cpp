// proxmox_convert_to_template over the scripted Api: the guest's type from the argument or the
// cluster's list, a running guest refused before anything is sent, a container's null answer
// followed through its vztemplate task.
#include <gtest/gtest.h>

#include "lifecycle_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

const json kTemplatePending =
    json::array({{{"key", "template"}, {"value", 1}}, {{"key", "name"}, {"value", "win11"}}});

TEST_F(Lifecycle, ConvertVmFollowsItsTaskAndReadsTheTemplateFlag) {
  const std::string u = upid("pve2", "qmtemplate", 102);
  h.api.on_get("/nodes/pve2/qemu/102/config", json{{"name", "win11"}});
  h.api.on_get("/nodes/pve2/qemu/102/status/current", json{{"status", "stopped"}});
  h.api.on("POST", "/nodes/pve2/qemu/102/template", u);
  h.api.on_get(status_path(u, "pve2"), stopped(u, "OK"));
  h.api.on_get("/nodes/pve2/qemu/102/pending", kTemplatePending);
  auto r =
      h.call("proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 102}, {"type", "qemu"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve2/qemu/102/config", {}},
                                              {"GET", "/nodes/pve2/qemu/102/status/current", {}},
                                              {"POST", "/nodes/pve2/qemu/102/template", {}},
                                              {"GET", status_path(u, "pve2"), {}},
                                              {"GET", "/nodes/pve2/qemu/102/pending", {}}}));
  const std::string facts =
      "• **VM ID**: 102\n• **Type**: QEMU\n• **Node**: pve2\n• **Task ID**: " + u;
  const std::string tip =
      "**Tip**: Use `proxmox_clone_vm` with vmid 102 to make linked clones of it.";
  EXPECT_EQ(r.text, "🧬 **Converted to Template**\n\n" + facts +
                        "\n• **Result**: ✅ OK\n• **Template**: yes\n\n" + tip + "\n");
  EXPECT_EQ(r.structured["template"], true);
  EXPECT_EQ(r.structured["type"], "qemu");
}

// Without `type` the cluster's resource list says what the guest is; a container's template
// endpoint answers null and its vztemplate task is found in the node's task list.
TEST_F(Lifecycle, ConvertFindsAContainerAndFollowsItsWorker) {
  const std::string u = upid("pve2", "vztemplate", 103);
  h.api.on_get("/cluster/resources",
               json::array({{{"vmid", 102}, {"type", "qemu"}}, {{"vmid", 103}, {"type", "lxc"}}}));
  h.api.on_get("/nodes/pve2/lxc/103/config", json{{"hostname", "ct103"}});
  h.api.on_get("/nodes/pve2/lxc/103/status/current", json{{"status", "stopped"}});
  h.api.on("POST", "/nodes/pve2/lxc/103/template", json());
  h.api.on_get("/nodes/pve2/tasks", json::array({{{"upid", u}}}));
  h.api.on_get(status_path(u, "pve2"), stopped(u, "OK"));
  h.api.on_get("/nodes/pve2/lxc/103/pending", kTemplatePending);
  auto r = h.call("proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 103}});
  ASSERT_FALSE(r.is_error) << r.text;
  const std::vector<Call> calls = h.api.calls();
  ASSERT_EQ(calls.size(), 7u);
  EXPECT_EQ(calls[0], (Call{"GET", "/cluster/resources", {{"type", "vm"}}}));
  EXPECT_EQ(calls[1], (Call{"GET", "/nodes/pve2/lxc/103/config", {}}));
  EXPECT_EQ(calls[3], (Call{"POST", "/nodes/pve2/lxc/103/template", {}}));
  EXPECT_EQ(
      calls[4],
      (Call{"GET",
            "/nodes/pve2/tasks",
            {{"vmid", "103"}, {"typefilter", "vztemplate"}, {"source", "all"}, {"limit", "1"}}}));
  EXPECT_EQ(r.structured["type"], "lxc");
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_TRUE(Contains(r.text, "Use `proxmox_clone_lxc` with vmid 103"));
}

TEST_F(Lifecycle, ConvertRefusesARunningGuestBeforeSending) {
  h.api.on_get("/nodes/pve1/qemu/104/config", json{{"name", "db"}});
  h.api.on_get("/nodes/pve1/qemu/104/status/current", json{{"status", "running"}});
  auto r =
      h.call("proxmox_convert_to_template", {{"node", "pve1"}, {"vmid", 104}, {"type", "qemu"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 104 is running; stop it first (Proxmox converts only a stopped VM)");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/104/config", {}},
                                              {"GET", "/nodes/pve1/qemu/104/status/current", {}}}));
}

// A template cannot be turned back into a guest: protection=1 spares it like a deletion.
TEST_F(Lifecycle, ConvertRefusesAProtectedGuestBeforeSending) {
  h.api.on_get("/nodes/pve1/lxc/105/config", json{{"hostname", "vault"}, {"protection", 1}});
  auto r =
      h.call("proxmox_convert_to_template", {{"node", "pve1"}, {"vmid", 105}, {"type", "lxc"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "CT 105 is protected (protection=1): refusing to convert it to a template. Remove "
            "protection in Proxmox first if this is intended (Options → Protection, or `pct set "
            "105 --protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/lxc/105/config", {}}}));
}

TEST_F(Lifecycle, ConvertOfAnUnknownGuestSaysSo) {
  h.api.on_get("/cluster/resources", json::array({{{"vmid", 102}, {"type", "qemu"}}}));
  auto r = h.call("proxmox_convert_to_template", {{"node", "pve1"}, {"vmid", 555}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'vmid': no VM or container 555 in the cluster");
  EXPECT_EQ(h.api.calls().size(), 1u);
}

}  // namespace
}  // namespace tools::testing
