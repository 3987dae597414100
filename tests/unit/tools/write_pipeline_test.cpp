// The write pipeline: the requests it sends, how it follows and reads back, how it renders.
#include "tools/write_pipeline.h"

#include <gtest/gtest.h>

#include "fake_api.h"
#include "pending_script.h"
#include "task_script.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

bool starts_with(const std::string& text, const std::string& start) {
  return text.rfind(start, 0) == 0;
}

const std::string kVm100Config = "/nodes/pve1/qemu/100/config";

// A POST to `path` answers task `u`, whose status then reads `status`.
void post_starts(FakeApi& api, const std::string& path, const std::string& u, const json& status) {
  api.on("POST", path, json(u));
  api.on_get(status_path(u), status);
}

WriteReport resize_report(const GuestTarget& guest) {
  WriteReport report{
      {"⚙️", "Resize Started", "Resize Complete", "Resize Failed", "Resize Pending"},
      guest_facts(guest),
      "\n**Tip**: done.\n"};
  report.facts.push_back(fact("New Memory", "4096 MB (was 2048 MB)", "memory", 4096));
  report.facts.push_back(field("previous_memory", 2048));
  return report;
}

TEST(WritePipeline, AVmConfigChangeRunsAsATaskWithTheDigestAndReportsWhatIsHeldBack) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  const std::string u = upid("qmconfig", 100);
  api.on("POST", kVm100Config, json(u));
  api.on_get(status_path(u), stopped(u));
  api.on_get("/nodes/pve1/qemu/100/pending",
             pending_answer({{"memory", "2048"}}, {{"memory", "4096"}}));

  const json config = {{"memory", "2048"}, {"digest", "abc"}};
  WriteRequest request = config_request(api, guest, {{"memory", "4096"}}, config, {"memory"});
  const tools::Call call{api, ctx, GuestType::kQemu};
  const WriteOutcome outcome = perform(call, request, FollowOptions{});
  EXPECT_TRUE(outcome.held_back);
  const mcp::ToolResult r = render(resize_report(guest), outcome);

  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(api.calls().front(),
            (testing::Call{"POST", kVm100Config, {{"memory", "4096"}, {"digest", "abc"}}}));
  EXPECT_TRUE(starts_with(r.text,
                          "⏳ **Resize Pending**\n\n• **VM ID**: 100\n• **Type**: QEMU\n"
                          "• **Node**: pve1\n• **New Memory**: 4096 MB (was 2048 MB)\n"
                          "• **Pending**: "))
      << r.text;
  EXPECT_TRUE(Contains(r.text, "**Tip**: done."));
  EXPECT_EQ(r.structured["vmid"], 100);
  EXPECT_EQ(r.structured["type"], "qemu");
  EXPECT_EQ(r.structured["memory"], 4096);
  EXPECT_EQ(r.structured["previous_memory"], 2048);
  EXPECT_EQ(r.structured["pending"], true);
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_EQ(r.structured["succeeded"], true);
}

TEST(WritePipeline, AContainerConfigChangeIsOneSynchronousPut) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kLxc, 200};
  api.on("PUT", "/nodes/pve1/lxc/200/config", json(nullptr));
  api.on_get("/nodes/pve1/lxc/200/pending", pending_answer({{"memory", "1024"}}));

  WriteRequest request =
      config_request(api, guest, {{"memory", "1024"}}, json{{"digest", "d1"}}, {"memory"});
  const WriteOutcome outcome = perform(tools::Call{api, ctx, GuestType::kLxc}, request, {});
  const mcp::ToolResult r = render(
      WriteReport{{"⚙️", "S", "Resize Complete", "F", "P"}, guest_facts(guest), {}}, outcome);

  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(api.calls().size(), 2u) << "one PUT, one read of /pending; no task to follow";
  EXPECT_EQ(
      api.calls().front(),
      (testing::Call{"PUT", "/nodes/pve1/lxc/200/config", {{"memory", "1024"}, {"digest", "d1"}}}));
  EXPECT_FALSE(outcome.held_back);
  EXPECT_TRUE(
      starts_with(r.text, "⚙️  **Resize Complete**\n\n• **VM ID**: 200\n• **Type**: LXC\n"))
      << r.text;
  EXPECT_EQ(r.structured["pending"], false);
  EXPECT_EQ(r.structured["status"], "applied");
}

