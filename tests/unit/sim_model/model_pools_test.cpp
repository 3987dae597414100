// Resource pools: the seeded "prod" pool, GET/POST/PUT /pools, `pool` on create, restore and
// clone, the pool in /cluster/resources, and a destroyed guest leaving its pool.
#include <set>

#include "cluster_seed.h"
#include "model_pipeline_support.h"
#include "model_write_support.h"

namespace pvesim::test {
namespace {

class PoolTest : public WriteTest {
 protected:
  Json pools(Json params = Json::object(), const std::string& auth_id = kRoot) {
    return call_ok("/pools", "/pools", std::move(params), auth_id);
  }
  std::set<int> member_vmids(const std::string& poolid) {
    std::set<int> out;
    const Json pool = call_ok("/pools/{poolid}", "/pools/" + poolid);
    for (const auto& member : pool["members"]) {
      if (member.contains("vmid")) out.insert(member["vmid"].get<int>());
    }
    return out;
  }
  Json resource(const std::string& id) {
    for (const auto& entry : call_ok("/cluster/resources", "/cluster/resources")) {
      if (entry["id"] == id) return entry;
    }
    return nullptr;
  }
  static void expect_answer(const ApiResponse& response, int status, const std::string& message) {
    EXPECT_EQ(response.status, status) << response.message;
    EXPECT_EQ(response.message, message);
  }
  static void expect_answer(const HttpResponse& response, int status, const std::string& reason) {
    EXPECT_EQ(response.status, status) << response.reason;
    EXPECT_EQ(response.reason, reason);
  }
  ApiResponse put_pool(Json params, const std::string& auth_id = kRoot) {
    return send("PUT", "/pools", "/pools", std::move(params), auth_id);
  }
  HttpResponse through_api(const std::string& method, const std::string& path,
                           const std::string& body, const std::string& auth_id) {
    return test::through_api(*model, method, path, body, auth_id);
  }
};

TEST_F(PoolTest, TheSmallSeedHasAProdPoolWithWebAndDb) {
  EXPECT_EQ(pools(), (Json::array({{{"poolid", "prod"}, {"comment", "Production services"}}})));
  const Json prod = pools({{"poolid", "prod"}});
  ASSERT_EQ(prod.size(), 1u);
  EXPECT_EQ(prod[0]["poolid"], "prod");
  EXPECT_EQ(prod[0]["comment"], "Production services");
  ASSERT_EQ(prod[0]["members"].size(), 2u);
  // A member is the guest's /cluster/resources entry without what Cluster.pm adds.
  Json web = resource("qemu/100");
  for (const char* added : {"pool", "tags"}) web.erase(added);
  EXPECT_EQ(prod[0]["members"][0], web);
  EXPECT_EQ(prod[0]["members"][1]["id"], "qemu/104");
  EXPECT_EQ(call_ok("/pools/{poolid}", "/pools/prod"),
            (Json{{"comment", "Production services"}, {"members", prod[0]["members"]}}));
  EXPECT_EQ(pools({{"poolid", "prod"}, {"type", "lxc"}})[0]["members"], Json::array());
}

TEST_F(PoolTest, ResourcesListThePoolFirstAndTheGuestsNameIt) {
  const Json all = call_ok("/cluster/resources", "/cluster/resources");
  ASSERT_FALSE(all.empty());
  // Web (2 cpus, 4 GiB) and db (4 cpus, 16 GiB) both run: the pool sums them up.
  const Json& pool = all[0];
  EXPECT_EQ(pool["id"], "/pool/prod");
  EXPECT_EQ(pool["type"], "pool");
  EXPECT_EQ(pool["pool"], "prod");
  EXPECT_EQ(pool["maxcpu"], 6);
  EXPECT_EQ(pool["maxmem"], 20LL * 1024 * 1024 * 1024);
  const Json web = resource("qemu/100");
  const Json db = resource("qemu/104");
  EXPECT_EQ(pool["mem"], web["mem"].get<std::int64_t>() + db["mem"].get<std::int64_t>());
  EXPECT_EQ(pool["uptime"],
            std::max(web["uptime"].get<std::int64_t>(), db["uptime"].get<std::int64_t>()));
  EXPECT_DOUBLE_EQ(pool["cpu"].get<double>(),
                   (web["cpu"].get<double>() * 2 + db["cpu"].get<double>() * 4) / 6);
  EXPECT_EQ(web["pool"], "prod");
  EXPECT_EQ(db["pool"], "prod");
  EXPECT_FALSE(resource("lxc/101").contains("pool"));
  // type=vm leaves the pool entries out.
  for (const auto& entry : call_ok("/cluster/resources", "/cluster/resources", {{"type", "vm"}})) {
    EXPECT_NE(entry["type"], "pool");
  }
}

TEST_F(PoolTest, WithoutPoolAuditThePoolIsHidden) {
  // The operator token has PVEVMAdmin on /vms/100 only: no Pool.Audit anywhere.
  EXPECT_EQ(pools(Json::object(), kOperator), Json::array());
  const Json resources =
      call_ok("/cluster/resources", "/cluster/resources", Json::object(), kOperator);
  for (const auto& entry : resources) {
    EXPECT_NE(entry["type"], "pool");
    if (entry["id"] == "qemu/100") {
      EXPECT_FALSE(entry.contains("pool"));
    }
  }
  ApiResponse one = call("/pools", "/pools", {{"poolid", "prod"}}, kOperator);
  expect_answer(one, 403, "Permission check failed (/pool/prod, Pool.Audit)\n");
  HttpResponse deprecated = through_api("GET", "/pools/prod", "", kOperator);
  expect_answer(deprecated, 403, "Permission check failed (/pool/prod, Pool.Audit)");
  EXPECT_EQ(through_api("GET", "/pools/prod", "", kAuditor).status, 200);
}

TEST_F(PoolTest, CreateAPoolAndRefuseATakenName) {
  ApiResponse created = send("POST", "/pools", "/pools", {{"poolid", "lab"}, {"comment", "Tests"}});
  EXPECT_EQ(created.status, 200) << created.message;
  EXPECT_TRUE(created.data.is_null());
  EXPECT_EQ(pools(), (Json::array({{{"poolid", "lab"}, {"comment", "Tests"}},
                                   {{"poolid", "prod"}, {"comment", "Production services"}}})));
  EXPECT_EQ(call_ok("/pools/{poolid}", "/pools/lab"),
            (Json{{"comment", "Tests"}, {"members", Json::array()}}));
  ApiResponse again = send("POST", "/pools", "/pools", {{"poolid", "lab"}});
  expect_answer(again, 500, "create pool failed: pool 'lab' already exists\n");
  ApiResponse missing = call("/pools/{poolid}", "/pools/nope");
  expect_answer(missing, 500, "pool 'nope' does not exist\n");
  HttpResponse denied = through_api("POST", "/pools", "poolid=ops", kOperator);
  expect_answer(denied, 403, "Permission check failed (/pool/ops, Pool.Allocate)");
  EXPECT_EQ(through_api("POST", "/pools", "poolid=ops", kRoot).status, 200);
  EXPECT_EQ(pools().size(), 3u);
}

TEST_F(PoolTest, PutMovesGuestsInAndOut) {
  ASSERT_EQ(send("POST", "/pools", "/pools", {{"poolid", "lab"}}).status, 200);
  ApiResponse added = put_pool({{"poolid", "lab"}, {"vms", "101,103"}, {"storage", "local"}});
  EXPECT_EQ(added.status, 200) << added.message;
  EXPECT_EQ(member_vmids("lab"), (std::set<int>{101, 103}));
  const Json lab = call_ok("/pools/{poolid}", "/pools/lab")["members"];
  EXPECT_EQ(lab.back()["id"], "storage/pve1/local");
  EXPECT_EQ(resource("lxc/101")["pool"], "lab");

  ApiResponse taken = put_pool({{"poolid", "lab"}, {"vms", "100"}});
  expect_answer(
      taken, 500,
      "update pools failed: VM 100 belongs already to pool 'prod' and 'allow-move' is not "
      "set\n");
  EXPECT_EQ(put_pool({{"poolid", "lab"}, {"vms", "100"}, {"allow-move", "1"}}).status, 200);
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{104}));
  EXPECT_EQ(member_vmids("lab"), (std::set<int>{100, 101, 103}));

