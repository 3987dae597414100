#include "policy/policy.h"

#include <gtest/gtest.h>

namespace {

using policy::Access;
using policy::Mode;
using policy::Policy;
using policy::Settings;
using policy::ToolMeta;

const ToolMeta kRead{"proxmox_get_vms", Access::read, ""};
const ToolMeta kWrite{"proxmox_start_vm", Access::write, "VM.PowerMgmt"};

TEST(Policy, DefaultIsBasic) {
  EXPECT_EQ(Policy().mode(), Mode::basic);
  EXPECT_STREQ(policy::to_string(Policy().mode()), "basic");
  EXPECT_STREQ(policy::to_string(Mode::elevated), "elevated");
}

TEST(Policy, ReadToolsRunAndAreListedInBothModes) {
  for (Mode mode : {Mode::basic, Mode::elevated}) {
    Policy p(Settings{mode, false});
    EXPECT_TRUE(p.allowed(kRead));
    EXPECT_TRUE(p.listed(kRead));
  }
}

TEST(Policy, WriteToolsNeedElevatedMode) {
  EXPECT_FALSE(Policy(Settings{Mode::basic, false}).allowed(kWrite));
  EXPECT_FALSE(Policy(Settings{Mode::basic, true}).allowed(kWrite));
  EXPECT_TRUE(Policy(Settings{Mode::elevated, false}).allowed(kWrite));
}

TEST(Policy, WriteToolsHiddenInBasicModeUnlessListAll) {
  EXPECT_FALSE(Policy(Settings{Mode::basic, false}).listed(kWrite));
  EXPECT_TRUE(Policy(Settings{Mode::basic, true}).listed(kWrite));
  EXPECT_TRUE(Policy(Settings{Mode::elevated, false}).listed(kWrite));
}

TEST(Policy, RefusalNamesToolVariableAndPrivilege) {
  Policy p;
  EXPECT_EQ(p.refusal(kWrite),
            "proxmox_start_vm requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true (or start "
            "the server with --elevated) and restart it; the server is running in basic mode, "
            "where only read tools are allowed. The API token also needs VM.PowerMgmt.");
  ToolMeta no_privilege{"proxmox_delete_vm", Access::write, ""};
  EXPECT_EQ(p.refusal(no_privilege).find("The API token"), std::string::npos);
  EXPECT_EQ(p.refusal(no_privilege).rfind("proxmox_delete_vm requires elevated mode", 0), 0u);
}

// ---- toolsets ----

const ToolMeta kList{"proxmox_get_vms", Access::read, "", "inventory"};
const ToolMeta kTasks{"proxmox_list_tasks", Access::read, "", "tasks"};
const ToolMeta kStart{"proxmox_start_vm", Access::write, "VM.PowerMgmt", "lifecycle"};
const ToolMeta kStop{"proxmox_stop_vm", Access::write, "VM.PowerMgmt", "lifecycle"};
const ToolMeta kSnapshot{"proxmox_create_snapshot_vm", Access::write, "VM.Snapshot", "snapshots"};

Policy chosen(Mode mode, policy::ToolChoice choice) {
  Policy p(Settings{.mode = mode, .tools = std::move(choice)});
  p.know_tools({kList, kTasks, kStart, kStop, kSnapshot});
  return p;
}

TEST(ToolChoice, NamesAreSeparatedByCommasOrBlanks) {
  EXPECT_EQ(policy::parse_name_list(" inventory, lifecycle\nproxmox_get_vms ,,"),
            (std::vector<std::string>{"inventory", "lifecycle", "proxmox_get_vms"}));
  EXPECT_TRUE(policy::parse_name_list("").empty());
}

TEST(Toolsets, NothingChosenEnablesEverything) {
  const Policy p = chosen(Mode::elevated, {});
  for (const ToolMeta& tool : {kList, kTasks, kStart, kSnapshot}) {
    EXPECT_TRUE(p.enabled(tool)) << tool.name;
    EXPECT_TRUE(p.listed(tool)) << tool.name;
  }
}

TEST(Toolsets, ToolsetsAndToolsEnableTheDisabledListWins) {
  const Policy p = chosen(Mode::elevated, {.toolsets = {"inventory", "lifecycle"},
                                           .tools = {"proxmox_create_snapshot_vm"},
                                           .disabled = {"proxmox_stop_vm"}});
  EXPECT_TRUE(p.allowed(kList));
  EXPECT_TRUE(p.allowed(kStart));
  EXPECT_TRUE(p.allowed(kSnapshot));
  EXPECT_FALSE(p.listed(kTasks));
  EXPECT_FALSE(p.allowed(kTasks));
  EXPECT_FALSE(p.listed(kStop));
  EXPECT_FALSE(p.allowed(kStop));
  EXPECT_EQ(p.refusal(kTasks),
            "proxmox_list_tasks is not enabled on this server: it is in the tasks toolset. Add "
            "tasks to PROXMOX_TOOLSETS (or proxmox_list_tasks to PROXMOX_TOOLS) and restart the "
            "server.");
  EXPECT_EQ(p.refusal(kStop),
            "proxmox_stop_vm is disabled on this server: PROXMOX_DISABLED_TOOLS names it. Remove "
            "that and restart the server to use it.");
  const Policy no_lifecycle = chosen(Mode::elevated, {.disabled = {"lifecycle"}});
  EXPECT_EQ(no_lifecycle.refusal(kStart),
            "proxmox_start_vm is disabled on this server: PROXMOX_DISABLED_TOOLS names its "
            "toolset, lifecycle. Remove that and restart the server to use it.");
  EXPECT_TRUE(
      chosen(Mode::elevated, {.toolsets = {"all"}, .disabled = {"inventory"}}).allowed(kTasks));
}

// A tool that is not enabled stays hidden even where list_all_tools shows write tools.
TEST(Toolsets, BasicModeListsOnlyEnabledTools) {
  Policy p(Settings{.mode = Mode::basic, .list_all_tools = true, .tools = {.toolsets = {"tasks"}}});
  EXPECT_TRUE(p.listed(kTasks));
  EXPECT_FALSE(p.listed(kList));
  EXPECT_FALSE(p.listed(kStart));
}

TEST(Toolsets, UnknownNamesAreFoundBeforeTheServerStarts) {
  EXPECT_EQ(chosen(Mode::basic, {.toolsets = {"all", "inventory"}, .tools = {"proxmox_stop_vm"}})
                .choice_problem(),
            "");
  EXPECT_EQ(chosen(Mode::basic, {.toolsets = {"invetory"}}).choice_problem(),
            "PROXMOX_TOOLSETS: 'invetory' is not a toolset (inventory, lifecycle, "
            "snapshots, tasks, or all)");
  EXPECT_EQ(chosen(Mode::basic, {.toolsets = {"proxmox_get_vms"}}).choice_problem(),
            "PROXMOX_TOOLSETS: 'proxmox_get_vms' is not a toolset (inventory, lifecycle, "
            "snapshots, tasks, or all)");
  EXPECT_EQ(chosen(Mode::basic, {.tools = {"proxmox_start_all"}}).choice_problem(),
            "PROXMOX_TOOLS: 'proxmox_start_all' is neither a tool nor a toolset");
  EXPECT_EQ(chosen(Mode::basic, {.disabled = {"exec"}}).choice_problem(),
            "PROXMOX_DISABLED_TOOLS: 'exec' is neither a tool nor a toolset");
}

// proxmox_api_call is judged as the tool that sends the same request, whatever
// PROXMOX_API_ALLOW opens.
TEST(Toolsets, AnApiWriteNeedsATool) {
  Policy p(Settings{.mode = Mode::elevated,
                    .api_writes = policy::parse_api_writes("POST /nodes/**").patterns,
                    .tools = {.toolsets = {"inventory", "snapshots"}}});
  p.know_tools({kList, kTasks, kStart, kStop, kSnapshot});
  EXPECT_EQ(p.api_call_refusal("POST", "/nodes/pve1/qemu/100/status/start", {}),
            "POST /nodes/pve1/qemu/100/status/start can do what proxmox_start_vm does. "
            "proxmox_start_vm is not enabled on this server: it is in the lifecycle toolset. Add "
            "lifecycle to PROXMOX_TOOLSETS (or proxmox_start_vm to PROXMOX_TOOLS) and restart the "
            "server.");
  EXPECT_EQ(p.api_call_refusal("POST", "/nodes/pve1/qemu/100/snapshot", {"snapname"}),
            std::nullopt);
  // No write tool sends it: PROXMOX_API_ALLOW decides.
  EXPECT_EQ(p.api_call_refusal("POST", "/nodes/pve1/qemu/100/monitor", {"command"}), std::nullopt);
  // Parameters the tool never sends do not turn the request into one no tool sends.
  EXPECT_NE(p.api_call_refusal("POST", "/nodes/pve1/qemu/100/status/start", {"timeout", "x"}),
            std::nullopt);
  // A row naming a tool the server does not have refuses (a mistake in the table).
  EXPECT_EQ(p.api_call_refusal("DELETE", "/nodes/pve1/qemu/100", {}),
            "DELETE /nodes/pve1/qemu/100 is refused: the server does not know proxmox_delete_vm, "
            "the tool it stands for.");
  // A batch of API calls would pass every check: never sent, whatever is opened.
  EXPECT_EQ(p.api_call_refusal("POST", "/nodes/pve1/execute", {"commands"}),
            "POST /nodes/pve1/execute is never sent: it runs other API calls past this server's "
            "checks.");
}

// Reads through the guest agent belong to the exec toolset; other reads to the token's ACL.
TEST(Toolsets, AgentReadsNeedTheExecTool) {
  const ToolMeta exec{"proxmox_execute_vm_command", Access::write, "", "exec"};
  Policy p(Settings{.mode = Mode::basic, .tools = {.toolsets = {"inventory"}}});
  p.know_tools({kList, exec});
  EXPECT_EQ(p.api_call_refusal("GET", "/nodes/pve1/qemu/100/agent/file-read", {"file"}),
            "GET /nodes/pve1/qemu/100/agent/file-read can do what proxmox_execute_vm_command "
            "does. proxmox_execute_vm_command is not enabled on this server: it is in the exec "
            "toolset. Add exec to PROXMOX_TOOLSETS (or proxmox_execute_vm_command to "
            "PROXMOX_TOOLS) and restart the server.");
  EXPECT_EQ(p.api_call_refusal("GET", "/nodes/pve1/qemu/100/config", {}), std::nullopt);
  Policy with_exec(Settings{.mode = Mode::basic});
  with_exec.know_tools({kList, exec});
  EXPECT_EQ(with_exec.api_call_refusal("GET", "/nodes/pve1/qemu/100/agent/file-read", {"file"}),
            std::nullopt);
}

}  // namespace
