// The task engine on an injected clock, and the task endpoints over it.
#include <regex>

#include "model_fixture.h"

namespace pvesim::test {
namespace {

std::string start_task(SimClusterModel& model, TaskSpec spec) {
  return model.with_state([&](ClusterState& state) { return state.tasks.start(std::move(spec)); });
}

class TaskTest : public ModelTest {
 protected:
  Json status(const std::string& upid, const std::string& node = "pve1") {
    return call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/" + node + "/tasks/x/status",
                   {{"upid", upid}});
  }
  ApiResponse log(const std::string& upid, Json params = Json::object(),
                  const std::string& auth_id = kRoot) {
    params["upid"] = upid;
    ApiResponse response = call("/nodes/{node}/tasks/{upid}/log", "/nodes/pve1/tasks/x/log",
                                std::move(params), auth_id);
    const Json* returns = returns_schema("/nodes/{node}/tasks/{upid}/log");
    if (response.status == 200 && returns != nullptr) {
      EXPECT_EQ(shape_problems(response.data, *returns), std::vector<std::string>{});
    }
    return response;
  }
};

TEST_F(TaskTest, UpidHasPveFormat) {
  const std::string upid =
      start_task(*model, {"pve1", "qmstart", "100", "root@pam!mcpserver", 2000, "OK", {}, {}, {}});
  // 1795651200 = 0x6B077680
  EXPECT_TRUE(
      std::regex_match(upid, std::regex("^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:6B077680:qmstart:100:"
                                        "root@pam!mcpserver:$")))
      << upid;
  const auto parts = parse_upid(upid);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->node, "pve1");
  EXPECT_EQ(parts->starttime, 1795651200);
  EXPECT_EQ(parts->type, "qmstart");
  EXPECT_EQ(parts->id, "100");
  EXPECT_EQ(parts->user, "root@pam!mcpserver");
  EXPECT_FALSE(parse_upid("UPID:pve1:bad").has_value());
}

TEST_F(TaskTest, RunsUntilItsDurationThenStopsWithStatusAndLog) {
  const std::string upid = start_task(
      *model,
      {"pve1", "qmstart", "100", "root@pam!mcpserver", 2000, "OK", {"starting VM 100"}, {}, {}});
  Json running = status(upid);
  EXPECT_EQ(running["status"], "running");
  EXPECT_FALSE(running.contains("exitstatus"));
  EXPECT_EQ(running["user"], "root@pam");
  EXPECT_EQ(running["tokenid"], "mcpserver");
  EXPECT_EQ(running["upid"], upid);
  EXPECT_EQ(log(upid).data, (Json{{{"n", 1}, {"t", "starting VM 100"}}}));

  clock.advance_ms(1999);
  EXPECT_EQ(status(upid)["status"], "running");
  clock.advance_ms(1);
  Json stopped = status(upid);
  EXPECT_EQ(stopped["status"], "stopped");
  EXPECT_EQ(stopped["exitstatus"], "OK");
  const ApiResponse done = log(upid);
  EXPECT_EQ(done.data, (Json{{{"n", 1}, {"t", "starting VM 100"}}, {{"n", 2}, {"t", "TASK OK"}}}));
  EXPECT_EQ(done.total, 2);
}

TEST_F(TaskTest, WarningAndErrorOutcomes) {
  const std::string warn = start_task(
      *model,
      {"pve1", "vzdump", "101", "root@pam", 0, "WARNINGS: 2", {"WARN: a", "WARN: b"}, {}, {}});
  const std::string error = start_task(
      *model, {"pve1", "qmstart", "102", "root@pam", 0, "VM 102 failed\nto start", {}, {}, {}});
  EXPECT_EQ(status(warn)["exitstatus"], "WARNINGS: 2");
  EXPECT_EQ(log(warn).data.back()["t"], "TASK WARNINGS: 2");
  EXPECT_EQ(status(error)["exitstatus"], "VM 102 failed\nto start");
  EXPECT_EQ(log(error).data.back()["t"], "TASK ERROR: VM 102 failed to start");
}

TEST_F(TaskTest, OnFinishRunsOnceWhenTheTaskIsSeenStopped) {
  int runs = 0;
  const std::string upid = start_task(
      *model, {"pve1", "qmstop", "100", "root@pam", 500, "OK", {}, [&runs] { ++runs; }, {}});
  status(upid);
  EXPECT_EQ(runs, 0);
  clock.advance_ms(500);
  call_ok("/version", "/version");  // any request advances the engine
  EXPECT_EQ(runs, 1);
  status(upid);
  EXPECT_EQ(runs, 1);
}

