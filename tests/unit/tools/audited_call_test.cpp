// The audit log seen from the tools: which calls it records, and what each line says.
#include "tools/audited_call.h"

#include <gtest/gtest.h>

#include "../audit/temp_log.h"
#include "harness.h"
#include "task_script.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kStatusPath = status_path(kStartUpid);
const json kVm100 = {{"node", "pve1"}, {"vmid", 100}};

// The log's lines without what changes from run to run (time, prev, duration), each checked to
// carry the id of the first.
std::vector<json> lines_of(const std::string& path) {
  std::vector<json> lines = audit::testing::json_lines(path);
  const json call = lines.empty() ? json() : lines.front()["call"];
  for (json& line : lines) {
    EXPECT_EQ(line["call"], call) << line;
    for (const char* key : {"time", "prev", "call", "duration_ms"}) line.erase(key);
  }
  return lines;
}

json start_line(const std::string& tool, const json& arguments) {
  return {{"event", "start"},
          {"client", {{"name", "claude-code"}, {"version", "2.1.0"}}},
          {"tool", tool},
          {"arguments", arguments}};
}

class AuditedCalls : public ::testing::Test {
 protected:
  explicit AuditedCalls(policy::Mode mode = policy::Mode::elevated)
      : h(policy::Settings{mode, false}, log) {
    h.ctx.who = {"claude-code", "2.1.0"};
  }
  audit::testing::TempDir dir;
  std::string path = dir.file("audit.log");
  audit::LogFile file{path};
  audit::Log log{file, "1f0c2a8e-5b7d-4c3e-9a61-0d2b7e4f8c19"};
  Harness h;
};

class BasicModeAudit : public AuditedCalls {
 protected:
  BasicModeAudit() : AuditedCalls(policy::Mode::basic) {}
};

TEST_F(AuditedCalls, AWriteToolLeavesStartRequestReplyAndEnd) {
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start", kStartUpid);
  h.api.on_get(kStatusPath, start_task_status("stopped", "OK"));
  ASSERT_FALSE(h.call("proxmox_start_vm", kVm100).is_error);
  EXPECT_EQ(lines_of(path),
            (std::vector<json>{
                start_line("proxmox_start_vm", kVm100),
                {{"event", "request"},
                 {"request", 1},
                 {"method", "POST"},
                 {"path", "/nodes/pve1/qemu/100/status/start"},
                 {"params", json::object()}},
                {{"event", "reply"}, {"request", 1}, {"outcome", "ok"}, {"upid", kStartUpid}},
                {{"event", "end"},
                 {"outcome", "ok"},
                 {"task",
                  {{"upid", kStartUpid},
                   {"node", "pve1"},
                   {"status", "stopped"},
                   {"exitstatus", "OK"},
                   {"waited", true},
                   {"timed_out", false}}}}}));
}

TEST_F(AuditedCalls, AFailedTaskEndsInAnError) {
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start", kStartUpid);
  h.api.on_get(kStatusPath, start_task_status("stopped", "VM 100 already running"));
  h.api.on_get(log_path(kStartUpid), json::array());
  ASSERT_TRUE(h.call("proxmox_start_vm", kVm100).is_error);
  const std::vector<json> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3]["outcome"], "error");
  EXPECT_EQ(lines[3]["task"]["exitstatus"], "VM 100 already running");
  EXPECT_NE(lines[3]["error"].get<std::string>().find("VM 100 already running"), std::string::npos);
}

TEST_F(AuditedCalls, ARefusedRequestIsAReplyWithTheError) {
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start",
           pve::Error(pve::ErrorKind::kPermission, 403, "Permission check failed",
                      "Permission denied (HTTP 403)"));
  ASSERT_TRUE(h.call("proxmox_start_vm", kVm100).is_error);
  const std::vector<json> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2], (json{{"event", "reply"},
                            {"request", 1},
                            {"outcome", "error"},
                            {"status", 403},
                            {"error", "Permission denied (HTTP 403)"}}));
  EXPECT_EQ(
      lines[3],
      (json{{"event", "end"}, {"outcome", "error"}, {"error", "Permission denied (HTTP 403)"}}));
}

TEST_F(AuditedCalls, SecretArgumentsAndParametersAreLeftOut) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"digest", "d1"}});
  h.api.on("POST", "/nodes/pve1/qemu/100/config", kStartUpid);
  h.api.on_get(kStatusPath, start_task_status("stopped", "OK"));
  h.api.on_get("/nodes/pve1/qemu/100/pending", json::array());
  const json args = {{"node", "pve1"},
                     {"vmid", 100},
                     {"cipassword", "hunter2hunter2"},
                     {"sshkeys", "ssh-ed25519 AAAAC3Nza user@host"}};
  h.call("proxmox_set_cloudinit", args);
  const std::string text = audit::testing::read_all(path);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  const std::vector<json> lines = lines_of(path);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0]["arguments"]["cipassword"], "[secret]");
  EXPECT_EQ(lines[0]["arguments"]["sshkeys"], "ssh-ed25519 AAAAC3Nza user@host");
  EXPECT_EQ(lines[1]["params"]["cipassword"], "[secret]");
}

