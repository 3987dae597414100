// proxmox_clone_vm / _lxc over the scripted Api: ids, names, linked and full copies.
#include <gtest/gtest.h>

#include "lifecycle_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

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
