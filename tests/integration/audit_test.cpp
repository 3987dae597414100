// The audit log against pve-sim: the lines of real write calls beside what Proxmox received.
#include "../unit/audit/temp_log.h"
#include "audit/call_record.h"
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class AuditSim : public WriteSimTest {
 protected:
  void SetUp() override {
    WriteSimTest::SetUp();
    log_.token_secret = sim_->token_secret();
    tools_ = tools::make_tools(*client_, policy_, &log_);
  }
  void TearDown() override {
    tools_.clear();
    WriteSimTest::TearDown();
  }

  // The log's lines, `time`, `prev` and `duration_ms` left out; the call ids must all be one.
  std::vector<json> lines() {
    std::vector<json> out = audit::testing::json_lines(path_);
    const json call = out.empty() ? json() : out.front()["call"];
    for (json& line : out) {
      EXPECT_EQ(line["call"], call);
      for (const char* key : {"time", "prev", "call", "duration_ms"}) line.erase(key);
    }
    return out;
  }

  audit::testing::TempDir dir_;
  std::string path_ = dir_.file("audit.log");
  audit::LogFile file_{path_};
  audit::Log log_{file_, ""};  // the token secret once the simulator runs
};

TEST_F(AuditSim, ASnapshotIsRecordedAsSentWithTheTaskProxmoxStarted) {
  const json args = {{"node", "pve1"},
                     {"vmid", 100},
                     {"snapname", "audited"},
                     {"description", "from the audit test"}};
  const mcp::ToolResult r = call("proxmox_create_snapshot_vm", args);
  ASSERT_FALSE(r.is_error) << r.text;
  const std::string upid = r.structured["upid"];
  ASSERT_EQ(
      changes(),
      (std::vector<Request>{{"POST",
                             "/nodes/pve1/qemu/100/snapshot",
                             {{"snapname", "audited"}, {"description", "from the audit test"}}}}));
  EXPECT_EQ(lines(),
            (std::vector<json>{
                {{"event", "start"},
                 {"client", {{"name", ""}, {"version", ""}}},
                 {"tool", "proxmox_create_snapshot_vm"},
                 {"arguments", args}},
                {{"event", "request"},
                 {"request", 1},
                 {"method", "POST"},
                 {"path", "/nodes/pve1/qemu/100/snapshot"},
                 {"params", {{"snapname", "audited"}, {"description", "from the audit test"}}}},
                {{"event", "reply"}, {"request", 1}, {"outcome", "ok"}, {"upid", upid}},
                {{"event", "end"},
                 {"outcome", "ok"},
                 {"task",
                  {{"upid", upid},
                   {"node", "pve1"},
                   {"status", "stopped"},
                   {"exitstatus", "OK"},
                   {"waited", true},
                   {"timed_out", false}}}}}));
}

TEST_F(AuditSim, TheCloudInitPasswordReachesProxmoxButNotTheLog) {
  const mcp::ToolResult r = call("proxmox_set_cloudinit", {{"node", "pve1"},
                                                           {"vmid", 9000},
                                                           {"ciuser", "ops"},
                                                           {"cipassword", "Hunter2!"},
                                                           {"sshkeys", "ssh-ed25519 AAAAC3 ops"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_FALSE(config("pve1", "qemu", 9000).value("cipassword", "").empty());
  EXPECT_EQ(audit::testing::read_all(path_).find("Hunter2"), std::string::npos);
  const std::vector<json> logged = lines();
  ASSERT_EQ(logged.size(), 4u);
  EXPECT_EQ(logged[0]["arguments"]["cipassword"], "[secret]");
  EXPECT_EQ(logged[1]["method"], "PUT");
  EXPECT_EQ(logged[1]["path"], "/nodes/pve1/qemu/9000/config");
  EXPECT_EQ(logged[1]["params"]["cipassword"], "[secret]");
  EXPECT_EQ(logged[1]["params"]["ciuser"], "ops");
  // The keys as sent (Proxmox wants them URI-encoded); public, so kept.
  EXPECT_EQ(logged[1]["params"]["sshkeys"], "ssh-ed25519%20AAAAC3%20ops");
  EXPECT_TRUE(logged[1]["params"].contains("digest"));
  EXPECT_EQ(logged[3]["outcome"], "ok");
}

TEST_F(AuditSim, AnApiDeleteOfAProtectedGuestIsRefusedAndRecorded) {
  client_->put("/nodes/pve2/qemu/102/config", {{"protection", "1"}});
  clear();
  const mcp::ToolResult r =
      call("proxmox_api_call", {{"method", "DELETE"}, {"path", "/nodes/pve2/qemu/102"}});
  ASSERT_TRUE(r.is_error);
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}}}));
  const std::vector<json> logged = lines();
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[1], (json{{"event", "end"}, {"outcome", "refused"}, {"error", r.text}}));
  EXPECT_TRUE(exists("pve2", "qemu", 102));
}

TEST_F(AuditSim, ATaskThatFailsIsAnErrorWithItsExitStatus) {
  // VM 100 runs in the small seed: starting it again fails in the task.
  const mcp::ToolResult r = call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_TRUE(r.is_error);
  const std::vector<json> logged = lines();
  ASSERT_EQ(logged.size(), 4u);
  EXPECT_EQ(logged[2]["outcome"], "ok");
  EXPECT_EQ(logged[2]["upid"], r.structured["upid"]);
  EXPECT_EQ(logged[3]["outcome"], "error");
  EXPECT_EQ(logged[3]["task"]["exitstatus"], r.structured["exitstatus"]);
}

TEST_F(AuditSim, AConfirmationAskedForIsRecordedAsAskedAndADeclineAsDeclined) {
  policy_ = policy::Policy(policy::Settings{.mode = policy::Mode::elevated, .confirm = true});
  tools_ = tools::make_tools(*client_, policy_, &log_);
  clear();
  const json args = {{"node", "pve1"}, {"vmid", 100}};
  const mcp::ToolResult asked = call("proxmox_stop_vm", args);
  ASSERT_TRUE(asked.is_error);
  EXPECT_TRUE(asked.text.find("Confirmation Needed") != std::string::npos) << asked.text;
  std::vector<json> logged = lines();
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[1], (json{{"event", "end"}, {"outcome", "asked"}}));

  ctx_.consent = mcp::Consent::declined;
  const mcp::ToolResult declined = call("proxmox_stop_vm", args);
  ASSERT_TRUE(declined.is_error);
  logged = audit::testing::json_lines(path_);
  ASSERT_EQ(logged.size(), 4u);
  EXPECT_EQ(logged[3]["outcome"], "declined");
  EXPECT_EQ(logged[3]["error"],
            "The user did not approve this (declined, or no answer in time): nothing was done.");
  EXPECT_TRUE(declined.text.starts_with(logged[3]["error"].get<std::string>())) << declined.text;
  for (const Request& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
}

TEST_F(AuditSim, ReadsLeaveNoLine) {
  ASSERT_FALSE(call("proxmox_get_vms").is_error);
  ASSERT_FALSE(call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes"}}).is_error);
  EXPECT_TRUE(audit::testing::raw_lines(path_).empty());
}

}  // namespace
}  // namespace integration