TEST_F(AuditedCalls, ReadsAndApiGetsAreNotRecorded) {
  h.api.on_get("/nodes/pve1/qemu/100/status/current", json{{"status", "running"}});
  h.api.on_get("/nodes", json::array());
  h.call("proxmox_get_vm_status", kVm100);
  h.call("proxmox_api_call", {{"method", "get"}, {"path", "/nodes"}});
  EXPECT_TRUE(audit::testing::raw_lines(path).empty());
}

TEST_F(AuditedCalls, AnApiCallThatChangesThingsIsRecordedLikeATool) {
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start", kStartUpid);
  h.api.on_get(kStatusPath, start_task_status("stopped", "OK"));
  const json args = {{"method", "post"}, {"path", "/nodes/pve1/qemu/100/status/start"}};
  ASSERT_FALSE(h.call("proxmox_api_call", args).is_error);
  const std::vector<json> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], start_line("proxmox_api_call", args));
  EXPECT_EQ(lines[1]["path"], "/nodes/pve1/qemu/100/status/start");
  EXPECT_EQ(lines[2]["upid"], kStartUpid);
  EXPECT_EQ(lines[3]["outcome"], "ok");
}

TEST_F(AuditedCalls, AProtectedGuestIsARefusal) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"protection", 1}});
  ASSERT_TRUE(h.call("proxmox_delete_vm", kVm100).is_error);
  const std::vector<json> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["outcome"], "refused");
  EXPECT_EQ(lines[1]["error"].get<std::string>().rfind("VM 100 is protected (protection=1)", 0),
            0u);
}

TEST_F(AuditedCalls, ACancelledWaitEndsCancelled) {
  h.api.on("POST", "/nodes/pve1/qemu/100/status/start", kStartUpid);
  h.api.on_get(kStatusPath, json{{"upid", kStartUpid}, {"node", "pve1"}, {"status", "running"}});
  h.ctx.cancel = true;
  h.call("proxmox_start_vm", kVm100);
  const std::vector<json> lines = lines_of(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3]["outcome"], "cancelled");
  EXPECT_EQ(lines[3]["task"]["status"], "running");
}

TEST_F(BasicModeAudit, AToolTheSettingsRefuseIsRecordedAsRefused) {
  const mcp::ToolResult result = h.call("proxmox_start_vm", kVm100);
  ASSERT_TRUE(result.is_error);
  EXPECT_EQ(
      lines_of(path),
      (std::vector<json>{start_line("proxmox_start_vm", kVm100),
                         {{"event", "end"}, {"outcome", "refused"}, {"error", result.text}}}));
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(BasicModeAudit, AnApiChangeThePolicyRefusesIsRecordedAsRefused) {
  const json args = {{"method", "DELETE"}, {"path", "/nodes/pve1/qemu/100"}};
  const mcp::ToolResult result = h.call("proxmox_api_call", args);
  ASSERT_TRUE(result.is_error);
  EXPECT_EQ(
      lines_of(path),
      (std::vector<json>{start_line("proxmox_api_call", args),
                         {{"event", "end"}, {"outcome", "refused"}, {"error", result.text}}}));
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(AuditUnwritable, NothingIsSentWhenTheStartCannotBeRecorded) {
  audit::LogFile full("/dev/full");
  const audit::Log log{full, ""};
  Harness h(policy::Settings{policy::Mode::elevated, false}, log);
  const mcp::ToolResult result = h.call("proxmox_start_vm", kVm100);
  EXPECT_TRUE(result.is_error);
  EXPECT_EQ(result.text,
            "audit log /dev/full: cannot write: No space left on device. Nothing was sent to "
            "Proxmox: calls that change things run only while the audit log (PROXMOX_AUDIT_LOG) "
            "records them.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(AuditedRows, WhichCallsAreRecorded) {
  const auto row = [](mcp::Annotations annotations, bool per_call) {
    return About{"t",        "T",         "d", Toolset::inventory,
                 "",         annotations, "",  GuestType::kQemu,
                 kOwnFields, per_call};
  };
  const About write = row(writes(false, false), false);
  const About read = row(kReadOnly, false);
  const About api = row(kReadOnly, true);
  EXPECT_TRUE(audited(write, json::object()));
  EXPECT_FALSE(audited(read, json::object()));
  EXPECT_FALSE(audited(api, {{"method", "GET"}}));
  EXPECT_FALSE(audited(api, {{"method", "get"}}));
  EXPECT_TRUE(audited(api, {{"method", "Post"}}));
  EXPECT_TRUE(audited(api, {{"method", "PUT"}}));
  EXPECT_TRUE(audited(api, {{"method", "delete"}}));
  EXPECT_TRUE(audited(api, {{"method", 7}}));  // bad, but an attempt
  EXPECT_TRUE(audited(api, json::object()));
}

}  // namespace
}  // namespace tools::testing
