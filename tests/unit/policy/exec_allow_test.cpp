// PROXMOX_EXEC_ALLOW: which commands a guest may run.
#include "policy/exec_allow.h"

#include <gtest/gtest.h>

#include "policy/policy.h"

namespace policy {
namespace {

using Words = std::vector<std::string>;

std::vector<ExecPattern> parsed(std::string_view text) {
  ExecAllowParse parse = parse_exec_allow(text);
  EXPECT_EQ(parse.problem, "");
  return parse.patterns;
}

TEST(ExecAllow, WordsMatchOneByOneWithTheShellsWildcards) {
  const std::vector<ExecPattern> allow =
      parsed("systemctl status *,\n  df   -h , cat /var/log/*.log, journalctl **");
  ASSERT_EQ(allow.size(), 4U);
  EXPECT_EQ(allow[1].text, "df -h");
  EXPECT_TRUE(exec_allowed(allow, Words{"systemctl", "status", "nginx"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"systemctl", "status"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"systemctl", "status", "nginx", "&&", "reboot"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"systemctl", "stop", "nginx"}));
  EXPECT_TRUE(exec_allowed(allow, Words{"df", "-h"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"df"}));
  EXPECT_TRUE(exec_allowed(allow, Words{"cat", "/var/log/nginx/error.log"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"cat", "/etc/shadow"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"cat", "/var/log/../../etc/shadow.log"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"cat", "/var/log/nginx/../../../etc/x.log"}));
  EXPECT_TRUE(exec_allowed(allow, Words{"cat", "/var/log/a..b.log"}));
  EXPECT_TRUE(exec_allowed(allow, Words{"journalctl"}));
  EXPECT_TRUE(exec_allowed(allow, Words{"journalctl", "-u", "nginx", "--since", "1h ago"}));
  EXPECT_FALSE(exec_allowed(allow, Words{"journalctl-x"}));
  EXPECT_TRUE(exec_allowed(parsed("**"), Words{"rm", "-rf", "/"}));
  EXPECT_FALSE(exec_allowed(parsed(""), Words{"true"}));
}

TEST(ExecAllow, OnlyTheLastWordMayBeTheRest) {
  EXPECT_EQ(parse_exec_allow("ls, cat ** /etc").problem,
            "PROXMOX_EXEC_ALLOW: pattern 'cat ** /etc': ** stands for the rest of the words, so "
            "only the last word may be **");
  EXPECT_TRUE(parse_exec_allow("ls, cat ** /etc").patterns.empty());
}

TEST(ExecAllow, ThePolicySaysWhyACommandIsRefused) {
  Settings settings;
  EXPECT_EQ(Policy(settings).exec_refusal({"ls"}, true), std::nullopt);  // a VM: any
  EXPECT_EQ(Policy(settings).exec_refusal({"ls"}, false),
            "No command may run in a container until PROXMOX_EXEC_ALLOW names the ones that may "
            "(e.g. 'systemctl status *, df -h', or '**' for any).");
  settings.exec_allow = parsed("hostname, df **");
  const Policy policy(settings);
  EXPECT_EQ(policy.exec_refusal({"df", "-h"}, false), std::nullopt);
  EXPECT_EQ(policy.exec_refusal({"reboot"}, true),
            "This command is not among those PROXMOX_EXEC_ALLOW allows ('hostname', 'df **'); "
            "nothing was run. To allow it, add a pattern for it and restart the server.");
}

TEST(ExecAllow, TheGenericCallCannotGoAroundIt) {
  Settings settings;
  settings.mode = Mode::elevated;
  EXPECT_EQ(
      Policy(settings).api_call_refusal("POST", "/nodes/pve1/qemu/100/agent/exec", {"command"}),
      std::nullopt);  // no list: the agent's exec is what proxmox_execute_vm_command sends
  settings.exec_allow = parsed("hostname");
  EXPECT_EQ(
      Policy(settings).api_call_refusal("POST", "/nodes/pve1/qemu/100/agent/exec", {"command"}),
      "POST /nodes/pve1/qemu/100/agent/exec acts inside a VM through its guest agent, and "
      "PROXMOX_EXEC_ALLOW limits what may run there: run commands with "
      "proxmox_execute_vm_command, which checks them against it.");
  EXPECT_NE(Policy(settings).api_call_refusal("POST", "/nodes/pve1/qemu/100/agent/file-write",
                                              {"file", "content"}),
            std::nullopt);
}

}  // namespace
}  // namespace policy
