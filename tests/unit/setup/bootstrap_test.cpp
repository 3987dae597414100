// bootstrap: the tiers' tools and privileges, the pveum text, the command line.
#include <sstream>

#include <gtest/gtest.h>

#include "setup/bootstrap_command.h"
#include "setup/pveum_script.h"
#include "tools/catalog.h"

namespace {

using setup::Tier;

setup::Plan plan_for(Tier tier, std::vector<std::string> toolsets = {}, int pve = 9) {
  return setup::make_plan({tier, std::move(toolsets), pve}, tools::tool_metas());
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

struct Outcome {
  int code;
  std::string out, err;
};
Outcome bootstrap(std::vector<std::string> args) {
  args.insert(args.begin(), "bootstrap");
  std::ostringstream out, err;
  const int code = setup::run_bootstrap(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(BootstrapPlan, ReadOnlyIsTheReadToolsWithAuditPrivileges) {
  const setup::Plan plan = plan_for(Tier::read_only);
  EXPECT_EQ(plan.tools.size(), 24u);
  EXPECT_TRUE(has(plan.tools, "proxmox_list_backups"));
  EXPECT_FALSE(has(plan.tools, "proxmox_start_vm"));
  EXPECT_EQ(plan.privileges, (std::vector<std::string>{"Datastore.Audit", "Pool.Audit", "Sys.Audit",
                                                       "VM.Audit", "VM.GuestAgent.Audit"}));
  EXPECT_FALSE(plan.elevated);
  EXPECT_EQ(plan.toolsets, "");
  EXPECT_EQ(plan.disabled_tools, "");
}

TEST(BootstrapPlan, OperatorWorksOnExistingGuestsOnly) {
  const setup::Plan plan = plan_for(Tier::operator_tier);
  EXPECT_TRUE(has(plan.tools, "proxmox_stop_vm"));
  EXPECT_TRUE(has(plan.tools, "proxmox_rollback_snapshot_lxc"));
  EXPECT_TRUE(has(plan.tools, "proxmox_create_backup_vm"));
  for (const char* tool : {"proxmox_clone_vm", "proxmox_restore_backup_vm", "proxmox_delete_vm",
                           "proxmox_add_disk_vm", "proxmox_execute_vm_command", "proxmox_create_vm",
                           "proxmox_delete_backup", "proxmox_cancel_task"}) {
    EXPECT_FALSE(has(plan.tools, tool)) << tool;
  }
  EXPECT_EQ(plan.privileges,
            (std::vector<std::string>{"Datastore.AllocateSpace", "Datastore.Audit", "Pool.Audit",
                                      "Sys.Audit", "VM.Audit", "VM.Backup", "VM.Config.CPU",
                                      "VM.Config.Memory", "VM.GuestAgent.Audit", "VM.Migrate",
                                      "VM.PowerMgmt", "VM.Snapshot", "VM.Snapshot.Rollback"}));
  EXPECT_TRUE(plan.elevated);
  EXPECT_EQ(plan.toolsets, "inventory,tasks,lifecycle,snapshots,backups");
  EXPECT_EQ(plan.disabled_tools,
            "proxmox_clone_vm,proxmox_clone_lxc,proxmox_set_tags,proxmox_restore_backup_vm,"
            "proxmox_restore_backup_lxc,proxmox_delete_backup,proxmox_cancel_task");
}

TEST(BootstrapPlan, AdminIsEveryTool) {
  const setup::Plan plan = plan_for(Tier::admin);
  EXPECT_EQ(plan.tools.size(), tools::tool_metas().size());
  EXPECT_TRUE(has(plan.privileges, "VM.GuestAgent.Unrestricted"));
  EXPECT_TRUE(has(plan.privileges, "SDN.Use"));
  EXPECT_FALSE(has(plan.privileges, "VM.Monitor"));
  EXPECT_EQ(plan.disabled_tools, "");
}

TEST(BootstrapPlan, Pve8NamesVmMonitorOnlyWhereCommandsRun) {
  const setup::Plan reads = plan_for(Tier::read_only, {}, 8);
  EXPECT_EQ(reads.privileges,
            (std::vector<std::string>{"Datastore.Audit", "Pool.Audit", "Sys.Audit", "VM.Audit"}));
  ASSERT_EQ(reads.notes.size(), 1u);
  EXPECT_NE(reads.notes[0].find("proxmox_get_guest_ips"), std::string::npos);
  const setup::Plan admin = plan_for(Tier::admin, {}, 8);
  EXPECT_TRUE(has(admin.privileges, "VM.Monitor"));
  EXPECT_FALSE(has(admin.privileges, "VM.GuestAgent.Unrestricted"));
  EXPECT_TRUE(admin.notes.empty());
}

TEST(BootstrapPlan, ToolsetsNarrowTheTier) {
  const setup::Plan plan = plan_for(Tier::admin, {"snapshots"});
  EXPECT_EQ(plan.tools, (std::vector<std::string>{
                            "proxmox_list_snapshots_vm", "proxmox_list_snapshots_lxc",
                            "proxmox_create_snapshot_vm", "proxmox_create_snapshot_lxc",
                            "proxmox_rollback_snapshot_vm", "proxmox_rollback_snapshot_lxc",
                            "proxmox_delete_snapshot_vm", "proxmox_delete_snapshot_lxc"}));
  EXPECT_EQ(plan.privileges,
            (std::vector<std::string>{"VM.Audit", "VM.Snapshot", "VM.Snapshot.Rollback"}));
  EXPECT_EQ(plan.toolsets, "snapshots");
  EXPECT_THROW(plan_for(Tier::admin, {"snapshot"}), std::invalid_argument);
}

TEST(PveumScript, ExactCommandsAndSettings) {
  const setup::PlanRequest request{Tier::read_only, {"tasks"}, 9};
  const setup::Plan plan = setup::make_plan(request, tools::tool_metas());
  EXPECT_EQ(setup::pveum_script(request, plan, {"bot@pve", "t1", ""}),
            "# proxmox-mcp bootstrap: the read-only tier, 3 tools, for Proxmox VE 9.\n"
            "# Run as root on a node of the cluster. The role holds what these tools' requests "
            "need\n"
            "# (the API schema's permission checks); an existing role is changed with\n"
            "# pveum role modify ProxmoxMCP-read-only --privs \"...\".\n"
            "pveum role add ProxmoxMCP-read-only --privs \"Sys.Audit\"\n"
            "pveum user add bot@pve --comment \"proxmox-mcp\"\n"
            "pveum acl modify / --users bot@pve --roles ProxmoxMCP-read-only\n"
            "pveum user token add bot@pve t1 --privsep 1 --comment \"proxmox-mcp\"\n"
            "pveum acl modify / --tokens 'bot@pve!t1' --roles ProxmoxMCP-read-only\n"
            "\n"
            "# A privilege-separated token holds what both its own ACL and the user's grant, "
            "hence\n"
            "# the two ACLs. `pveum user token add` prints the secret (value) once. Settings for\n"
            "# proxmox-mcp (its .env or environment), then check them with `proxmox-mcp "
            "doctor`:\n"
            "# PROXMOX_HOST=<this node's address>\n"
            "# PROXMOX_USER=bot@pve\n"
            "# PROXMOX_TOKEN_NAME=t1\n"
            "# PROXMOX_TOKEN_VALUE=<the value pveum printed>\n"
            "# PROXMOX_TOOLSETS=tasks\n");
}

TEST(PveumScript, NamesPveumWouldRefuseOrAShellWouldSplit) {
  EXPECT_EQ(setup::check_principal({"mcp@pve", "mcpserver", ""}), "");
  EXPECT_EQ(setup::check_principal({"mcp", "mcpserver", ""}),
            "--user must be name@realm, e.g. mcp@pve");
  EXPECT_EQ(setup::check_principal({"mcp@pve", "a b", ""}),
            "--token must start with a letter and hold only letters, digits, '.', '-', '_'");
  EXPECT_EQ(setup::check_principal({"mcp@pve", "t1", "R;rm"}),
            "--role may hold only letters, digits, '.', '-', '_'");
}

TEST(BootstrapCommand, PrintsTheScriptForATier) {
  const Outcome run = bootstrap({"--tier", "operator", "--pve", "8"});
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.err, "");
  EXPECT_NE(run.out.find("pveum role add ProxmoxMCP-operator --privs \"Datastore.AllocateSpace,"),
            std::string::npos);
  EXPECT_NE(run.out.find("for Proxmox VE 8.\n"), std::string::npos);
  EXPECT_NE(run.out.find("# PROXMOX_ALLOW_ELEVATED=true\n"), std::string::npos);
}

TEST(BootstrapCommand, UsageErrorsExitTwoWithoutEchoingValues) {
  Outcome run = bootstrap({"--tier", "admin", "5e3c9a1b-secret"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err,
            "proxmox-mcp bootstrap: unexpected argument at position 3 (value not shown; see "
            "--help)\n");
  run = bootstrap({"--tier", "admin", "--token-value=5e3c9a1b"});
  EXPECT_EQ(run.err, "proxmox-mcp bootstrap: unknown option '--token-value' (see --help)\n");
  run = bootstrap({"--tier", "ops"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "proxmox-mcp bootstrap: --tier must be read-only, operator or admin\n");
  run = bootstrap({"--tier", "admin", "--toolsets", "inventory,snapshot"});
  EXPECT_EQ(run.err, "proxmox-mcp bootstrap: --toolsets: unknown toolset 'snapshot'\n");
  run = bootstrap({});
  EXPECT_EQ(run.err, "proxmox-mcp bootstrap: --tier is required (see --help)\n");
  EXPECT_EQ(run.out, "");
}

TEST(BootstrapCommand, HelpExitsZero) {
  const Outcome run = bootstrap({"--help"});
  EXPECT_EQ(run.code, 0);
  EXPECT_NE(run.out.find("Tiers: read-only"), std::string::npos);
}

}  // namespace
