#include "audit/call_record.h"

#include <regex>

#include <gtest/gtest.h>

#include "temp_log.h"

namespace audit {
namespace {

using nlohmann::json;
using testing::json_lines;
using testing::TempDir;

constexpr const char* kRecordToken = "1f0c2a8e-5b7d-4c3e-9a61-0d2b7e4f8c19";
constexpr const char* kUpid = "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:";

// Answers each change with the next scripted answer, recording what reached it.
class ScriptedApi final : public pve::Api {
 public:
  std::vector<json> answers;
  std::vector<std::string> sent;
  json get(const std::string& path, const pve::Params&) override {
    sent.push_back("GET " + path);
    return json::object();
  }
  json post(const std::string& path, const pve::Params&) override { return next("POST " + path); }
  json put(const std::string& path, const pve::Params&) override { return next("PUT " + path); }
  json del(const std::string& path, const pve::Params&) override { return next("DELETE " + path); }

 private:
  std::size_t changes = 0;
  json next(std::string request) {
    sent.push_back(std::move(request));
    json answer = answers.at(changes++);
    if (answer == "fail") {
      throw pve::Error(pve::ErrorKind::kServer, 500, "VM is locked (backup)",
                       "VM is locked (backup) (HTTP 500)");
    }
    return answer;
  }
};

class CallRecordTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string path = dir.file("audit.log");
  LogFile file{path};
  Log log{file, kRecordToken};
  json args = {{"node", "pve1"}, {"vmid", 100}, {"password", "hunter2hunter2"}};
  CallStart start{.tool = "proxmox_start_vm",
                  .client_name = "claude-code",
                  .client_version = "2.1.0",
                  .arguments = args};
};

TEST_F(CallRecordTest, TheStartLineIsWrittenWhenTheRecordIsMade) {
  CallRecord record(log, start);
  const std::vector<json> lines = json_lines(path);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(std::regex_match(record.id(), std::regex("[0-9a-f]{16}"))) << record.id();
  json line = lines[0];
  line.erase("time");
  line.erase("prev");
  EXPECT_EQ(line,
            (json{{"call", record.id()},
                  {"event", "start"},
                  {"client", {{"name", "claude-code"}, {"version", "2.1.0"}}},
                  {"tool", "proxmox_start_vm"},
                  {"arguments", {{"node", "pve1"}, {"vmid", 100}, {"password", "[secret]"}}}}));
}

TEST_F(CallRecordTest, EachChangeHasARequestLineBeforeAndAReplyLineAfterWithItsUpid) {
  ScriptedApi inner;
  inner.answers = {kUpid, nullptr};
  CallRecord record(log, start);
  pve::ObservedApi api(inner, record);
  api.get("/nodes/pve1/qemu/100/config");
  EXPECT_EQ(api.post("/nodes/pve1/qemu/100/status/start", {{"timeout", "30"}}), kUpid);
  api.put("/nodes/pve1/lxc/100/config",
          {{"password", "hunter2hunter2"}, {"tags", "a"}, {"tags", "b"}, {"note", kRecordToken}});
  record.end({.outcome = Outcome::ok, .task = {{"upid", kUpid}, {"exitstatus", "OK"}}});

  std::vector<json> lines = json_lines(path);
  ASSERT_EQ(lines.size(), 6u);  // the GET is not recorded
  for (json& line : lines) {
    EXPECT_EQ(line["call"], record.id());
    line.erase("time");
    line.erase("prev");
    line.erase("call");
  }
  EXPECT_EQ(lines[1], (json{{"event", "request"},
                            {"request", 1},
                            {"method", "POST"},
                            {"path", "/nodes/pve1/qemu/100/status/start"},
                            {"params", {{"timeout", "30"}}}}));
  EXPECT_EQ(lines[2],
            (json{{"event", "reply"}, {"request", 1}, {"outcome", "ok"}, {"upid", kUpid}}));
  EXPECT_EQ(
      lines[3],
      (json{
          {"event", "request"},
          {"request", 2},
          {"method", "PUT"},
          {"path", "/nodes/pve1/lxc/100/config"},
          {"params",
           {{"password", "[secret]"}, {"tags", json::array({"a", "b"})}, {"note", "[secret]"}}}}));
  EXPECT_EQ(lines[4], (json{{"event", "reply"}, {"request", 2}, {"outcome", "ok"}}));
  lines[5].erase("duration_ms");
  EXPECT_EQ(lines[5], (json{{"event", "end"},
                            {"outcome", "ok"},
                            {"task", {{"upid", kUpid}, {"exitstatus", "OK"}}}}));
}

TEST_F(CallRecordTest, AFailedRequestIsRecordedAndStillThrown) {
  ScriptedApi inner;
  inner.answers = {"fail"};
  CallRecord record(log, start);
  pve::ObservedApi api(inner, record);
  EXPECT_THROW(api.del("/nodes/pve1/qemu/100"), pve::Error);
  record.end({.outcome = Outcome::error, .error = "VM is locked (backup) (HTTP 500)"});
  const std::vector<json> lines = json_lines(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2]["event"], "reply");
  EXPECT_EQ(lines[2]["outcome"], "error");
  EXPECT_EQ(lines[2]["status"], 500);
  EXPECT_EQ(lines[2]["error"], "VM is locked (backup) (HTTP 500)");
  EXPECT_EQ(lines[3]["outcome"], "error");
  EXPECT_EQ(lines[3]["error"], "VM is locked (backup) (HTTP 500)");
}

TEST_F(CallRecordTest, AnAnswerThatIsNoTaskIdIsNotKept) {
  ScriptedApi inner;
  inner.answers = {json{{"tokenid", "t"}, {"value", "0b9e6c1a-new-token-secret"}}};
  CallRecord record(log, start);
  pve::ObservedApi api(inner, record);
  api.post("/access/users/root@pam/token/t");
  const std::vector<json> lines = json_lines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_FALSE(lines[2].contains("upid"));
  EXPECT_EQ(lines[2].dump().find("new-token-secret"), std::string::npos);
}

TEST_F(CallRecordTest, TheOutcomesAreNamed) {
  EXPECT_EQ(outcome_name(Outcome::ok), "ok");
  EXPECT_EQ(outcome_name(Outcome::error), "error");
  EXPECT_EQ(outcome_name(Outcome::refused), "refused");
  EXPECT_EQ(outcome_name(Outcome::cancelled), "cancelled");
  EXPECT_EQ(outcome_name(Outcome::asked), "asked");
  EXPECT_EQ(outcome_name(Outcome::declined), "declined");
}

TEST_F(CallRecordTest, ARequestThatCannotBeRecordedIsNotSent) {
  LogFile full("/dev/full");
  Log unwritable{full, kRecordToken};
  EXPECT_THROW(CallRecord(unwritable, start), WriteError);
}

TEST_F(CallRecordTest, NoLineHoldsTheTokenSecret) {
  const json leaky = {{"command", std::string("curl -H 'Authorization: ") + kRecordToken + "'"}};
  CallRecord record(log, {.tool = "proxmox_execute_vm_command",
                          .client_name = kRecordToken,
                          .client_version = "1",
                          .arguments = leaky});
  record.end({.outcome = Outcome::error, .error = std::string("failed: ") + kRecordToken});
  const std::string text = testing::read_all(path);
  EXPECT_EQ(text.find(kRecordToken), std::string::npos) << text;
  EXPECT_NE(text.find("[secret]"), std::string::npos);
}

}  // namespace
}  // namespace audit