  ApiResponse twice = put_pool({{"poolid", "lab"}, {"vms", "101"}});
  EXPECT_EQ(twice.message, "update pools failed: VM 101 is already a pool member\n");
  EXPECT_EQ(put_pool({{"poolid", "lab"}, {"vms", "101"}, {"delete", "1"}}).status, 200);
  ApiResponse gone = put_pool({{"poolid", "lab"}, {"vms", "101"}, {"delete", "1"}});
  expect_answer(gone, 500, "update pools failed: VM 101 is not a pool member\n");
  // A failure part-way leaves the pools as they were.
  EXPECT_EQ(put_pool({{"poolid", "lab"}, {"vms", "105,103"}}).status, 500);
  EXPECT_EQ(member_vmids("lab"), (std::set<int>{100, 103}));
  EXPECT_EQ(put_pool({{"poolid", "nope"}, {"vms", "105"}}).message,
            "update pools failed: pool 'nope' does not exist\n");
}

TEST_F(PoolTest, TheStateDumpListsThePoolsAndResetRestoresTheSeededOnes) {
  const Json prod = {{"comment", "Production services"},
                     {"vms", Json::array({100, 104})},
                     {"storage", Json::array()}};
  EXPECT_EQ(model->dump_state()["pools"], Json({{"prod", prod}}));
  ASSERT_EQ(send("POST", "/pools", "/pools", {{"poolid", "lab"}, {"comment", "Tests"}}).status,
            200);
  ASSERT_EQ(put_pool({{"poolid", "lab"}, {"vms", "101"}, {"storage", "local,local-lvm"}}).status,
            200);
  const Json lab = {{"comment", "Tests"},
                    {"vms", Json::array({101})},
                    {"storage", Json::array({"local", "local-lvm"})}};
  EXPECT_EQ(model->dump_state()["pools"], Json({{"lab", lab}, {"prod", prod}}));
  // The space of each storage stays in the dump under its own key.
  EXPECT_TRUE(model->dump_state()["storage_pools"].contains("pve1/local"));

  ASSERT_TRUE(model->reset());
  EXPECT_EQ(model->dump_state()["pools"], Json({{"prod", prod}}));
}

