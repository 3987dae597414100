// The seeded custom role VMOperator on support@pve!power: it audits, powers and opens consoles
// on every guest, and is refused every config change, through the whole request pipeline.
#include "model_pipeline_support.h"
#include "model_write_support.h"

namespace pvesim::test {
namespace {

constexpr const char* kSupport = "support@pve!power";

class CustomRoleTest : public WriteTest {
 protected:
  HttpResponse through_api(const std::string& method, const std::string& path,
                           const std::string& body = "") {
    return test::through_api(*model, method, path, body, kSupport);
  }
};

TEST_F(CustomRoleTest, TheTokenHasExactlyTheRolesPrivileges) {
  const Json vms =
      call_ok("/access/permissions", "/access/permissions", {{"path", "/vms/100"}}, kSupport);
  EXPECT_EQ(
      vms,
      (Json{{"/vms/100",
             {{"Datastore.Audit", 1}, {"VM.Audit", 1}, {"VM.Console", 1}, {"VM.PowerMgmt", 1}}}}));
  EXPECT_FALSE(model->has_privilege(kSupport, "/vms/100", "VM.Config.Memory"));
  EXPECT_FALSE(model->has_privilege(kSupport, "/storage/local", "Datastore.AllocateSpace"));
  EXPECT_TRUE(model->has_privilege(kSupport, "/storage/local", "Datastore.Audit"));
}

TEST_F(CustomRoleTest, StartsAVmButMayNotChangeItsConfig) {
  ASSERT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/100/status/stop"),
      "OK");
  HttpResponse started = through_api("POST", "/nodes/pve1/qemu/100/status/start");
  ASSERT_EQ(started.status, 200) << started.reason;
  const std::string upid = Json::parse(started.body)["data"].get<std::string>();
  EXPECT_NE(upid.find(":qmstart:100:support@pve!power:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_EQ(guest_status("qemu", 100)["status"], "running");

  // The config methods ask for any VM.Config.* privilege; the role has none, so the check of
  // the whole list fails before the handler looks at `memory`.
  HttpResponse memory = through_api("PUT", "/nodes/pve1/qemu/100/config", "memory=8192");
  EXPECT_EQ(memory.status, 403);
  EXPECT_EQ(memory.reason,
            "Permission check failed (/vms/100, VM.Config.Disk|VM.Config.CDROM|VM.Config.CPU|"
            "VM.Config.Memory|VM.Config.Network|VM.Config.HWType|VM.Config.Options|"
            "VM.Config.Cloudinit)");
  EXPECT_EQ(guest_config("qemu", 100)["memory"], "4096");
  HttpResponse snapshot = through_api("POST", "/nodes/pve1/qemu/100/snapshot", "snapname=x");
  EXPECT_EQ(snapshot.status, 403);
  EXPECT_EQ(snapshot.reason, "Permission check failed (/vms/100, VM.Snapshot)");
}

}  // namespace
}  // namespace pvesim::test
