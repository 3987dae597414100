// 403 answers from the schema's permission expressions, evaluated before validation.
#include <nlohmann/json.hpp>

#include "sim_fixture.h"

namespace pvesim::testing {
namespace {

TEST_F(SimCoreTest, MissingPrivilegeNamesPathAndPrivilege) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", "", "",
                token_header(kAuditorToken, kAuditorSecret));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/100, VM.PowerMgmt)");
  EXPECT_EQ(
      Json::parse(r.body),
      (Json{{"data", nullptr}, {"message", "Permission check failed (/vms/100, VM.PowerMgmt)\n"}}));
  EXPECT_EQ(model_->handled(), 0);
}

TEST_F(SimCoreTest, PermissionIsCheckedBeforeValidation) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", "timeout=soon", "",
                token_header(kAuditorToken, kAuditorSecret));
  EXPECT_EQ(r.status, 403);
}

TEST_F(SimCoreTest, AuditorMayRead) {
  auto r = call("GET", "/api2/json/nodes/pve1/qemu/100/status/current", "", "",
                token_header(kAuditorToken, kAuditorSecret));
  EXPECT_EQ(r.status, 200);
}

TEST_F(SimCoreTest, AnyListsAllAlternatives) {
  auto r = call("GET", "/api2/json/nodes/pve1/storage/local/content", "", "",
                token_header(kNobodyToken, kNobodySecret));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason,
            "Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)");
}

TEST_F(SimCoreTest, OrFailsWithTheBareMessage) {
  // clone: and(perm /vms/{vmid} VM.Clone, or(perm /vms/{newid} VM.Allocate, perm /pool/...))
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/clone", "newid=200", "",
                token_header(kNobodyToken, kNobodySecret));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/100, VM.Clone)");
}

TEST_F(SimCoreTest, MethodsWithoutPermissionsAreRootOnly) {
  auto r = call("POST", "/api2/json/nodes/pve1/execute", "commands=%5B%5D");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (user != root@pam)");
}

TEST_F(SimCoreTest, TicketOnlyMethodsRefuseTokens) {
  auto r = call("PUT", "/api2/json/access/password", "userid=root%40pam&password=abcdefgh");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason,
            "Permission check failed (URI '/access/password' not available with API token, need "
            "proper ticket.");
}

TEST_F(SimCoreTest, UserAllNeedsOnlyAuthentication) {
  auto r = call("GET", "/api2/json/version", "", "", token_header(kNobodyToken, kNobodySecret));
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace pvesim::testing
