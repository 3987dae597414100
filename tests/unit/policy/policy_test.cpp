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

}  // namespace