TEST(WritePipeline, AFailedTaskIsAnErrorWithoutTipOrReadBack) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  const std::string u = upid("qmsnapshot", 100);
  api.on("POST", "/nodes/pve1/qemu/100/snapshot", json(u));
  api.on_get(status_path(u), stopped(u, "snapshot feature is not available"));
  api.on_get(log_path(u), json::array({{{"n", 1}, {"t", "snapshot feature is not available"}}}));

  WriteRequest request;
  request.node = "pve1";
  request.vmid = 100;
  request.task_type = "qmsnapshot";
  request.send = [&api] { return api.post("/nodes/pve1/qemu/100/snapshot", {{"snapname", "s"}}); };
  const WriteOutcome outcome = perform(tools::Call{api, ctx, GuestType::kQemu}, request, {});
  WriteReport report{
      {"📸", "Snapshot Creation Started", "Snapshot Created", "Snapshot Creation Failed"},
      guest_facts(guest),
      "\n**Tip**: never shown on failure.\n"};
  const mcp::ToolResult r = render(report, outcome);

  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(starts_with(r.text, "❌ **Snapshot Creation Failed**\n\n")) << r.text;
  EXPECT_EQ(r.text.find("Tip"), std::string::npos) << r.text;
  EXPECT_FALSE(r.structured.contains("pending"));
  for (const auto& c : api.calls()) EXPECT_EQ(c.path.find("/pending"), std::string::npos);
}

// A task that finished answers with the tip and what it produced after the task lines; one only
// started answers with the warning instead of the tip.
TEST(WritePipeline, ProducedFactsFollowTheTaskLinesAndAnUnfinishedTaskGetsItsOwnTip) {
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  const std::string u = upid("vzdump", 100);
  WriteReport report{{"💾", "Backup Started", "Backup Created", "Backup Failed"},
                     {fact("Storage", "local", "storage", "local")},
                     "\n**Tip**: done.\n",
                     "\n**Warning**: still going.\n",
                     {fact("Backup Volume", "local:backup/x", "volid", "local:backup/x")}};
  for (const bool wait : {true, false}) {
    FakeApi api;
    FakeContext ctx;
    api.on("POST", "/nodes/pve1/vzdump", json(u));
    api.on_get(status_path(u),
               wait ? stopped(u) : json{{"upid", u}, {"node", "pve1"}, {"status", "running"}});
    WriteRequest request;
    request.node = "pve1";
    request.vmid = 100;
    request.task_type = "vzdump";
    request.send = [&api] { return api.post("/nodes/pve1/vzdump", {}); };
    const WriteOutcome outcome =
        perform(tools::Call{api, ctx, GuestType::kQemu}, request, FollowOptions{.wait = wait});
    if (!wait) report.produced.clear();  // nothing is produced before the task ends
    const mcp::ToolResult r = render(report, outcome);

    ASSERT_FALSE(r.is_error) << r.text;
    const std::string task_lines = "• **Task ID**: " + u + "\n• **Result**: ";
    if (wait) {
      EXPECT_TRUE(Contains(r.text, task_lines + "✅ OK\n• **Backup Volume**: local:backup/x\n"
                                                "\n**Tip**: done.\n"))
          << r.text;
      EXPECT_EQ(r.structured["volid"], "local:backup/x");
    } else {
      EXPECT_TRUE(r.text.ends_with("\n\n**Warning**: still going.\n")) << r.text;
      EXPECT_EQ(r.text.find("Tip"), std::string::npos) << r.text;
    }
    EXPECT_EQ(r.structured["storage"], "local");
  }
}

TEST(WritePipeline, ReadBackReadsTheConfigAfterSuccessWithoutReportingPending) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 105};
  const std::string u = upid("qmcreate", 105);
  post_starts(api, "/nodes/pve1/qemu", u, stopped(u));
  api.on_get("/nodes/pve1/qemu/105/pending", pending_answer({{"net0", "virtio=AA:BB"}}));

  WriteRequest request = task_request(guest, "qmcreate", [&api] {
    return api.post("/nodes/pve1/qemu", {{"vmid", "105"}});
  });
  request.read_back = guest;
  const WriteOutcome outcome = perform(tools::Call{api, ctx, GuestType::kQemu}, request, {});
  ASSERT_TRUE(outcome.after.has_value());
  EXPECT_EQ(outcome.after->stored("net0"), "virtio=AA:BB");
  const mcp::ToolResult r =
      render(WriteReport{{"🖥️", "S", "Created", "F"}, guest_facts(guest), {}}, outcome);

  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_FALSE(r.structured.contains("pending"));
  EXPECT_EQ(r.text.find("Pending"), std::string::npos) << r.text;
}

TEST(WritePipeline, ATipThatNeedsTheResultWaitsForTheTaskToSucceed) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  const std::string u = upid("qmclone", 100);
  post_starts(api, "/nodes/pve1/qemu/100/clone", u,
              json{{"upid", u}, {"node", "pve1"}, {"status", "running"}});

  const WriteRequest request = task_request(guest, "qmclone", [&api] {
    return api.post("/nodes/pve1/qemu/100/clone", {{"newid", "101"}});
  });
  const WriteOutcome outcome =
      perform(tools::Call{api, ctx, GuestType::kQemu}, request, FollowOptions{.wait = false});
  WriteReport report{{"📋", "Clone Started", "Cloned", "Clone Failed"},
                     guest_facts(guest),
                     "\n**Tip**: start the clone.\n"};
  EXPECT_TRUE(Contains(render(report, outcome).text, "**Tip**")) << "by default: unless it failed";
  report.tip_when_done = true;
  const mcp::ToolResult r = render(report, outcome);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(starts_with(r.text, "📋 **Clone Started**")) << r.text;
  EXPECT_EQ(r.text.find("Tip"), std::string::npos) << r.text;
}

