#include <gtest/gtest.h>

#include "harness.h"
#include "task_script.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kStart = "1727128224";  // 0x66F1E2A0

const Call kEndtimeLookup{
    "GET",
    "/nodes/pve1/tasks",
    {{"typefilter", "qmstart"}, {"since", kStart}, {"until", kStart}, {"source", "all"}}};

TEST(GetTaskStatus, FinishedTaskWithDuration) {
  Harness h;
  h.api.on_get(status_path(kStartUpid), start_task_status("stopped", "OK"));
  h.api.on_get("/nodes/pve1/tasks",
               json::parse(R"([{"upid":")" + kStartUpid + R"(","endtime":1727128227}])"));
  auto r = h.call("proxmox_get_task_status", {{"upid", kStartUpid}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", status_path(kStartUpid), {}}, kEndtimeLookup}));
  EXPECT_EQ(r.text,
            "✅ **Task finished: OK**\n\n"
            "• **UPID**: " +
                kStartUpid +
                "\n"
                "• **Node**: pve1\n"
                "• **Type**: qmstart\n"
                "• **ID**: 100\n"
                "• **User**: root@pam!mcp\n"
                "• **Started**: 2024-09-23T21:50:24Z\n"
                "• **Status**: stopped\n"
                "• **Exit Status**: OK\n"
                "• **Duration**: 3s\n");
  EXPECT_EQ(r.structured["duration"], 3);
  EXPECT_EQ(r.structured["succeeded"], true);
  EXPECT_EQ(r.structured["timed_out"], false);
  EXPECT_EQ(r.structured["log_tail"], json::array());
}

TEST(GetTaskStatus, FailedTaskShowsLogTail) {
  Harness h;
  h.api.on_get(status_path(kStartUpid), start_task_status("stopped", "boom"));
  h.api.on_get_envelope(log_path(kStartUpid), json::parse(R"({"data":[{"n":1,"t":"starting"},
    {"n":2,"t":"TASK ERROR: boom"}],"total":2})"));
  // No task list scripted: the duration lookup fails and the line is left out.
  auto r = h.call("proxmox_get_task_status", {{"upid", kStartUpid}, {"node", "pve1"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "❌ **Task failed**");
  EXPECT_NE(r.text.find("• **Exit Status**: boom\n\n**Log (last 2 lines)**:\n\n"
                        "    starting\n    TASK ERROR: boom\n"),
            std::string::npos)
      << r.text;
  EXPECT_EQ(r.text.find("Duration"), std::string::npos);
  EXPECT_EQ(r.structured["log_tail"], (json{"starting", "TASK ERROR: boom"}));
  EXPECT_EQ(r.structured["succeeded"], false);
}

TEST(GetTaskStatus, RunningTaskWithoutWaitIsOneRequest) {
  Harness h;
  h.api.on_get(status_path(kStartUpid), start_task_status("running"));
  auto r = h.call("proxmox_get_task_status", {{"upid", kStartUpid}});
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", status_path(kStartUpid), {}}}));
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "⏳ **Task running**");
  EXPECT_EQ(r.structured["status"], "running");
  EXPECT_EQ(r.structured["timed_out"], false);
  EXPECT_TRUE(h.ctx.progress_messages.empty());
}

TEST(GetTaskStatus, WaitStopsWhenTheClientCancels) {
  Harness h;
  h.api.on_get(status_path(kStartUpid), start_task_status("running"));
  h.ctx.cancel = true;
  auto r =
      h.call("proxmox_get_task_status", {{"upid", kStartUpid}, {"wait", true}, {"timeout", 600}});
  EXPECT_EQ(r.structured["cancelled"], true);
  EXPECT_NE(r.text.find("Stopped waiting (cancelled); the task goes on."), std::string::npos);
  EXPECT_EQ(h.ctx.progress_messages, (std::vector<std::string>{"task qmstart running"}));
}

TEST(GetTaskStatus, WaitFollowsTheTaskToItsEnd) {
  Harness h;
  h.api.on("GET", status_path(kStartUpid), start_task_status("running"));
  h.api.on("GET", status_path(kStartUpid), start_task_status("stopped", "OK"));
  auto r = h.call("proxmox_get_task_status", {{"upid", kStartUpid}, {"wait", true}});
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["succeeded"], true);
  EXPECT_EQ(h.ctx.progress_messages,
            (std::vector<std::string>{"task qmstart running", "task qmstart stopped"}));
}

TEST(GetTaskStatus, UpidAndNodeAreValidatedBeforeAnyRequest) {
  Harness h;
  auto bad = h.call("proxmox_get_task_status", {{"upid", "UPID:pve1:../../x"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.text,
            "Invalid argument 'upid': not a Proxmox task id "
            "(UPID:node:pid:pstart:starttime:type:id:user:)");
  auto other = h.call("proxmox_get_task_status", {{"upid", kStartUpid}, {"node", "pve2"}});
  EXPECT_TRUE(other.is_error);
  EXPECT_EQ(other.text, "Invalid argument 'node': the task ran on pve1 (from its UPID), not pve2");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(ListTasks, FiltersBecomeProxmoxParameters) {
  Harness h;
  h.api.on_get_envelope("/nodes/pve1/tasks", json::parse(R"({"total":57,"data":[
    {"upid":"UPID:pve1:1:2:3:vzdump:115:root@pam:","type":"vzdump","id":"115",
     "user":"root@pam","status":"OK","starttime":1762420320,"endtime":1762420362},
    {"upid":"UPID:pve1:1:2:4:qmstart:101:root@pam:","type":"qmstart","id":"101",
     "user":"root@pam","status":"start failed","starttime":1762420400,"endtime":1762420401}]})"));
  auto r = h.call("proxmox_list_tasks", {{"node", "pve1"},
                                         {"limit", 2},
                                         {"vmid", 115},
                                         {"type", "vzdump"},
                                         {"errors", true},
                                         {"source", "all"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET",
                                               "/nodes/pve1/tasks",
                                               {{"limit", "2"},
                                                {"vmid", "115"},
                                                {"typefilter", "vzdump"},
                                                {"errors", "1"},
                                                {"source", "all"}}}}));
  EXPECT_EQ(r.text,
            "📋 **Tasks on pve1**\n\n"
            "❌ **qmstart** 101 — start failed\n"
            "   • Started: 2025-11-06T09:13:20Z (took 1s)\n"
            "   • User: root@pam\n"
            "   • UPID: UPID:pve1:1:2:4:qmstart:101:root@pam:\n\n"
            "✅ **vzdump** 115 — OK\n"
            "   • Started: 2025-11-06T09:12:00Z (took 42s)\n"
            "   • User: root@pam\n"
            "   • UPID: UPID:pve1:1:2:3:vzdump:115:root@pam:\n\n"
            "**Shown**: 2 of 57 task(s); raise limit for more\n");
  EXPECT_EQ(r.structured["total"], 57);
  EXPECT_EQ(r.structured["tasks"][1]["endtime"], 1762420362);
}

TEST(ListTasks, DefaultsAndRunningTasks) {
  Harness h;
  h.api.on_get("/nodes/pve2/tasks", json::parse(R"([
    {"upid":"UPID:pve2:1:2:3:vzdump::root@pam:","type":"vzdump","id":"","user":"root@pam",
     "tokenid":"mcpserver","status":"RUNNING","starttime":1762420320}])"));
  auto r = h.call("proxmox_list_tasks", {{"node", "pve2"}, {"source", "active"}});
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve2/tasks", {{"limit", "20"}, {"source", "active"}}}}));
  EXPECT_NE(r.text.find("⏳ **vzdump** — running\n   • Started: 2025-11-06T09:12:00Z\n"),
            std::string::npos)
      << r.text;
  EXPECT_EQ(r.structured["tasks"][0]["status"], "running");
  EXPECT_EQ(r.structured["tasks"][0]["user"], "root@pam!mcpserver");
  EXPECT_NE(r.text.find("   • User: root@pam!mcpserver\n"), std::string::npos) << r.text;
  EXPECT_FALSE(r.structured.contains("total"));
}

TEST(ListTasks, TaskTypeIsValidated) {
  Harness h;
  auto r = h.call("proxmox_list_tasks", {{"node", "pve1"}, {"type", "a&b=c"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(h.api.calls().empty());
}

}  // namespace
}  // namespace tools::testing