TEST_F(TaskTest, LogPagingAndTotals) {
  const std::string upid = start_task(
      *model, {"pve1", "vzdump", "100", "root@pam", 0, "OK", {"l1", "l2", "l3", "l4"}, {}, {}});
  const ApiResponse page = log(upid, {{"start", "1"}, {"limit", "2"}});
  EXPECT_EQ(page.data, (Json{{{"n", 2}, {"t", "l2"}}, {{"n", 3}, {"t", "l3"}}}));
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(log(upid, {{"limit", "0"}}).data.size(), 5u);  // 0 = to the end
  const ApiResponse beyond = log(upid, {{"start", "10"}});
  EXPECT_EQ(beyond.data, Json::array());
  EXPECT_EQ(beyond.total, 5);
}

TEST_F(TaskTest, EmptyLogOfRunningTaskSaysNoContent) {
  const std::string upid =
      start_task(*model, {"pve1", "qmstart", "100", "root@pam", 5000, "OK", {}, {}, {}});
  const ApiResponse response = log(upid);
  EXPECT_EQ(response.data, (Json{{{"n", 1}, {"t", "no content"}}}));
  EXPECT_EQ(response.total, 1);
}

TEST_F(TaskTest, BadAndUnknownUpids) {
  const ApiResponse bad = call("/nodes/{node}/tasks/{upid}/status", "/nodes/pve1/tasks/x/status",
                               {{"upid", "not-a-upid"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.errors.at("upid"), "unable to parse worker upid");
  const std::string unknown = "UPID:pve1:00001234:00005678:6B077680:qmstart:100:root@pam:";
  const ApiResponse missing =
      call("/nodes/{node}/tasks/{upid}/status", "/nodes/pve1/tasks/x/status", {{"upid", unknown}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.errors.at("upid"), "no such task");
  EXPECT_EQ(log(unknown).data,
            (Json{{{"n", 1}, {"t", "unable to open file - No such file or directory"}}}));
  // A task lives on its own node only.
  const std::string upid =
      start_task(*model, {"pve1", "qmstart", "100", "root@pam", 0, "OK", {}, {}, {}});
  EXPECT_EQ(
      call("/nodes/{node}/tasks/{upid}/status", "/nodes/pve2/tasks/x/status", {{"upid", upid}})
          .errors.at("upid"),
      "no such task");
}

TEST_F(TaskTest, SeededHistoryIsListedNewestFirst) {
  const ApiResponse response = call("/nodes/{node}/tasks", "/nodes/pve1/tasks");
  ASSERT_EQ(response.status, 200);
  const Json& data = response.data;
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(response.total, 4);
  EXPECT_EQ(data[0]["type"], "qmstart");
  EXPECT_EQ(data[0]["user"], "root@pam");
  EXPECT_EQ(data[0]["tokenid"], "mcpserver");
  EXPECT_EQ(data[1]["type"], "vzdump");
  EXPECT_EQ(data[1]["status"], "WARNINGS: 1");
  EXPECT_EQ(data[1]["endtime"], data[1]["starttime"].get<std::int64_t>() + 153);
  if (const Json* returns = returns_schema("/nodes/{node}/tasks")) {
    EXPECT_EQ(shape_problems(data, *returns), std::vector<std::string>{});
  }
  const Json failed = call_ok("/nodes/{node}/tasks", "/nodes/pve2/tasks", {{"errors", "1"}});
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["status"], "startup for container '103' failed");
}

TEST_F(TaskTest, ListFilters) {
  const std::string running =
      start_task(*model, {"pve1", "qmstart", "100", "root@pam", 10000, "OK", {}, {}, {}});
  auto list = [&](Json params) {
    return call("/nodes/{node}/tasks", "/nodes/pve1/tasks", std::move(params));
  };
  // archive (default) leaves the running task out; active shows only it.
  EXPECT_EQ(list({}).total, 4);
  const ApiResponse active = list({{"source", "active"}});
  ASSERT_EQ(active.data.size(), 1u);
  EXPECT_EQ(active.data[0]["upid"], running);
  EXPECT_EQ(active.data[0]["status"], "RUNNING");
  EXPECT_EQ(list({{"source", "all"}}).total, 5);
  EXPECT_EQ(list({{"typefilter", "vzdump"}}).total, 2);
  EXPECT_EQ(list({{"vmid", "100"}}).total, 2);
  EXPECT_EQ(list({{"statusfilter", "warning"}}).total, 1);
  const ApiResponse page = list({{"start", "1"}, {"limit", "2"}});
  EXPECT_EQ(page.data.size(), 2u);
  EXPECT_EQ(page.total, 4);
  EXPECT_EQ(list({{"userfilter", "nobody"}}).total, 0);
  EXPECT_EQ(list({{"since", "1795500000"}}).total, 1);
}

TEST_F(TaskTest, TaskVisibilityFollowsOwnershipAndSysAudit) {
  // The operator token has no Sys.Audit on the node: it sees only its own tasks.
  const std::string own =
      start_task(*model, {"pve1", "qmstart", "100", kOperator, 0, "OK", {}, {}, {}});
  const ApiResponse mine =
      call("/nodes/{node}/tasks", "/nodes/pve1/tasks", Json::object(), kOperator);
  ASSERT_EQ(mine.data.size(), 1u);
  EXPECT_EQ(mine.data[0]["upid"], own);
  const std::string roots = call_ok("/nodes/{node}/tasks", "/nodes/pve1/tasks")[1]["upid"];
  const ApiResponse denied = call("/nodes/{node}/tasks/{upid}/status", "/nodes/pve1/tasks/x/status",
                                  {{"upid", roots}}, kOperator);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.message, "Permission check failed (/nodes/pve1, Sys.Audit)\n");
  EXPECT_EQ(log(roots, {}, kOperator).status, 403);
  EXPECT_EQ(log(own, {}, kOperator).status, 200);
  // The auditor has Sys.Audit on / and sees everything.
  EXPECT_EQ(call("/nodes/{node}/tasks", "/nodes/pve1/tasks", Json::object(), kAuditor).total, 5);
}

// DELETE /nodes/{node}/tasks/{upid}: stop_task as pve-manager answers it.
class StopTaskTest : public TaskTest {
 protected:
  ApiResponse stop(const std::string& upid, const std::string& auth_id = kRoot) {
    ApiRequest request =
        get("/nodes/{node}/tasks/{upid}", "/nodes/pve1/tasks/x", {{"upid", upid}}, auth_id);
    request.method = "DELETE";
    return model->handle(request);
  }
};

TEST_F(StopTaskTest, ARunningTaskDiesOfTheInterruptAndItsChangeNeverHappens) {
  bool finished = false;
  TaskSpec spec{"pve1", "qmstart", "100", kRoot, 5000, "OK", {"starting"}, {}, {}};
  spec.on_finish = [&finished] { finished = true; };
  const std::string upid = start_task(*model, std::move(spec));
  clock.advance_ms(1000);
  ApiResponse stopped = stop(upid);
  EXPECT_EQ(stopped.status, 200);
  EXPECT_TRUE(stopped.data.is_null());
  Json now = status(upid);
  EXPECT_EQ(now["status"], "stopped");
  EXPECT_EQ(now["exitstatus"], "received interrupt");
  EXPECT_EQ(log(upid).data.back()["t"], "TASK ERROR: received interrupt");
  clock.advance_ms(10000);
  status(upid);
  EXPECT_FALSE(finished);
  // A task that has ended is left alone: the same null.
  EXPECT_TRUE(stop(upid).data.is_null());
  EXPECT_EQ(status(upid)["exitstatus"], "received interrupt");
}

TEST_F(StopTaskTest, AnotherUsersTaskNeedsSysModifyOnTheNode) {
  const std::string upid =
      start_task(*model, {"pve1", "qmstart", "100", kRoot, 5000, "OK", {}, {}, {}});
  EXPECT_EQ(stop(upid, kAuditor).status, 403);
  EXPECT_EQ(status(upid)["status"], "running");
  EXPECT_EQ(stop("UPID:bad").status, 400);
}

TEST_F(TaskTest, ContainerInterfacesWhileRunningAndNullWhenStopped) {
  Json running = call_ok("/nodes/{node}/lxc/{vmid}/interfaces", "/nodes/pve1/lxc/101/interfaces",
                         {{"vmid", "101"}});
  ASSERT_EQ(running.size(), 2u);
  EXPECT_EQ(running[1]["name"], "eth0");
  EXPECT_EQ(running[1]["hwaddr"], "bc:24:11:2f:90:11");
  EXPECT_EQ(running[1]["inet"], "10.0.0.121/24");
  EXPECT_EQ(running[1]["inet6"], "fe80::be24:11ff:fe2f:9011/64");
  ApiResponse stopped = call("/nodes/{node}/lxc/{vmid}/interfaces",
                             "/nodes/pve2/lxc/103/interfaces", {{"vmid", "103"}, {"node", "pve2"}});
  EXPECT_EQ(stopped.status, 200);
  EXPECT_TRUE(stopped.data.is_null());
}

}  // namespace
}  // namespace pvesim::test
