#include "pve/tasks.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "scripted_api.h"

namespace pve_test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUpid = "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:";
constexpr const char* kStatusPath =
    "/nodes/pve1/tasks/"
    "UPID%3Apve1%3A0003A1F2%3A0B3C4D5E%3A66F1E2A0%3Aqmstart%3A100%3Aroot%40pam%21mcp%3A/"
    "status";
constexpr const char* kLogPath =
    "/nodes/pve1/tasks/"
    "UPID%3Apve1%3A0003A1F2%3A0B3C4D5E%3A66F1E2A0%3Aqmstart%3A100%3Aroot%40pam%21mcp%3A/"
    "log";

nlohmann::json running() {
  return {{"data",
           {{"upid", kUpid},
            {"node", "pve1"},
            {"type", "qmstart"},
            {"status", "running"},
            {"pid", "238066"},
            {"starttime", 1727128224}}}};
}

nlohmann::json stopped(const std::string& exitstatus) {
  return {{"data",
           {{"upid", kUpid},
            {"node", "pve1"},
            {"type", "qmstart"},
            {"status", "stopped"},
            {"exitstatus", exitstatus},
            {"pid", 238066}}}};
}

// A log of `total` lines "line 1" … "line N", paged like PVE's /log.
nlohmann::json log_page(int total, const pve::Params& params) {
  int start = 0;
  int limit = 50;
  for (const auto& [key, value] : params) {
    if (key == "start") start = std::stoi(value);
    if (key == "limit") limit = std::stoi(value);
  }
  nlohmann::json lines = nlohmann::json::array();
  for (int n = start + 1; n <= std::min(total, start + limit); ++n) {
    lines.push_back({{"n", n}, {"t", "line " + std::to_string(n)}});
  }
  return {{"data", lines}, {"total", total}};
}

TEST(UpidTest, ParsesEveryField) {
  auto upid = pve::Upid::parse(kUpid);
  ASSERT_TRUE(upid.has_value());
  EXPECT_EQ(upid->node, "pve1");
  EXPECT_EQ(upid->pid, 0x0003A1F2ul);
  EXPECT_EQ(upid->pstart, 0x0B3C4D5Eull);
  EXPECT_EQ(upid->starttime, 0x66F1E2A0ll);
  EXPECT_EQ(upid->type, "qmstart");
  EXPECT_EQ(upid->id, "100");
  EXPECT_EQ(upid->user, "root@pam!mcp");
}

TEST(UpidTest, AcceptsNinePstartDigitsAndAnEmptyId) {
  auto upid = pve::Upid::parse("UPID:pve-node-2:0000ABCD:1B3C4D5E6:66F1E2A0:aptupdate::root@pam:");
  ASSERT_TRUE(upid.has_value());
  EXPECT_EQ(upid->node, "pve-node-2");
  EXPECT_EQ(upid->pstart, 0x1B3C4D5E6ull);
  EXPECT_EQ(upid->id, "");
  EXPECT_EQ(upid->type, "aptupdate");
}

TEST(UpidTest, RejectsMalformedIds) {
  for (const char* bad : {
           "",
           "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp",    // no trailing colon
           "upid:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:",   // lower-case prefix
           "UPID:pve_1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:",  // bad node
           "UPID:pve1:3A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:",      // short pid
           "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0::100:root@pam!mcp:",          // empty type
           "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100::",               // empty user
           "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qm/start:100:root@pam!mcp:",  // slash
           "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:x",
           " UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:",
       }) {
    EXPECT_FALSE(pve::Upid::parse(bad).has_value()) << bad;
  }
}

TEST(UpidTest, RejectsHugeIdsWithoutScanningThem) {
  const std::string huge =
      "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:" + std::string(100000, '1') + ":root@pam:";
  EXPECT_FALSE(pve::Upid::parse(huge).has_value());
  EXPECT_FALSE(pve::Upid::parse(std::string(100000, ':')).has_value());
  EXPECT_FALSE(pve::Upid::parse("UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:a:b:c:d:e:").has_value());
  EXPECT_FALSE(
      pve::Upid::parse("UPID:-pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:1:u@pam:").has_value());
  EXPECT_FALSE(
      pve::Upid::parse("UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qm start:1:u@pam:").has_value());
}

