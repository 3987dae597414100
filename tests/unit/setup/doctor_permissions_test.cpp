// Which enabled tools a token's /access/permissions leaves short.
#include "setup/doctor_permissions.h"

#include <gtest/gtest.h>

namespace {

using nlohmann::json;
using setup::Shortfall;

std::vector<std::string> privileges_of(const std::vector<Shortfall>& shortfalls) {
  std::vector<std::string> out;
  for (const Shortfall& s : shortfalls) out.push_back(s.tool + " " + s.privilege + " " + s.root);
  return out;
}

TEST(DoctorPermissions, AclRootIsThePathAboveThePlaceholders) {
  EXPECT_EQ(setup::acl_root("/vms/{vmid}"), "/vms");
  EXPECT_EQ(setup::acl_root("/sdn/zones/{zone}/{bridge}"), "/sdn/zones");
  EXPECT_EQ(setup::acl_root("/"), "/");
}

TEST(DoctorPermissions, APropagatingParentGrantsAndANonPropagatingOneDoesNot) {
  const std::vector<std::string> tools = {"proxmox_start_vm"};
  EXPECT_TRUE(setup::permission_shortfalls({{"/", {{"VM.PowerMgmt", 1}}}}, tools, 9).empty());
  EXPECT_TRUE(setup::permission_shortfalls({{"/vms", {{"VM.PowerMgmt", 0}}}}, tools, 9).empty());
  EXPECT_EQ(privileges_of(setup::permission_shortfalls({{"/", {{"VM.PowerMgmt", 0}}}}, tools, 9)),
            (std::vector<std::string>{"proxmox_start_vm VM.PowerMgmt /vms"}));
}

TEST(DoctorPermissions, HeldOnlyOnSomeGuestsIsPartial) {
  const auto shortfalls = setup::permission_shortfalls(
      {{"/vms/100", {{"VM.PowerMgmt", 1}}}, {"/vms/101", {{"VM.Audit", 1}}}}, {"proxmox_start_vm"},
      9);
  ASSERT_EQ(shortfalls.size(), 1u);
  EXPECT_EQ(shortfalls[0].partial, (std::vector<std::string>{"/vms/100"}));
}

TEST(DoctorPermissions, Pve8NamesVmMonitorForTheGuestAgent) {
  const std::vector<std::string> tools = {"proxmox_execute_vm_command"};
  const json pve8 = {{"/", {{"VM.Audit", 1}, {"VM.Monitor", 1}}}};
  EXPECT_TRUE(setup::permission_shortfalls(pve8, tools, 8).empty());
  EXPECT_EQ(
      privileges_of(setup::permission_shortfalls(pve8, tools, 9)),
      (std::vector<std::string>{"proxmox_execute_vm_command VM.GuestAgent.Unrestricted /vms"}));
}

TEST(DoctorPermissions, ToolsThatNeedNothingNeverFallShort) {
  EXPECT_TRUE(
      setup::permission_shortfalls(json::object(), {"proxmox_api_call", "proxmox_get_next_vmid"}, 9)
          .empty());
}

}  // namespace
