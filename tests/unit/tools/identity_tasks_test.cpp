// whoami, get_pools, get_task_log and cancel_task against the scripted Api.
#include <gtest/gtest.h>

#include "harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const std::string kVzdumpUpid = "UPID:pve1:0001F3A0:00ABCDEF:6925A0B0:vzdump:101:root@pam!mcp:";
const std::string kTask = pve::path({"nodes", "pve1", "tasks", kVzdumpUpid});

TEST(Whoami, ListsPrivilegesByPathAndWhatTheWriteToolsNeed) {
  Harness h;
  h.api.token = "root@pam!mcp";
  h.api.on_get("/access/permissions",
               {{"/", {{"Sys.Audit", 1}, {"VM.Audit", 1}}}, {"/vms/100", {{"VM.PowerMgmt", 0}}}});
  auto r = h.call("proxmox_whoami");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/access/permissions", {}}}));
  EXPECT_TRUE(Contains(r.text,
                       "🔑 **Proxmox API Identity**\n\n• **User**: root@pam\n• **Token**: mcp\n"
                       "• **Mode**: basic (read-only tools)\n\n"
                       "**Privileges** (2 path(s)):\n• `/`: Sys.Audit, VM.Audit\n"
                       "• `/vms/100`: VM.PowerMgmt\n"));
  // VM.Audit: exec and template conversion read the config first (protection).
  EXPECT_EQ(r.structured["write_privileges"]["held"], json({"VM.Audit", "VM.PowerMgmt"}));
  const auto missing = r.structured["write_privileges"]["missing"];
  EXPECT_NE(std::find(missing.begin(), missing.end(), "VM.Config.Cloudinit"), missing.end());
  EXPECT_NE(std::find(missing.begin(), missing.end(), "Sys.Modify"), missing.end());
  EXPECT_EQ(r.structured["permissions"]["/vms/100"]["VM.PowerMgmt"], 0);
}

