// The write-tool framework: policy gating, task following and its rendering, protection guard.
#include <gtest/gtest.h>

#include "harness.h"
#include "task_script.h"
#include "tools/guest_guard.h"
#include "tools/task_follow.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kRefusal =
    "proxmox_start_vm requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true (or start the "
    "server with --elevated) and restart it; the server is running in basic mode, where only "
    "read tools are allowed. The API token also needs VM.PowerMgmt.";

TEST(WriteGate, BasicModeHidesAndRefusesWithoutContactingProxmox) {
  Harness h;
  const mcp::Tool& t = h.tool("proxmox_start_vm");
  EXPECT_FALSE(t.listed);
  auto r = h.call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, kRefusal);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(WriteGate, ListAllToolsListsThemButStillRefuses) {
  Harness h(policy::Settings{policy::Mode::basic, true});
  EXPECT_TRUE(h.tool("proxmox_start_vm").listed);
  EXPECT_EQ(h.listed_names().size(), h.tools().size());
  auto r = h.call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, kRefusal);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(WriteGate, ElevatedModeListsAndRuns) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  EXPECT_TRUE(h.tool("proxmox_start_vm").listed);
  EXPECT_EQ(h.listed_names().size(), h.tools().size());
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start", kStartUpid);
  h.api.on_get(status_path(kStartUpid), start_task_status("stopped", "OK"));
  auto r = h.call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"POST", "/nodes/pve1/qemu/100/status/start", {}},
                                              {"GET", status_path(kStartUpid), {}}}));
}

TEST(WriteGate, TaskToolsCarryTheTaskFieldsAndWaitOptions) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  const mcp::Tool& t = h.tool("proxmox_stop_lxc");
  EXPECT_FALSE(t.annotations.read_only);
  EXPECT_FALSE(t.annotations.open_world);
  for (const char* key : {"upid", "node", "status", "exitstatus", "waited", "timed_out",
                          "cancelled", "succeeded", "log_tail", "vmid", "type", "action"}) {
    EXPECT_TRUE(t.output_schema["properties"].contains(key)) << key;
  }
  EXPECT_EQ(t.input_schema["properties"],
            (json{{"node", {{"type", "string"}}}, {"vmid", {{"type", "integer"}}}}));
  EXPECT_FALSE(t.input_schema.get().contains("required"));
  // wait (default true) and timeout are accepted but not advertised: the server's instructions
  // explain them once. A call without them follows the task to its end.
  h.api.on("POST", "/nodes/pve1/lxc/100/status/stop", kStartUpid);
  h.api.on_get(status_path(kStartUpid), start_task_status("stopped", "OK"));
  auto r = h.call("proxmox_stop_lxc", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["waited"], true);
  EXPECT_EQ(r.structured["succeeded"], true);
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"POST", "/nodes/pve1/lxc/100/status/stop", {}},
                                              {"GET", status_path(kStartUpid), {}}}));
}

TEST(WriteGate, EveryGuestToolReportsItsGuestOfItsOwnType) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  int guest_tools = 0;
  for (const mcp::Tool& t : h.tools()) {
    if (t.annotations.read_only || t.name == "proxmox_delete_backup") continue;
    if (t.name == "proxmox_cancel_task") continue;
    if (t.name == "proxmox_get_task_status" || t.name == "proxmox_list_tasks") continue;
    if (t.name == "proxmox_api_call") continue;  // any endpoint, not a guest's
    ++guest_tools;
    const bool lxc = t.name.ends_with("_lxc") || t.name == "proxmox_execute_lxc_command";
    for (const char* key : {"node", "vmid", "type"}) {
      EXPECT_TRUE(t.output_schema["properties"].contains(key)) << t.name << " " << key;
    }
    // These take the guest's type from a `type` argument, or find it.
    const bool either = t.name == "proxmox_migrate_vm" || t.name == "proxmox_convert_to_template" ||
                        t.name == "proxmox_set_tags";
    const json types = either ? json{"qemu", "lxc"} : json{lxc ? "lxc" : "qemu"};
    EXPECT_EQ(t.output_schema["properties"]["type"]["enum"], types) << t.name;
  }
  // the 55 reference tools less their 11 read tools and delete_backup, plus migrate_vm,
  // migrate_lxc, convert_to_template, set_cloudinit, set_tags and execute_lxc_command
  // (cancel_task is not a guest's)
  EXPECT_EQ(guest_tools, 49);
}

// ---- follow_task and its report ----

class FollowTest : public ::testing::Test {
 protected:
  FakeApi api;
  FakeContext ctx;
  FollowOptions options{true, std::chrono::seconds(30), std::chrono::milliseconds(1)};
};