TEST(WritePipeline, AConfigPutIsOneSynchronousPutForAVmTooAndWarningsFollowThePendingLine) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  api.on("PUT", kVm100Config, json(nullptr));
  api.on_get("/nodes/pve1/qemu/100/pending",
             pending_answer({{"net0", "virtio,bridge=vmbr0"}}, json::object(), {"net0"}));

  const WriteRequest request =
      config_put(api, guest, {{"delete", "net0"}}, json{{"digest", "d1"}}, {"net0"});
  const WriteOutcome outcome = perform(tools::Call{api, ctx, GuestType::kQemu}, request, {});
  WriteReport report{.titles = {"➖", "S", "Removed", "F", "Removal Pending"},
                     .facts = {fact("Interface", "net0", "net", "net0")}};
  report.after_pending.push_back(shown("Warning", "the only one"));
  const mcp::ToolResult r = render(report, outcome);

  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(api.calls().front(),
            (testing::Call{"PUT", kVm100Config, {{"delete", "net0"}, {"digest", "d1"}}}));
  EXPECT_EQ(api.calls().size(), 2u) << "one PUT, one read of /pending; no task to follow";
  EXPECT_TRUE(starts_with(r.text,
                          "⏳ **Removal Pending**\n\n• **Interface**: net0\n• **Pending**: ⏳ "
                          "Proxmox holds this change until the VM next starts"))
      << r.text;
  EXPECT_TRUE(Contains(r.text, "does not)\n• **Warning**: the only one\n• **Result**: ")) << r.text;
  EXPECT_EQ(r.structured["pending"], true);
}

TEST(WritePipeline, WithoutReportsPendingTheConfigIsReadBackAndTheHandlerSaysWhatWaits) {
  FakeApi api;
  FakeContext ctx;
  const GuestTarget guest{"pve1", GuestType::kQemu, 100};
  const std::string u = upid("qmconfig", 100);
  api.on("POST", kVm100Config, json(u));
  api.on_get(status_path(u), stopped(u));
  api.on_get("/nodes/pve1/qemu/100/pending",
             pending_answer({{"sata1", "local-lvm:vm-100-disk-1"}}, json::object(), {"sata1"}));

  WriteRequest request =
      config_request(api, guest, {{"delete", "sata1"}}, json{{"digest", "d1"}}, {});
  request.reports_pending = false;
  WriteOutcome outcome = perform(tools::Call{api, ctx, GuestType::kQemu}, request, {});
  ASSERT_TRUE(outcome.after.has_value());
  EXPECT_FALSE(outcome.held_back) << "nothing watched";
  outcome.held_back = outcome.after->deleting.contains("sata1");
  const WriteReport report{
      .titles = {"➖", "S", "Removed", "F", "Removal Pending"},
      .facts = {fact("Outcome", "nothing changed yet", "outcome", "pending"),
                pending_fact(GuestType::kQemu), shown("Warning", "a boot disk")}};
  const mcp::ToolResult r = render(report, outcome);

  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(starts_with(r.text,
                          "⏳ **Removal Pending**\n\n• **Outcome**: nothing changed yet\n"
                          "• **Pending**: ⏳ Proxmox holds this change until the VM next starts"))
      << r.text;
  EXPECT_TRUE(Contains(r.text, "does not)\n• **Warning**: a boot disk\n• **Task ID**: ")) << r.text;
  EXPECT_EQ(r.text.find("Pending**: ", r.text.find("Warning")), std::string::npos)
      << "the pending line once, where the handler put it: " << r.text;
  EXPECT_FALSE(r.structured.contains("pending"));
  EXPECT_EQ(r.structured["outcome"], "pending");
}

TEST(WritePipeline, APlainAnswerHasTheFactsWithoutTaskLinesOrFields) {
  const mcp::ToolResult r =
      plain_answer("🔧 **Unchanged**", {fact("Config", "bridge=vmbr0", "config", "bridge=vmbr0"),
                                       field("pending", false), shown("Result", "nothing sent")});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "🔧 **Unchanged**\n\n• **Config**: bridge=vmbr0\n• **Result**: nothing sent\n");
  EXPECT_EQ(r.structured, (json{{"config", "bridge=vmbr0"}, {"pending", false}}));
}

}  // namespace
}  // namespace tools::testing