TEST_F(PoolTest, PutNeedsPoolAllocateAndTheRightToModifyTheGuest) {
  model->with_state([](ClusterState& state) {
    state.access.add_acl({"/pool/prod", AclKind::kToken, "operator@pve!ops", "PVEPoolAdmin", true});
    state.access.add_acl({"/pool/prod", AclKind::kUser, "operator@pve", "PVEPoolAdmin", true});
  });
  // VM 100: VM.Allocate through PVEVMAdmin; VM 101: neither that nor Permissions.Modify.
  EXPECT_EQ(put_pool({{"poolid", "prod"}, {"vms", "100"}, {"delete", "1"}}, kOperator).status, 200);
  ApiResponse other = put_pool({{"poolid", "prod"}, {"vms", "101"}}, kOperator);
  expect_answer(other, 500,
                "update pools failed: Permission check failed (/vms/101, "
                "Permissions.Modify|VM.Allocate)\n");
  HttpResponse auditor = through_api("PUT", "/pools", "poolid=prod&comment=x", kAuditor);
  expect_answer(auditor, 403, "Permission check failed (/pool/prod, Pool.Allocate)");
  EXPECT_EQ(through_api("PUT", "/pools", "poolid=prod&comment=x", kOperator).status, 200);
  EXPECT_EQ(pools()[0]["comment"], "x");
}