TEST_F(FollowTest, SucceededTask) {
  api.on_get(status_path(kStartUpid), start_task_status("stopped", "OK"));
  FollowedTask t = follow_task(api, json(kStartUpid), "pve1", options, ctx);
  TaskReport r = task_report(t);
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.fields, (json{{"upid", kStartUpid},
                            {"node", "pve1"},
                            {"status", "stopped"},
                            {"exitstatus", "OK"},
                            {"waited", true},
                            {"timed_out", false},
                            {"cancelled", false},
                            {"succeeded", true}}));
  EXPECT_FALSE(r.is_error);
}

TEST_F(FollowTest, ProgressWhileWaiting) {
  api.on_get(status_path(kStartUpid), start_task_status("running"));
  api.on_get(status_path(kStartUpid), start_task_status("stopped", "OK"));
  FollowedTask t = follow_task(api, kStartUpid, options, ctx);
  EXPECT_TRUE(t.status.succeeded());
  EXPECT_EQ(ctx.progress_messages,
            (std::vector<std::string>{"task qmstart running", "task qmstart stopped"}));
}

TEST_F(FollowTest, FailedTaskShowsLogTailAndIsAnError) {
  api.on_get(status_path(kStartUpid),
             start_task_status("stopped", "start failed: QEMU exited with code 1"));
  api.on_get_envelope(pve::path({"nodes", "pve1", "tasks", kStartUpid, "log"}),
                      json::parse(R"({"data":[{"n":1,"t":"kvm: -drive ```: No such file"},
                                     {"n":2,"t":"TASK ERROR: start failed"}],"total":2})"));
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid +
                            "\n• **Result**: ❌ start failed: QEMU exited with code 1\n\n"
                            "**Task log (last 2 lines)**:\n````\n"
                            "kvm: -drive ```: No such file\nTASK ERROR: start failed\n````\n");
  EXPECT_EQ(r.fields["log_tail"],
            (json{"kvm: -drive ```: No such file", "TASK ERROR: start failed"}));
  EXPECT_EQ(r.fields["succeeded"], false);
}

TEST_F(FollowTest, WarningsAreASuccess) {
  api.on_get(status_path(kStartUpid), start_task_status("stopped", "WARNINGS: 2"));
  api.on_get_envelope(pve::path({"nodes", "pve1", "tasks", kStartUpid, "log"}),
                      json::parse(R"({"data":[],"total":0})"));
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid +
                            "\n• **Result**: ⚠️ WARNINGS: 2 (finished; see its log)\n");
}

TEST_F(FollowTest, WarningsShowTheirWarnLines) {
  api.on_get(status_path(kStartUpid), start_task_status("stopped", "WARNINGS: 2"));
  const std::vector<std::string> log = {
      "INFO: starting new backup job: vzdump 100",
      "WARN: EFI disk without 'ms-cert=2023k' option, suggesting that not all UEFI 2023",
      "certificates from Microsoft are enrolled yet.",
      "Use 'Disk Action > Enroll Updated Certificates' in the UI.",
      "",
      "For Windows with BitLocker, run the following command inside Powershell:",
      "2026-12-06 10:00:01 WARN: local disk 'scsi1' not migrated",
      "2026-12-06 10:00:02 migration finished successfully (duration 00:00:02)",
      "TASK WARNINGS: 2"};
  json lines = json::array();
  for (std::size_t i = 0; i < log.size(); ++i) lines.push_back({{"n", i + 1}, {"t", log[i]}});
  api.on_get_envelope(pve::path({"nodes", "pve1", "tasks", kStartUpid, "log"}),
                      {{"data", lines}, {"total", log.size()}});
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_FALSE(r.is_error);
  // Each warning with the lines that continue it, up to a blank or a prefixed line.
  const json warnings = {log[1], log[2], log[3], log[6]};
  EXPECT_EQ(r.fields["log_tail"], warnings);
  std::string block;
  for (const auto& line : warnings) block += line.get<std::string>() + "\n";
  EXPECT_EQ(r.markdown,
            "• **Task ID**: " + kStartUpid +
                "\n• **Result**: ⚠️ WARNINGS: 2 (finished; its warnings below)\n\n"
                "**Warnings**:\n```\n" +
                block + "```\n");
  EXPECT_EQ(r.fields["succeeded"], true);
  EXPECT_EQ(api.calls().back(), (Call{"GET",
                                      pve::path({"nodes", "pve1", "tasks", kStartUpid, "log"}),
                                      {{"start", "0"}, {"limit", "5000"}}}));
}

TEST_F(FollowTest, TimeoutSaysStillRunning) {
  api.on_get(status_path(kStartUpid), start_task_status("running"));
  options.timeout = std::chrono::seconds(0);
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid +
                            "\n• **Result**: ⏳ still running after 0s (follow it with "
                            "proxmox_get_task_status)\n");
  EXPECT_EQ(r.fields["timed_out"], true);
  EXPECT_EQ(r.fields["status"], "running");
  EXPECT_FALSE(r.fields.contains("exitstatus"));
  EXPECT_EQ(api.calls().size(), 1u);
}

