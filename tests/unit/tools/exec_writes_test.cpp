// proxmox_execute_vm_command against the scripted Api: argv, polling, output, refusals.
#include <algorithm>

#include <gtest/gtest.h>

#include "harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;
using Words = std::vector<std::string>;

const std::string kExec = "/nodes/pve1/qemu/101/agent/exec";
const std::string kStatus = "/nodes/pve1/qemu/101/agent/exec-status";

const std::string kConfig = "/nodes/pve1/qemu/101/config";

class ExecTool : public ::testing::Test {
 protected:
  ExecTool() { h.api.on_get(kConfig, json{{"name", "web"}, {"agent", "1"}}); }
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

TEST_F(ExecTool, StringCommandIsSplitIntoArgvAndPolledUntilExited) {
  h.api.on("POST", kExec, json{{"pid", 4242}});
  h.api.on_get(kStatus, json{{"exited", 0}});
  h.api.on_get(kStatus, json{{"exited", 1}, {"exitcode", 0}, {"out-data", "total 0\n"}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "ls -la"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kConfig, {}},
                               {"POST", kExec, {{"command", "ls"}, {"command", "-la"}}},
                               {"GET", kStatus, {{"pid", "4242"}}},
                               {"GET", kStatus, {{"pid", "4242"}}}}));
  EXPECT_EQ(r.text,
            "💻 **Command Executed on VM 101**\n\n"
            "• **VM ID**: 101\n• **Node**: pve1\n• **Command**: ls -la\n• **PID**: 4242\n"
            "• **Exit Code**: 0\n\n"
            "**Output**:\n```\ntotal 0\n```\n");
  EXPECT_EQ(r.structured["argv"], (json{"ls", "-la"}));
  EXPECT_EQ(r.structured["exit_code"], 0);
  EXPECT_EQ(r.structured["stdout"], "total 0\n");
  EXPECT_EQ(r.structured["exited"], true);
  EXPECT_EQ(h.ctx.progress_messages, (Words{"command running in the guest (pid 4242)"}));
}

TEST_F(ExecTool, ArgvStderrExitCodeAndTruncationFlags) {
  h.api.on("POST", kExec, json{{"pid", 7}});
  h.api.on_get(kStatus, json{{"exited", 1},
                             {"exitcode", 2},
                             {"err-data", "cat: '/no such': No such file\n"},
                             {"err-truncated", 1}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"argv", {"cat", "/no such", "```"}}});
  // The command failed: isError, with the exit code and its stderr to say why.
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(Contains(r.text, "❌ **Command Failed on VM 101**\n\n"));
  EXPECT_EQ(r.structured["exit_code"], 2);
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"POST", kExec, {{"command", "cat"}, {"command", "/no such"}, {"command", "```"}}}));
  EXPECT_TRUE(Contains(r.text,
                       "• **Exit Code**: 2\n\n**Errors** (truncated):\n```\ncat: '/no such': "
                       "No such file\n```\n"));
  EXPECT_EQ(r.structured["stderr_truncated"], true);
  EXPECT_EQ(r.structured["stdout_truncated"], false);
}

TEST_F(ExecTool, OutputWithBackticksGetsALongerFence) {
  h.api.on("POST", kExec, json{{"pid", 7}});
  h.api.on_get(kStatus, json{{"exited", 1}, {"exitcode", 0}, {"out-data", "a ``` b"}});
  auto r =
      h.call("proxmox_execute_vm_command", {{"node", "pve1"}, {"vmid", 101}, {"command", "cat x"}});
  EXPECT_TRUE(Contains(r.text, "**Output**:\n````\na ``` b\n````\n"));
}