TEST(TaskStatusTest, ReadsTheStatusFromTheUpidsNode) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return stopped("OK"); });
  pve::TaskStatus status = pve::task_status(api, kUpid);
  ASSERT_EQ(api.calls.size(), 1u);
  EXPECT_EQ(api.calls[0].path, kStatusPath);
  EXPECT_EQ(status.upid, kUpid);
  EXPECT_EQ(status.node, "pve1");
  EXPECT_EQ(status.type, "qmstart");
  EXPECT_EQ(status.status, "stopped");
  EXPECT_EQ(status.exitstatus, "OK");
  EXPECT_TRUE(status.succeeded());
}

TEST(TaskStatusTest, WarningsCountAsSuccessAndErrorsDoNot) {
  pve::TaskStatus warnings;
  warnings.status = "stopped";
  warnings.exitstatus = "WARNINGS: 2";
  EXPECT_TRUE(warnings.succeeded());
  pve::TaskStatus failed = warnings;
  failed.exitstatus = "command 'qm start' failed";
  EXPECT_FALSE(failed.succeeded());
}

TEST(TaskStatusTest, RejectsAMalformedUpidWithoutCallingProxmox) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return stopped("OK"); });
  try {
    pve::task_status(api, "UPID:bad");
    FAIL() << "expected pve::Error";
  } catch (const pve::Error& error) {
    EXPECT_EQ(error.kind(), pve::ErrorKind::kBadRequest);
    EXPECT_EQ(std::string(error.what()),
              "'UPID:bad' is not a Proxmox task id (UPID:node:pid:pstart:starttime:type:id:user:)");
  }
  EXPECT_TRUE(api.calls.empty());
}

TEST(TaskStatusTest, ToleratesNumericExitstatusAndMissingFields) {
  ScriptedApi api([](const std::string&, const pve::Params&) {
    return nlohmann::json{{"data", {{"status", "stopped"}, {"exitstatus", 1}}}};
  });
  pve::TaskStatus status = pve::task_status(api, kUpid);
  EXPECT_EQ(status.exitstatus, "1");
  EXPECT_EQ(status.node, "pve1");  // from the UPID
  EXPECT_EQ(status.type, "qmstart");
}

pve::WaitOptions fast_wait() {
  pve::WaitOptions options;
  options.poll_interval = 1ms;
  options.timeout = 10s;
  return options;
}

TEST(WaitForTaskTest, PollsUntilTheTaskStopsAndReportsEachPoll) {
  int polls = 0;
  ScriptedApi api([&](const std::string&, const pve::Params&) {
    return ++polls < 3 ? running() : stopped("OK");
  });
  std::vector<std::string> progress;
  pve::WaitOptions options = fast_wait();
  options.on_progress = [&](double elapsed, const std::string& status) {
    EXPECT_GE(elapsed, 0.0);
    progress.push_back(status);
  };
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_TRUE(status.succeeded());
  EXPECT_FALSE(status.timed_out);
  EXPECT_FALSE(status.cancelled);
  EXPECT_TRUE(status.log_tail.empty());
  EXPECT_EQ(progress, (std::vector<std::string>{"running", "running", "stopped"}));
  EXPECT_EQ(api.calls.size(), 3u);  // no log read for a success
}

TEST(WaitForTaskTest, FailureFetchesTheLogTailFromTotal) {
  ScriptedApi api([](const std::string& path, const pve::Params& params) {
    if (path == kLogPath) return log_page(25, params);
    return stopped("start failed: QEMU exited with code 1");
  });
  pve::WaitOptions options = fast_wait();
  options.log_tail_lines = 3;
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_FALSE(status.succeeded());
  EXPECT_EQ(status.exitstatus, "start failed: QEMU exited with code 1");
  EXPECT_EQ(status.log_tail, (std::vector<std::string>{"line 23", "line 24", "line 25"}));
  ASSERT_EQ(api.calls.size(), 3u);
  EXPECT_EQ(api.calls[1].path, kLogPath);
  EXPECT_EQ(api.calls[1].params, (pve::Params{{"start", "0"}, {"limit", "3"}}));
  EXPECT_EQ(api.calls[2].params, (pve::Params{{"start", "22"}, {"limit", "3"}}));
}

