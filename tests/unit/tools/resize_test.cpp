// proxmox_resize_vm / _lxc over the scripted Api: config writes, ranges, what is held back.
#include <gtest/gtest.h>

#include "lifecycle_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

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

}  // namespace
}  // namespace tools::testing