TEST_F(ExecTool, TimeoutStopsWaitingAndSaysWhereTheResultIs) {
  h.api.on("POST", kExec, json{{"pid", 9}});
  h.api.on_get(kStatus, json{{"exited", 0}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "sleep 100"}, {"timeout", 0}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().size(), 3u);  // config, exec, one status read
  EXPECT_EQ(r.structured["timed_out"], true);
  EXPECT_EQ(r.structured["exited"], false);
  EXPECT_TRUE(Contains(r.text, "⏳ **Command Still Running on VM 101**"));
  EXPECT_TRUE(Contains(r.text,
                       "not finished after 0s — the command goes on in the guest; its result "
                       "stays readable at GET /nodes/pve1/qemu/101/agent/exec-status?pid=9"));
}

TEST_F(ExecTool, CancellationStopsPolling) {
  h.ctx.cancel = true;
  h.api.on("POST", kExec, json{{"pid", 9}});
  h.api.on_get(kStatus, json{{"exited", 0}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "sleep 100"}});
  EXPECT_EQ(h.api.calls().size(), 3u);  // config, exec, one status read
  EXPECT_EQ(r.structured["cancelled"], true);
  EXPECT_TRUE(Contains(r.text, "stopped waiting because the request was cancelled"));
}

TEST_F(ExecTool, AContainerIsPointedToItsOwnTool) {
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 115}, {"command", "uptime"}, {"type", "lxc"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "CT 115 is a container: run the command with proxmox_execute_lxc_command.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(ExecTool, WithoutContainerCommandsAContainerGetsAnHonestErrorAndNoRequest) {
  // A server without the SSH settings: its catalogue has no ContainerShell.
  const policy::Policy elevated(policy::Settings{policy::Mode::elevated, false});
  const std::vector<mcp::Tool> tools = make_tools(h.api, elevated);
  const auto vm_exec = std::find_if(tools.begin(), tools.end(), [](const mcp::Tool& t) {
    return t.name == "proxmox_execute_vm_command";
  });
  ASSERT_NE(vm_exec, tools.end());
  const mcp::ToolResult r = vm_exec->handler(
      {{"node", "pve1"}, {"vmid", 115}, {"command", "uptime"}, {"type", "lxc"}}, h.ctx);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Cannot run a command in CT 115: Proxmox VE has no API for running commands in a "
            "container (`pct exec` is a command-line tool on the node, not part of the REST "
            "API). Instead, run it over SSH on node pve1: `ssh root@pve1 pct exec 115 -- "
            "<command>`, or connect to an SSH server inside the container.");
  // Whatever the command looks like: fixing its form would not help in a container.
  const mcp::ToolResult piped = vm_exec->handler(
      {{"node", "pve1"}, {"vmid", 115}, {"command", "ls | wc -l"}, {"type", "lxc"}}, h.ctx);
  EXPECT_EQ(piped.text, r.text);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(ExecTool, AgentErrorsSayWhatToDo) {
  const std::string msg = "No QEMU guest agent configured";
  h.api.on("POST", kExec, pve::Error(pve::ErrorKind::kServer, 500, msg, "Proxmox error: " + msg));
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "uptime"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Proxmox error: No QEMU guest agent configured — enable the agent (Options → QEMU "
            "Guest Agent, or `qm set 101 --agent 1`), install qemu-guest-agent in the VM and "
            "restart it");
}