TEST(WaitForTaskTest, ShortLogNeedsOneRequest) {
  ScriptedApi api([](const std::string& path, const pve::Params& params) {
    if (path == kLogPath) return log_page(2, params);
    return stopped("TASK ERROR");
  });
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, fast_wait());
  EXPECT_EQ(status.log_tail, (std::vector<std::string>{"line 1", "line 2"}));
  EXPECT_EQ(api.calls.size(), 2u);
}

TEST(WaitForTaskTest, UnreadableLogIsSaidInTheTail) {
  ScriptedApi api([](const std::string& path, const pve::Params&) -> nlohmann::json {
    if (path == kLogPath) {
      throw pve::Error(pve::ErrorKind::kPermission, 403, "Permission check failed",
                       "the API token lacks Sys.Audit on /nodes/pve1");
    }
    return stopped("failed");
  });
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, fast_wait());
  EXPECT_EQ(status.log_tail,
            (std::vector<std::string>{
                "(the task log could not be read: the API token lacks Sys.Audit on /nodes/pve1)"}));
}

TEST(WaitForTaskTest, TimeoutLeavesTheTaskRunning) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return running(); });
  pve::WaitOptions options = fast_wait();
  options.timeout = 30ms;
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_TRUE(status.timed_out);
  EXPECT_FALSE(status.cancelled);
  EXPECT_EQ(status.status, "running");
  EXPECT_FALSE(status.finished());
  EXPECT_GE(api.calls.size(), 2u);  // polled at the start and again when the time was up
}

TEST(WaitForTaskTest, ZeroTimeoutPollsOnce) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return running(); });
  pve::WaitOptions options = fast_wait();
  options.timeout = 0ms;
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_TRUE(status.timed_out);
  EXPECT_EQ(api.calls.size(), 1u);
}

TEST(WaitForTaskTest, CancellationStopsWaitingDuringTheSleep) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return running(); });
  pve::WaitOptions options;
  options.timeout = std::chrono::hours(1);
  options.poll_interval = std::chrono::hours(1);  // only the pause can end this wait
  std::vector<std::chrono::milliseconds> pauses;
  options.pause = [&](std::chrono::milliseconds duration) {
    pauses.push_back(duration);
    return true;
  };
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_TRUE(status.cancelled);
  EXPECT_FALSE(status.timed_out);
  EXPECT_EQ(status.status, "running");
  EXPECT_EQ(api.calls.size(), 1u);
  ASSERT_EQ(pauses.size(), 1u);
  EXPECT_EQ(pauses[0], std::chrono::hours(1));
}

TEST(WaitForTaskTest, CancelledBeforeTheFirstSleepAfterOnePoll) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return running(); });
  pve::WaitOptions options = fast_wait();
  options.pause = [](std::chrono::milliseconds) { return true; };
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_TRUE(status.cancelled);
  EXPECT_EQ(api.calls.size(), 1u);
}

TEST(WaitForTaskTest, AFinishedTaskIsReportedEvenWhenCancelled) {
  ScriptedApi api([](const std::string&, const pve::Params&) { return stopped("OK"); });
  pve::WaitOptions options = fast_wait();
  options.pause = [](std::chrono::milliseconds) { return true; };
  pve::TaskStatus status = pve::wait_for_task(api, kUpid, options);
  EXPECT_FALSE(status.cancelled);
  EXPECT_TRUE(status.succeeded());
}

TEST(WaitForTaskTest, StatusErrorsPropagate) {
  ScriptedApi api([](const std::string&, const pve::Params&) -> nlohmann::json {
    throw pve::Error(pve::ErrorKind::kNodeOffline, 595, "No route to host",
                     "node pve1 is offline or unreachable (HTTP 595: No route to host)");
  });
  try {
    pve::wait_for_task(api, kUpid, fast_wait());
    FAIL() << "expected pve::Error";
  } catch (const pve::Error& error) {
    EXPECT_EQ(error.kind(), pve::ErrorKind::kNodeOffline);
  }
}

}  // namespace
}  // namespace pve_test