TEST_F(FollowTest, CancelledRequestStopsWaitingNotTheTask) {
  api.on_get(status_path(kStartUpid), start_task_status("running"));
  ctx.cancel = true;
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid +
                            "\n• **Result**: ⏹️ stopped waiting because the request was "
                            "cancelled — the task continues (follow it with "
                            "proxmox_get_task_status)\n");
  EXPECT_EQ(r.fields["cancelled"], true);
  EXPECT_EQ(r.fields["timed_out"], false);
}

TEST_F(FollowTest, NotWaitedReadsTheStatusOnce) {
  api.on_get(status_path(kStartUpid), start_task_status("running"));
  options.wait = false;
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_EQ(r.markdown, "• **Task ID**: " + kStartUpid +
                            "\n• **Result**: ⏳ started, not waited for (follow it with "
                            "proxmox_get_task_status)\n");
  EXPECT_EQ(r.fields["waited"], false);
  EXPECT_EQ(r.fields["timed_out"], false);
  EXPECT_TRUE(ctx.progress_messages.empty());
  EXPECT_EQ(api.calls().size(), 1u);
}

TEST_F(FollowTest, NullAnswerWasSynchronous) {
  TaskReport r = task_report(follow_task(api, json(), "pve1", options, ctx));
  EXPECT_EQ(r.markdown, "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_FALSE(r.fields.contains("upid"));
  EXPECT_EQ(r.fields["status"], "applied");
  EXPECT_FALSE(r.fields.contains("exitstatus"));
  EXPECT_EQ(r.fields["succeeded"], true);
  EXPECT_TRUE(api.calls().empty());
}

TEST_F(FollowTest, AHugeNonUpidAnswerIsClipped) {
  TaskReport r =
      task_report(follow_task(api, json("UPID:" + std::string(100000, 'x')), "pve1", options, ctx));
  EXPECT_LT(r.markdown.size(), 1300U);
  EXPECT_TRUE(r.is_error);
}

TEST_F(FollowTest, NonUpidAnswerIsReportedAsSuch) {
  TaskReport r = task_report(follow_task(api, json("OK"), "pve1", options, ctx));
  EXPECT_EQ(r.markdown,
            "• **Result**: ❓ Proxmox answered \"OK\" instead of a task id, so whether it acted is "
            "unknown: check with proxmox_list_tasks before trying again\n");
  EXPECT_EQ(r.fields["status"], "unknown");
  EXPECT_EQ(r.fields["node"], "pve1");
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(api.calls().empty());
}

TEST_F(FollowTest, UnreadableStatusKeepsTheUpid) {
  api.fail_get(status_path(kStartUpid), offline_error("pve1"));
  TaskReport r = task_report(follow_task(api, kStartUpid, options, ctx));
  EXPECT_EQ(r.markdown,
            "• **Task ID**: " + kStartUpid +
                "\n• **Result**: ⚠️ the task started but its status could not be read: node "
                "'pve1' is offline or unreachable (HTTP 595: No route to host) (follow it with "
                "proxmox_get_task_status)\n");
  EXPECT_EQ(r.fields["status"], "unknown");
  EXPECT_EQ(r.fields["upid"], kStartUpid);
}

// ---- protection ----

TEST(GuestGuard, ProtectedGuestIsRefusedWithTheReason) {
  FakeApi api;
  api.on_get("/nodes/pve1/qemu/100/config", json{{"protection", 1}, {"name", "web"}});
  try {
    refuse_if_protected(api, "pve1", GuestType::kQemu, 100, "delete it");
    FAIL() << "no refusal";
  } catch (const ArgError& e) {
    EXPECT_STREQ(e.what(),
                 "VM 100 is protected (protection=1): refusing to delete it. Remove protection "
                 "in Proxmox first if this is intended (Options → Protection, or `qm set 100 "
                 "--protection 0`).");
  }
  EXPECT_EQ(api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
}

TEST(GuestGuard, ContainerWordingAndUnprotectedPasses) {
  FakeApi api;
  api.on_get("/nodes/pve1/lxc/200/config", json{{"protection", "1"}});
  api.on_get("/nodes/pve1/lxc/201/config", json{{"protection", 0}, {"hostname", "ct"}});
  api.on_get("/nodes/pve1/lxc/202/config", json{{"hostname", "ct"}});
  try {
    refuse_if_protected(api, "pve1", GuestType::kLxc, 200, "roll it back");
    FAIL() << "no refusal";
  } catch (const ArgError& e) {
    EXPECT_NE(std::string(e.what()).find("CT 200 is protected (protection=1): refusing to roll "
                                         "it back."),
              std::string::npos);
    EXPECT_NE(std::string(e.what()).find("`pct set 200 --protection 0`"), std::string::npos);
  }
  EXPECT_NO_THROW(refuse_if_protected(api, "pve1", GuestType::kLxc, 201, "delete it"));
  EXPECT_NO_THROW(refuse_if_protected(api, "pve1", GuestType::kLxc, 202, "delete it"));
}

}  // namespace
}  // namespace tools::testing