TEST_F(ExecTool, BadCommandsAreRefusedWithoutARequest) {
  for (const json& command : {json(""), json("   "), json::array(), json("echo 'open"), json(42)}) {
    auto r = h.call("proxmox_execute_vm_command",
                    {{"node", "pve1"}, {"vmid", 101}, {"command", command}});
    EXPECT_TRUE(r.is_error) << command;
    EXPECT_TRUE(Contains(r.text, "Invalid argument 'command'"));
  }
  for (const json& argv : {json::array(), json({"ls", 1}), json({""}), json("ls")}) {
    auto r =
        h.call("proxmox_execute_vm_command", {{"node", "pve1"}, {"vmid", 101}, {"argv", argv}});
    EXPECT_TRUE(r.is_error) << argv;
    EXPECT_TRUE(Contains(r.text, "Invalid argument 'argv'")) << r.text;
  }
  auto neither = h.call("proxmox_execute_vm_command", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_EQ(neither.text,
            "Invalid argument 'command': is required (or give the program and its arguments as "
            "the array argv)");
  auto both = h.call("proxmox_execute_vm_command",
                     {{"node", "pve1"}, {"vmid", 101}, {"command", "ls"}, {"argv", {"ls"}}});
  EXPECT_EQ(both.text, "Invalid argument 'argv': give either command or argv, not both");
  auto both_bad = h.call("proxmox_execute_vm_command",
                         {{"node", "pve1"}, {"vmid", 101}, {"command", "ls | wc"}, {"argv", {""}}});
  EXPECT_EQ(both_bad.text, both.text);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(ExecTool, EachRuleIsNamedWithoutARequest) {
  const json vm = {{"node", "pve1"}, {"vmid", 101}};
  auto refused = [&](const char* key, const json& value) {
    json args = vm;
    args[key] = value;
    if (std::string(key) != "command" && std::string(key) != "argv") args["command"] = "uptime";
    return h.call("proxmox_execute_vm_command", args).text;
  };
  EXPECT_EQ(refused("command", "echo 'open"),
            "Invalid argument 'command': a single quote is not closed");
  EXPECT_EQ(refused("command", "echo \"open"),
            "Invalid argument 'command': a double quote is not closed");
  EXPECT_EQ(refused("command", "echo a\\"),
            "Invalid argument 'command': it ends with a backslash that escapes nothing");
  EXPECT_EQ(refused("command", "   "), "Invalid argument 'command': names no program to run");
  EXPECT_EQ(refused("command", 42), "Invalid argument 'command': must be a string");
  EXPECT_EQ(refused("argv", json({"ls", std::string("a\0b", 3)})),
            "Invalid argument 'argv': must not contain NUL characters (a program argument cannot "
            "hold them)");
  EXPECT_EQ(refused("argv", json({""})), "Invalid argument 'argv': names no program to run");
  EXPECT_EQ(refused("argv", "ls"), "Invalid argument 'argv': must be an array of strings");
  EXPECT_EQ(refused("timeout", 3601),
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  EXPECT_EQ(refused("type", "kvm"), "Invalid argument 'type': must be one of: qemu, lxc");
  EXPECT_TRUE(h.api.calls().empty());
}

// The agent runs the program itself: "a | b" would run a with the arguments "|" and "b" and
// could report success. The string form refuses what only a shell would understand.
TEST_F(ExecTool, ShellSyntaxInTheStringFormIsRefusedWithTheWaysToRunIt) {
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "cat /etc/hosts | grep pve"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Invalid argument 'command': contains `|`, which only a shell understands, and no "
            "shell runs here: the guest agent starts the program directly and would pass it on "
            "as a plain argument. For pipes, redirections, variables or several commands, run a "
            "shell explicitly: argv [\"sh\", \"-c\", \"<command line>\"] (or command \"sh -c "
            "'<command line>'\"). To pass such characters to the program as they are, quote "
            "them or give the words as the array argv.");
  for (const char* command : {"cd /tmp; ls", "apt update && apt upgrade -y", "false || true",
                              "echo $(hostname)", "echo `id`", "echo hi > /tmp/x",
                              "wc -l < /etc/passwd", "sleep 60 &", "echo $HOME", "ls\nwhoami"}) {
    auto refused = h.call("proxmox_execute_vm_command",
                          {{"node", "pve1"}, {"vmid", 101}, {"command", command}});
    EXPECT_TRUE(refused.is_error) << command;
    EXPECT_TRUE(Contains(refused.text, "which only a shell understands")) << refused.text;
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(ExecTool, QuotedShellCharactersAndAnExplicitShellRun) {
  h.api.on("POST", kExec, json{{"pid", 5}});
  h.api.on_get(kStatus, json{{"exited", 1}, {"exitcode", 0}});
  h.api.on("POST", kExec, json{{"pid", 6}});
  h.api.on_get(kStatus, json{{"exited", 1}, {"exitcode", 0}});
  auto quoted = h.call("proxmox_execute_vm_command",
                       {{"node", "pve1"}, {"vmid", 101}, {"command", "sh -c 'ls | wc -l'"}});
  ASSERT_FALSE(quoted.is_error) << quoted.text;
  auto argv = h.call("proxmox_execute_vm_command",
                     {{"node", "pve1"}, {"vmid", 101}, {"argv", {"grep", "-E", "a|b", "f"}}});
  ASSERT_FALSE(argv.is_error) << argv.text;
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"POST", kExec, {{"command", "sh"}, {"command", "-c"}, {"command", "ls | wc -l"}}}));
  EXPECT_EQ(h.api.calls()[4],
            (Call{"POST",
                  kExec,
                  {{"command", "grep"}, {"command", "-E"}, {"command", "a|b"}, {"command", "f"}}}));
  EXPECT_TRUE(Contains(argv.text, "• **Command**: grep -E a|b f\n"));
}

// PVE answers "QEMU guest agent is not running" for a paused VM too (its agent cannot answer
// the ping); advising to install the agent would be wrong.
TEST_F(ExecTool, APausedVmIsNamedAsPausedWithHowToResume) {
  const std::string msg = "QEMU guest agent is not running";
  h.api.on("POST", kExec, pve::Error(pve::ErrorKind::kServer, 500, msg, msg));
  h.api.on_get("/nodes/pve1/qemu/101/status/current",
               json{{"status", "running"}, {"qmpstatus", "paused"}});
  h.api.on_get("/nodes/pve1/qemu/101/status/current",
               json{{"status", "running"}, {"qmpstatus", "running"}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "uptime"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 101 is paused, so its guest agent cannot answer. Resume it (proxmox_resume_vm), "
            "then run the command again.");
  EXPECT_EQ(h.api.calls().back(), (Call{"GET", "/nodes/pve1/qemu/101/status/current", {}}));

  // Not paused: the agent really is missing or stopped.
  auto running = h.call("proxmox_execute_vm_command",
                        {{"node", "pve1"}, {"vmid", 101}, {"command", "uptime"}});
  EXPECT_EQ(running.text,
            "QEMU guest agent is not running — install and start qemu-guest-agent inside the VM");
}

// Whatever the command, it runs inside the guest: protection=1 spares the guest, nothing sent.
TEST(ExecProtection, AProtectedVmRunsNoCommand) {
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  h.api.on_get(kConfig, json{{"name", "db"}, {"protection", 1}});
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "uptime"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 101 is protected (protection=1): refusing to run a command inside it. Remove "
            "protection in Proxmox first if this is intended (Options → Protection, or `qm set "
            "101 --protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kConfig, {}}}));
}

TEST(ExecGate, BasicModeRefusalDoesNotEchoTheCommand) {
  Harness h;
  auto r = h.call("proxmox_execute_vm_command",
                  {{"node", "pve1"}, {"vmid", 101}, {"command", "cat /etc/secret-file"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(Contains(r.text, "requires elevated mode"));
  EXPECT_FALSE(Contains(r.text, "secret-file"));
  EXPECT_TRUE(h.api.calls().empty());
  const mcp::Tool& t = h.tool("proxmox_execute_vm_command");
  EXPECT_TRUE(t.annotations.destructive);
  EXPECT_FALSE(t.input_schema.get().contains("required"));
  EXPECT_EQ(t.input_schema["properties"]["command"]["type"], "string");
  EXPECT_EQ(t.input_schema["properties"]["argv"]["type"], "array");
}

}  // namespace
}  // namespace tools::testing