TEST_F(PoolTest, CreateRestoreAndCloneJoinTheNamedPool) {
  const std::string created = start("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                                    {{"vmid", "130"}, {"pool", "prod"}, {"memory", "1024"}});
  // The worker adds the guest when it ends.
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{100, 104}));
  finish();
  EXPECT_EQ(task_status(created)["exitstatus"], "OK");
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{100, 104, 130}));
  EXPECT_EQ(resource("qemu/130")["pool"], "prod");

  EXPECT_EQ(run("POST", "/nodes/{node}/lxc", "/nodes/pve1/lxc",
                {{"vmid", "131"},
                 {"ostemplate", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"},
                 {"restore", "1"},
                 {"storage", "local-lvm"},
                 {"pool", "prod"}}),
            "OK");
  EXPECT_EQ(run("POST", "/nodes/{node}/qemu/{vmid}/clone", "/nodes/pve1/qemu/104/clone",
                {{"newid", "132"}, {"pool", "prod"}}),
            "OK");
  EXPECT_EQ(run("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                {{"vmid", "133"},
                 {"archive", "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"},
                 {"pool", "prod"}}),
            "OK");
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{100, 104, 130, 131, 132, 133}));

  ApiResponse missing =
      send("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu", {{"vmid", "134"}, {"pool", "nope"}});
  expect_answer(missing, 403, "Permission check failed (pool 'nope' does not exist)\n");
}

TEST_F(PoolTest, VmAllocateOnThePoolIsEnoughToCreateInIt) {
  model->with_state([](ClusterState& state) {
    state.access.add_acl({"/pool/prod", AclKind::kToken, "operator@pve!ops", "PVEVMAdmin", true});
    state.access.add_acl({"/pool/prod", AclKind::kUser, "operator@pve", "PVEVMAdmin", true});
  });
  // The token has PVEVMAdmin on /vms/100 and now on /pool/prod, not on /vms/140.
  ApiResponse outside = send("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                             {{"vmid", "140"}, {"memory", "512"}}, kOperator);
  expect_answer(outside, 403, "Permission check failed\n");
  ApiResponse inside = send("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                            {{"vmid", "140"}, {"memory", "512"}, {"pool", "prod"}}, kOperator);
  EXPECT_EQ(inside.status, 200) << inside.message;
  finish();
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{100, 104, 140}));
}

TEST_F(PoolTest, ADestroyedGuestLeavesItsPool) {
  ASSERT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/104/status/stop"),
      "OK");
  ASSERT_EQ(run("DELETE", "/nodes/{node}/qemu/{vmid}", "/nodes/pve1/qemu/104"), "OK");
  EXPECT_EQ(member_vmids("prod"), (std::set<int>{100}));
  model->with_state([](ClusterState& state) {
    EXPECT_EQ(state.resource_pools.at("prod").vms, std::set<int>{100});
  });
}

TEST_F(PoolTest, VzdumpBacksUpThePoolMembersOfTheNode) {
  const std::string upid = start("POST", "/nodes/{node}/vzdump", "/nodes/pve1/vzdump",
                                 {{"pool", "prod"}, {"storage", "local"}, {"compress", "zstd"}});
  EXPECT_NE(upid.find(":vzdump::"), std::string::npos) << upid;  // two guests: no single id
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_TRUE(
      has_volume("pve1", "local", "local:backup/vzdump-qemu-100-2026_11_26-00_00_00.vma.zst"));
  EXPECT_TRUE(
      has_volume("pve1", "local", "local:backup/vzdump-qemu-104-2026_11_26-00_00_00.vma.zst"));
}

constexpr const char* kPoolAdmin = "pooladmin@pve!prod";

TEST_F(PoolTest, RolesOnThePoolApplyToItsMembersWithoutPropagating) {
  model->with_state([](ClusterState& state) {
    state.access.add_user("pooladmin@pve");
    state.access.add_token({"pooladmin@pve", "prod", true, random_uuid(), ""});
    state.access.add_acl({"/pool/prod", AclKind::kUser, "pooladmin@pve", "PVEVMAdmin", true});
    state.access.add_acl({"/pool/prod", AclKind::kToken, kPoolAdmin, "PVEVMAdmin", true});
  });
  EXPECT_TRUE(model->has_privilege(kPoolAdmin, "/vms/104", "VM.PowerMgmt"));
  EXPECT_FALSE(model->has_privilege(kPoolAdmin, "/vms/102", "VM.PowerMgmt"));
  EXPECT_EQ(call_ok("/access/permissions", "/access/permissions", {{"path", "/vms/104"}},
                    kPoolAdmin)["/vms/104"]["VM.PowerMgmt"],
            0);  // pool-derived roles never propagate
  const Json all =
      call_ok("/access/permissions", "/access/permissions", Json::object(), kPoolAdmin);
  EXPECT_TRUE(all.contains("/vms/100"));  // pool members are listed
  EXPECT_FALSE(all.contains("/vms/102"));

  // A guest that joins the pool gains them, one that leaves loses them.
  ASSERT_EQ(put_pool({{"poolid", "prod"}, {"vms", "102"}}).status, 200);
  ASSERT_EQ(put_pool({{"poolid", "prod"}, {"vms", "104"}, {"delete", "1"}}).status, 200);
  EXPECT_TRUE(model->has_privilege(kPoolAdmin, "/vms/102", "VM.PowerMgmt"));
  EXPECT_FALSE(model->has_privilege(kPoolAdmin, "/vms/104", "VM.PowerMgmt"));
}