TEST(Whoami, AsksForOnePathAndKnowsElevatedMode) {
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  h.api.on_get("/access/permissions", json::object());
  auto r = h.call("proxmox_whoami", {{"path", "/vms/100"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/access/permissions", {{"path", "/vms/100"}}}}));
  EXPECT_TRUE(Contains(r.text, "• **Mode**: elevated (write tools enabled)\n"));
  EXPECT_TRUE(Contains(r.text, "None: the token has no ACL entries here.\n"));
  EXPECT_EQ(r.structured["mode"], "elevated");
  auto bad = h.call("proxmox_whoami", {{"path", "vms 100"}});
  EXPECT_EQ(bad.text, "Invalid argument 'path': must be an ACL path such as / or /vms/100");
  // A huge path is refused by its length, before any pattern runs over it.
  bad = h.call("proxmox_whoami", {{"path", "/" + std::string(1'000'000, 'a')}});
  EXPECT_EQ(bad.text, "Invalid argument 'path': must be an ACL path such as / or /vms/100");
}

TEST(Pools, ListsEachPoolWithItsMembers) {
  Harness h;
  h.api.on_get("/pools", json::parse(R"([{"poolid":"prod","comment":"Production"}])"));
  h.api.on_get("/pools", json::parse(R"([{"poolid":"prod","comment":"Production","members":[
      {"type":"qemu","id":"qemu/100","vmid":100,"name":"web","node":"pve1","status":"running"},
      {"type":"storage","id":"storage/pve1/local","storage":"local","node":"pve1"}]}])"));
  auto r = h.call("proxmox_get_pools");
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/pools", {}}, {"GET", "/pools", {{"poolid", "prod"}}}}));
  EXPECT_EQ(r.text,
            "🗂️  **Resource Pools**\n\n• **prod** — Production\n"
            "   • qemu 100 web (pve1, running)\n   • storage local (pve1)\n");
  EXPECT_EQ(r.structured["pools"][0]["members"][0]["vmid"], 100);
  EXPECT_EQ(r.structured["count"], 1);
}

TEST(Pools, FallsBackToThePoolPathBeforePve81) {
  Harness h;
  h.api.fail_get("/pools",
                 pve::Error(pve::ErrorKind::kBadRequest, 400, "Parameter verification failed.",
                            "poolid: property is not defined in schema"));
  h.api.on_get("/pools/dev", json::parse(R"({"members":[]})"));
  auto r = h.call("proxmox_get_pools", {{"poolid", "dev"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", "/pools", {{"poolid", "dev"}}}, {"GET", "/pools/dev", {}}}));
  EXPECT_TRUE(Contains(r.text, "• **dev**: no members\n"));
}

json log_lines(int from, int to) {
  json lines = json::array();
  for (int n = from; n <= to; ++n) lines.push_back({{"n", n}, {"t", "line " + std::to_string(n)}});
  return lines;
}

TEST(TaskLog, ReadsTheTailUnlessStartIsGiven) {
  Harness h;
  h.api.on_get_envelope(kTask + "/log", {{"data", log_lines(119, 120)}, {"total", 120}});
  auto r = h.call("proxmox_get_task_log", {{"upid", kVzdumpUpid}, {"limit", 2}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kTask + "/log", {{"start", "0"}, {"limit", "2"}}},
                               {"GET", kTask + "/log", {{"start", "118"}, {"limit", "2"}}}}));
  EXPECT_EQ(r.text, "📜 **Task log: vzdump 101**\n\n• **UPID**: " + kVzdumpUpid +
                        "\n• **Lines**: 119-120 of 120\n\n```\n119  line 119\n120  line 120\n```\n"
                        "Earlier lines: call again with start.\n");
  EXPECT_EQ(r.structured["total"], 120);
  EXPECT_EQ(r.structured["first"], 119);

  Harness from_start;
  from_start.api.on_get_envelope(kTask + "/log", {{"data", log_lines(1, 3)}, {"total", 3}});
  auto head = from_start.call("proxmox_get_task_log", {{"upid", kVzdumpUpid}, {"start", 0}});
  EXPECT_EQ(from_start.api.calls(),
            (std::vector<Call>{{"GET", kTask + "/log", {{"start", "0"}, {"limit", "50"}}}}));
  EXPECT_EQ(head.structured["lines"].size(), 3u);
}

TEST(TaskLog, RefusesANodeTheUpidDoesNotName) {
  Harness h;
  auto r = h.call("proxmox_get_task_log", {{"upid", kVzdumpUpid}, {"node", "pve2"}});
  EXPECT_EQ(r.text, "Invalid argument 'node': the task ran on pve1 (from its UPID), not pve2");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(CancelTask, StopsARunningTaskAndReportsHowItEnded) {
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  h.api.on_get(kTask + "/status", {{"status", "running"}});
  h.api.on_get(kTask + "/status", {{"status", "stopped"}, {"exitstatus", "received interrupt"}});
  h.api.on("DELETE", kTask, json());
  h.api.on_get_envelope(kTask + "/log", {{"data", json::parse(R"([{"n":1,"t":"INFO: starting"},
                                                  {"n":2,"t":"TASK ERROR: received interrupt"}])")},
                                         {"total", 2}});
  auto r = h.call("proxmox_cancel_task", {{"upid", kVzdumpUpid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kTask + "/status", {}},
                               {"DELETE", kTask, {}},
                               {"GET", kTask + "/status", {}},
                               {"GET", kTask + "/log", {{"start", "0"}, {"limit", "10"}}}}));
  EXPECT_TRUE(Contains(r.text, "🛑 **Task stopped**\n\n• **UPID**: " + kVzdumpUpid +
                                   "\n• **Type**: vzdump 101\n• **Exit Status**: received "
                                   "interrupt\n"));
  EXPECT_EQ(r.structured["was_running"], true);
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["log_tail"][1], "TASK ERROR: received interrupt");
}

TEST(CancelTask, SendsNothingForATaskThatHasEnded) {
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  h.api.on_get(kTask + "/status", {{"status", "stopped"}, {"exitstatus", "OK"}});
  auto r = h.call("proxmox_cancel_task", {{"upid", kVzdumpUpid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kTask + "/status", {}}}));
  EXPECT_TRUE(Contains(r.text, "ℹ️  **Task had already ended**\n"));
  EXPECT_TRUE(Contains(r.text, "Nothing was sent: there was nothing to stop.\n"));
  EXPECT_EQ(r.structured["was_running"], false);
}

TEST(CancelTask, NeedsElevatedMode) {
  Harness h;
  auto r = h.call("proxmox_cancel_task", {{"upid", kVzdumpUpid}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(h.api.calls().empty());
}

}  // namespace
}  // namespace tools::testing
