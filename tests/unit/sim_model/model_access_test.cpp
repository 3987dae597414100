// Tokens, roles, ACL propagation and privilege separation, and audit filtering of lists.
#include <atomic>
#include <set>
#include <thread>

#include "model_fixture.h"

namespace pvesim::test {
namespace {

TEST_F(ModelTest, TokensHaveRandomUuidSecrets) {
  const std::string secret = model->token_secret(kRoot);
  EXPECT_EQ(secret.size(), 36u);
  EXPECT_EQ(secret[14], '4');  // UUID version 4
  EXPECT_TRUE(model->token_valid(kRoot, secret));
  EXPECT_FALSE(model->token_valid(kRoot, model->token_secret(kAuditor)));
  EXPECT_FALSE(model->token_valid(kRoot, ""));
  EXPECT_FALSE(model->token_valid("root@pam!nope", secret));
  EXPECT_EQ(model->token_secret("root@pam!nope"), "");
  EXPECT_NE(model->token_secret(kAuditor), secret);
  ManualClock other_clock;
  auto other = make_sim_cluster_model("small", 0, other_clock.clock());
  EXPECT_NE(other->token_secret(kRoot), secret);  // generated per model, never fixed
}

TEST_F(ModelTest, RootTokenWithoutPrivsepHasEverything) {
  EXPECT_TRUE(model->has_privilege(kRoot, "/", "Sys.Modify"));
  EXPECT_TRUE(model->has_privilege(kRoot, "/vms/100", "VM.PowerMgmt"));
  EXPECT_TRUE(model->has_privilege(kRoot, "/storage/local", "Datastore.Allocate"));
  EXPECT_TRUE(model->has_privilege("root@pam", "/nodes/pve1", "Sys.PowerMgmt"));
}

TEST_F(ModelTest, AuditorReadsButDoesNotChange) {
  EXPECT_TRUE(model->has_privilege(kAuditor, "/vms/100", "VM.Audit"));
  EXPECT_TRUE(model->has_privilege(kAuditor, "/nodes/pve3", "Sys.Audit"));
  EXPECT_TRUE(model->has_privilege(kAuditor, "/storage/local", "Datastore.Audit"));
  EXPECT_FALSE(model->has_privilege(kAuditor, "/vms/100", "VM.PowerMgmt"));
  EXPECT_FALSE(model->has_privilege(kAuditor, "/storage/local", "Datastore.AllocateSpace"));
  EXPECT_FALSE(model->has_privilege("nobody@pve!x", "/", "Sys.Audit"));
}

TEST_F(ModelTest, PrivsepIntersectsTokenAndUserAcls) {
  // operator@pve has PVEVMAdmin on /vms; its token only on /vms/100.
  EXPECT_TRUE(model->has_privilege("operator@pve", "/vms/102", "VM.PowerMgmt"));
  EXPECT_TRUE(model->has_privilege(kOperator, "/vms/100", "VM.PowerMgmt"));
  EXPECT_TRUE(model->has_privilege(kOperator, "/vms/100", "VM.Snapshot"));
  EXPECT_FALSE(model->has_privilege(kOperator, "/vms/102", "VM.PowerMgmt"));
  EXPECT_FALSE(model->has_privilege(kOperator, "/vms/100", "Sys.Audit"));
  EXPECT_TRUE(model->has_privilege(kOperator, "/storage/local", "Datastore.AllocateSpace"));
  EXPECT_FALSE(model->has_privilege(kOperator, "/storage/local-lvm", "Datastore.AllocateSpace"));
  EXPECT_FALSE(model->has_privilege(kOperator, "/storage/local", "Datastore.Allocate"));
}

TEST(AccessControlRules, PropagationNoAccessGroupsAndCustomRoles) {
  AccessControl access;
  access.add_user("alice@pve", {"ops"});
  access.add_role("PowerOnly", {"VM.PowerMgmt", "VM.Audit"});
  access.add_acl({"/vms", AclKind::kGroup, "ops", "PVEAuditor", true});
  access.add_acl({"/vms/200", AclKind::kUser, "alice@pve", "PowerOnly", false});
  access.add_acl({"/vms/300", AclKind::kGroup, "ops", "NoAccess", true});
  access.add_acl({"/storage", AclKind::kUser, "alice@pve", "PVEDatastoreUser", false});
  EXPECT_TRUE(access.has_privilege("alice@pve", "/vms/100", "VM.Audit"));
  EXPECT_FALSE(access.has_privilege("alice@pve", "/vms/100", "VM.PowerMgmt"));
  // A user ACL on the exact path replaces the group's inherited role.
  EXPECT_TRUE(access.has_privilege("alice@pve", "/vms/200", "VM.PowerMgmt"));
  EXPECT_FALSE(access.has_privilege("alice@pve", "/vms/200", "VM.GuestAgent.Audit"));
  EXPECT_FALSE(access.has_privilege("alice@pve", "/vms/300", "VM.Audit"));
  // Without propagate, a role holds on its own path only.
  EXPECT_TRUE(access.has_privilege("alice@pve", "/storage", "Datastore.AllocateSpace"));
  EXPECT_FALSE(access.has_privilege("alice@pve", "/storage/local", "Datastore.AllocateSpace"));
  EXPECT_EQ(access.privileges("alice@pve", "/storage").at("Datastore.Audit"), false);
  EXPECT_TRUE(access.has_privilege("alice@pve", "/vms/100/", "VM.Audit"));  // trailing slash
}

TEST(AccessControlRules, BuiltinRoleContents) {
  AccessControl access;
  access.add_user("u@pve");
  access.add_acl({"/", AclKind::kUser, "u@pve", "PVEVMAdmin", true});
  for (const char* p : {"VM.Allocate", "VM.PowerMgmt", "VM.Snapshot", "VM.Config.Disk", "VM.Backup",
                        "VM.Console", "VM.Audit", "VM.Clone", "VM.GuestAgent.Unrestricted"}) {
    EXPECT_TRUE(access.has_privilege("u@pve", "/vms/1", p)) << p;
  }
  EXPECT_FALSE(access.has_privilege("u@pve", "/", "Sys.Audit"));
  EXPECT_FALSE(access.has_privilege("u@pve", "/", "Datastore.AllocateSpace"));
  access.add_user("d@pve");
  access.add_acl({"/", AclKind::kUser, "d@pve", "PVEDatastoreUser", true});
  EXPECT_TRUE(access.has_privilege("d@pve", "/storage/x", "Datastore.AllocateSpace"));
  EXPECT_TRUE(access.has_privilege("d@pve", "/storage/x", "Datastore.Audit"));
  EXPECT_FALSE(access.has_privilege("d@pve", "/storage/x", "Datastore.Allocate"));
  access.add_user("a@pve");
  access.add_acl({"/", AclKind::kUser, "a@pve", "Administrator", true});
  EXPECT_TRUE(access.has_privilege("a@pve", "/nodes/n", "Sys.PowerMgmt"));
  EXPECT_TRUE(access.has_privilege("a@pve", "/", "Permissions.Modify"));
}

TEST_F(ModelTest, AuditFilteringHidesGuestsAndStorages) {
  // The operator token may audit VM 100 only, and the local storage only.
  const Json qemu = call_ok("/nodes/{node}/qemu", "/nodes/pve1/qemu", Json::object(), kOperator);
  ASSERT_EQ(qemu.size(), 1u);
  EXPECT_EQ(qemu[0]["vmid"], 100);
  EXPECT_EQ(call_ok("/nodes/{node}/lxc", "/nodes/pve1/lxc", Json::object(), kOperator).size(), 0u);
  const Json resources =
      call_ok("/cluster/resources", "/cluster/resources", Json::object(), kOperator);
  std::set<std::string> ids;
  for (const auto& entry : resources) ids.insert(entry["id"].get<std::string>());
  EXPECT_TRUE(ids.contains("qemu/100"));
  EXPECT_FALSE(ids.contains("lxc/101"));
  EXPECT_TRUE(ids.contains("storage/pve1/local"));
  EXPECT_FALSE(ids.contains("storage/pve1/local-lvm"));
  EXPECT_TRUE(ids.contains("node/pve1"));  // nodes are listed, without figures
  for (const auto& entry : resources) {
    if (entry["id"] == "node/pve1") {
      EXPECT_FALSE(entry.contains("mem"));
    }
  }
  const Json storages = call_ok("/storage", "/storage", Json::object(), kOperator);
  ASSERT_EQ(storages.size(), 1u);
  EXPECT_EQ(storages[0]["storage"], "local");
  // Backups of guests the caller cannot audit are not listed either.
  const Json content = call_ok("/nodes/{node}/storage/{storage}/content",
                               "/nodes/pve1/storage/local/content", Json::object(), kOperator);
  for (const auto& entry : content) EXPECT_NE(entry.value("vmid", 0), 101);
  EXPECT_EQ(content.size(), 5u);
}

TEST_F(ModelTest, AuditorSeesWhatRootSees) {
  const Json as_root = call_ok("/cluster/resources", "/cluster/resources");
  const Json as_auditor =
      call_ok("/cluster/resources", "/cluster/resources", Json::object(), kAuditor);
  EXPECT_EQ(as_root, as_auditor);
  EXPECT_EQ(call_ok("/nodes", "/nodes", Json::object(), kAuditor), call_ok("/nodes", "/nodes"));
}

TEST_F(ModelTest, PermissionsOfTheCaller) {
  const Json auditor =
      call_ok("/access/permissions", "/access/permissions", Json::object(), kAuditor);
  ASSERT_TRUE(auditor.contains("/"));
  EXPECT_EQ(auditor["/"]["VM.Audit"], 1);
  EXPECT_EQ(auditor["/"]["Sys.Audit"], 1);
  EXPECT_FALSE(auditor["/"].contains("VM.PowerMgmt"));
  const Json root = call_ok("/access/permissions", "/access/permissions");
  EXPECT_EQ(root["/"]["Sys.PowerMgmt"], 1);
  EXPECT_EQ(root["/"].size(), AccessControl::all_privileges().size());
  const Json one =
      call_ok("/access/permissions", "/access/permissions", {{"path", "/vms/100"}}, kOperator);
  EXPECT_EQ(one["/vms/100"]["VM.PowerMgmt"], 1);
  EXPECT_EQ(
      call_ok("/access/permissions", "/access/permissions", {{"path", "/vms/102"}}, kOperator),
      Json::object());
  const ApiResponse other =
      call("/access/permissions", "/access/permissions", {{"userid", "root@pam"}}, kOperator);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.message, "Permission check failed (/access, Sys.Audit)\n");
  EXPECT_EQ(
      call("/access/permissions", "/access/permissions", {{"userid", "root@pam"}}, kAuditor).status,
      200);
}

TEST_F(ModelTest, ConcurrentCallsAreSafe) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (call("/cluster/resources", "/cluster/resources").status == 200) ++ok;
        model->set_node_offline("pve2", i % 2 == 0);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 200);
}

}  // namespace
}  // namespace pvesim::test