TEST_F(PoolTest, NoAccessOnThePoolTrumpsTheMembersOwnAcls) {
  // The auditor token has PVEAuditor on / (propagated to every guest).
  model->with_state([](ClusterState& state) {
    state.access.add_acl({"/pool/prod", AclKind::kToken, kAuditor, "NoAccess", true});
  });
  EXPECT_FALSE(model->has_privilege(kAuditor, "/vms/100", "VM.Audit"));
  EXPECT_TRUE(model->has_privilege(kAuditor, "/vms/101", "VM.Audit"));
  EXPECT_EQ(call_ok("/nodes/{node}/qemu", "/nodes/pve1/qemu", Json::object(), kAuditor).size(),
            1u);  // 9000 only: web and db are hidden
}

TEST_F(PoolTest, OnlyAnEmptyPoolIsDeletedAndItsAclsGoWithIt) {
  auto delete_pool = [&](const std::string& poolid) {
    return send("DELETE", "/pools", "/pools", {{"poolid", poolid}});
  };
  expect_answer(delete_pool("prod"), 500,
                "delete pool failed: pool 'prod' is not empty (contains VM 100)\n");
  ASSERT_EQ(send("POST", "/pools", "/pools", {{"poolid", "lab"}}).status, 200);
  ASSERT_EQ(put_pool({{"poolid", "lab"}, {"storage", "local"}}).status, 200);
  expect_answer(delete_pool("lab"), 500,
                "delete pool failed: pool 'lab' is not empty (contains storage 'local')\n");
  ASSERT_EQ(put_pool({{"poolid", "lab"}, {"storage", "local"}, {"delete", "1"}}).status, 200);
  model->with_state([](ClusterState& state) {
    state.access.add_acl({"/pool/lab", AclKind::kToken, kOperator, "PVEPoolAdmin", true});
    state.access.add_acl({"/pool/lab", AclKind::kUser, "operator@pve", "PVEPoolAdmin", true});
  });
  ASSERT_TRUE(model->has_privilege(kOperator, "/pool/lab", "Pool.Allocate"));
  ApiResponse deleted = send("DELETE", "/pools/{poolid}", "/pools/lab");
  EXPECT_EQ(deleted.status, 200) << deleted.message;
  EXPECT_TRUE(deleted.data.is_null());
  EXPECT_EQ(pools().size(), 1u);
  // A new pool of that name starts without the old pool's ACLs.
  ASSERT_EQ(send("POST", "/pools", "/pools", {{"poolid", "lab"}}).status, 200);
  EXPECT_EQ(
      call_ok("/access/permissions", "/access/permissions", {{"path", "/pool/lab"}}, kOperator),
      Json::object());
  expect_answer(delete_pool("nope"), 500, "delete pool failed: pool 'nope' does not exist\n");
  // Members that are gone do not keep a pool alive.
  model->with_state([](ClusterState& state) {
    state.guests.erase(100);
    state.guests.erase(104);
  });
  EXPECT_EQ(delete_pool("prod").status, 200);
  HttpResponse denied = through_api("DELETE", "/pools?poolid=lab", "", kAuditor);
  expect_answer(denied, 403, "Permission check failed (/pool/lab, Pool.Allocate)");
}

}  // namespace
}  // namespace pvesim::test
