// Task tools against pve-sim's seeded task history.
#include "sim_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

class Tasks : public SimTest {
 protected:
  // The UPID of the first listed task of `type` on `node`.
  std::string upid_of(const std::string& node, const std::string& type) {
    auto r = call("proxmox_list_tasks", {{"node", node}, {"type", type}});
    EXPECT_FALSE(r.is_error) << r.text;
    EXPECT_GE(r.structured["tasks"].size(), 1u) << r.text;
    clear();
    return r.structured["tasks"].empty() ? "" : r.structured["tasks"][0]["upid"].get<std::string>();
  }
};

TEST_F(Tasks, ListTasks) {
  auto r = call("proxmox_list_tasks", {{"node", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/tasks", {{"limit", "20"}}}}));
  std::vector<std::string> types;
  for (const auto& t : r.structured["tasks"]) types.push_back(t["type"].get<std::string>());
  EXPECT_EQ(types, (std::vector<std::string>{"qmstart", "vzdump", "vzdump", "qmsnapshot"}));
  EXPECT_TRUE(contains(r.text, "📋 **Tasks on pve1**\n\n✅ **qmstart** 104 — OK\n")) << r.text;
  EXPECT_EQ(r.structured["tasks"][0]["user"], "root@pam!mcpserver");
  EXPECT_TRUE(contains(r.text, "⚠️ **vzdump** 101 — WARNINGS: 1\n")) << r.text;
}

TEST_F(Tasks, ListFailedTasksOnly) {
  auto r = call("proxmox_list_tasks", {{"node", "pve2"}, {"errors", true}, {"limit", 5}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      requests(),
      (std::vector<Request>{{"GET", "/nodes/pve2/tasks", {{"limit", "5"}, {"errors", "1"}}}}));
  ASSERT_EQ(r.structured["count"], 1) << r.text;
  EXPECT_EQ(r.structured["tasks"][0]["type"], "vzstart");
  EXPECT_TRUE(contains(r.text, "❌ **vzstart** 103 — startup for container '103' failed\n"))
      << r.text;
}

TEST_F(Tasks, FinishedTaskStatusWithDuration) {
  std::string upid = upid_of("pve1", "qmsnapshot");
  ASSERT_FALSE(upid.empty());
  auto r = call("proxmox_get_task_status", {{"upid", upid}});
  ASSERT_FALSE(r.is_error) << r.text;
  std::string start = std::to_string(r.structured["starttime"].get<long long>());
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/tasks/" + upid + "/status", {}},
                                              {"GET",
                                               "/nodes/pve1/tasks",
                                               {{"typefilter", "qmsnapshot"},
                                                {"since", start},
                                                {"until", start},
                                                {"source", "all"}}}}));
  EXPECT_TRUE(contains(r.text, "✅ **Task finished: OK**\n\n• **UPID**: " + upid + "\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Started**: 2026-11-18T11:06:40Z\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Exit Status**: OK\n• **Duration**: 4s\n")) << r.text;
  EXPECT_EQ(r.structured["duration"], 4);
}

TEST_F(Tasks, FailedTaskShowsItsLogTail) {
  std::string upid = upid_of("pve2", "vzstart");
  ASSERT_FALSE(upid.empty());
  auto r = call("proxmox_get_task_status", {{"upid", upid}, {"wait", true}, {"timeout", 5}});
  ASSERT_FALSE(r.is_error) << r.text;
  ASSERT_GE(requests().size(), 2u);
  EXPECT_EQ(requests()[0], (Request{"GET", "/nodes/pve2/tasks/" + upid + "/status", {}}));
  EXPECT_EQ(
      requests()[1],
      (Request{"GET", "/nodes/pve2/tasks/" + upid + "/log", {{"start", "0"}, {"limit", "10"}}}));
  EXPECT_TRUE(contains(r.text, "❌ **Task failed**\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Exit Status**: startup for container '103' failed\n"))
      << r.text;
  EXPECT_TRUE(contains(r.text, "    __lxc_start: 2034 Failed to initialize container \"103\"\n"))
      << r.text;
  EXPECT_EQ(r.structured["succeeded"], false);
}

TEST_F(Tasks, BadUpidAndWrongNodeAreRejectedLocally) {
  auto bad = call("proxmox_get_task_status", {{"upid", "UPID:pve1:nope"}});
  EXPECT_TRUE(bad.is_error);
  std::string upid = upid_of("pve1", "qmstart");
  auto wrong = call("proxmox_get_task_status", {{"upid", upid}, {"node", "pve2"}});
  EXPECT_TRUE(wrong.is_error);
  EXPECT_EQ(wrong.text, "Invalid argument 'node': the task ran on pve1 (from its UPID), not pve2");
  EXPECT_TRUE(requests().empty());
}

}  // namespace
}  // namespace integration
