// Migration and template tools against pve-sim: the requests PVE received, where the guest is
// afterwards and in what state, and PVE's own refusals.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class WriteMigrate : public WriteSimTest {
 protected:
  std::string status(const std::string& node, const std::string& type, int vmid) {
    return guest_get(node, type, vmid, "/status/current").value("status", "");
  }
  // The first request that was not a read.
  Request first_write() {
    for (const auto& r : changes()) {
      if (std::get<0>(r) != "GET") return r;
    }
    ADD_FAILURE() << "nothing was written";
    return {};
  }
};

// ---- migration ----

// VM 104 runs on pve1 with its disk on local-lvm: a live migration copies it to pve2.
TEST_F(WriteMigrate, LiveMigrationLeavesTheVmRunningOnTheTarget) {
  auto r = call("proxmox_migrate_vm",
                {{"node", "pve1"}, {"vmid", 104}, {"target", "pve2"}, {"online", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{
                           {"POST",
                            "/nodes/pve1/qemu/104/migrate",
                            {{"target", "pve2"}, {"online", "1"}, {"with-local-disks", "1"}}},
                           {"GET", "/nodes/pve2/qemu/104/status/current", {}}}));
  EXPECT_FALSE(exists("pve1", "qemu", 104));
  EXPECT_EQ(config("pve2", "qemu", 104).value("scsi0", ""),
            "local-lvm:vm-104-disk-0,iothread=1,size=100G");
  EXPECT_EQ(status("pve2", "qemu", 104), "running");
  EXPECT_EQ(r.structured["now_on"], "pve2");
  EXPECT_EQ(r.structured["status_now"], "running");
  EXPECT_EQ(r.structured["exitstatus"], "OK");
  EXPECT_TRUE(contains(r.text, "🚚 **VM Migrated**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Now On**: pve2\n• **Status**: running")) << r.text;
}

// CT 103 on pve2, once started, moves to pve1 only as a restart migration and runs there.
TEST_F(WriteMigrate, RestartMigrationRestartsTheContainerOnTheTarget) {
  ASSERT_FALSE(call("proxmox_start_lxc", {{"node", "pve2"}, {"vmid", 103}}).is_error);
  auto refused = call("proxmox_migrate_lxc", {{"node", "pve2"}, {"vmid", 103}, {"target", "pve1"}});
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text, "can't migrate running container without --online or --restart");
  EXPECT_EQ(status("pve2", "lxc", 103), "running");
  clear();
  auto r = call("proxmox_migrate_lxc",
                {{"node", "pve2"}, {"vmid", 103}, {"target", "pve1"}, {"restart", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      first_write(),
      (Request{"POST", "/nodes/pve2/lxc/103/migrate", {{"target", "pve1"}, {"restart", "1"}}}));
  EXPECT_FALSE(exists("pve2", "lxc", 103));
  EXPECT_EQ(status("pve1", "lxc", 103), "running");
  EXPECT_EQ(r.structured["now_on"], "pve1");
  EXPECT_EQ(r.structured["type"], "lxc");
}

TEST_F(WriteMigrate, RefusalsLeaveTheGuestWhereItWas) {
  auto same = call("proxmox_migrate_vm", {{"node", "pve1"}, {"vmid", 104}, {"target", "pve1"}});
  EXPECT_TRUE(same.is_error);
  EXPECT_EQ(same.text,
            "Invalid argument 'target': VM 104 is already on node pve1; name another node of the "
            "cluster");
  EXPECT_TRUE(requests().empty());

  auto running = call("proxmox_migrate_vm", {{"node", "pve1"}, {"vmid", 104}, {"target", "pve2"}});
  EXPECT_TRUE(running.is_error);
  EXPECT_EQ(running.text, "can't migrate running VM without --online");

  // pve3 is offline in this seed: the worker cannot reach it.
  auto offline = call("proxmox_migrate_vm", {{"node", "pve2"}, {"vmid", 102}, {"target", "pve3"}});
  EXPECT_TRUE(offline.is_error);
  EXPECT_TRUE(contains(offline.text, "❌ **VM Migration Failed**")) << offline.text;
  EXPECT_TRUE(exists("pve1", "qemu", 104));
  EXPECT_TRUE(exists("pve2", "qemu", 102));
}

// ---- templates ----

// Without `type`, the server finds that 102 is a VM; its disks become base volumes.
TEST_F(WriteMigrate, ConvertVmMakesBaseVolumes) {
  auto r = call("proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 102}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(first_write(), (Request{"POST", "/nodes/pve2/qemu/102/template", {}}));
  const json after = config("pve2", "qemu", 102);
  EXPECT_EQ(after.value("template", 0), 1);
  EXPECT_EQ(after.value("sata0", ""), "local-lvm:base-102-disk-1,size=64G");
  EXPECT_EQ(r.structured["template"], true);
  EXPECT_EQ(r.structured["type"], "qemu");
  EXPECT_TRUE(contains(r.text, "🧬 **Converted to Template**")) << r.text;
}

TEST_F(WriteMigrate, ConvertContainerFollowsItsWorker) {
  auto r = call("proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 103}, {"type", "lxc"}});
  ASSERT_FALSE(r.is_error) << r.text;
  const json after = config("pve2", "lxc", 103);
  EXPECT_EQ(after.value("template", 0), 1);
  EXPECT_EQ(after.value("rootfs", ""), "local-lvm:base-103-disk-0,size=8G");
  EXPECT_NE(r.structured["upid"].get<std::string>().find(":vztemplate:103:"), std::string::npos);
  EXPECT_EQ(r.structured["exitstatus"], "OK");
}

TEST_F(WriteMigrate, ConvertRefusals) {
  auto running = call("proxmox_convert_to_template", {{"node", "pve1"}, {"vmid", 104}});
  EXPECT_TRUE(running.is_error);
  EXPECT_EQ(running.text, "VM 104 is running; stop it first (Proxmox converts only a stopped VM)");
  for (const auto& r : requests()) EXPECT_EQ(std::get<0>(r), "GET") << std::get<1>(r);
  EXPECT_FALSE(config("pve1", "qemu", 104).contains("template"));

  auto again = call("proxmox_convert_to_template", {{"node", "pve1"}, {"vmid", 9000}});
  EXPECT_TRUE(again.is_error);
  EXPECT_EQ(again.text, "you can't convert a template to a template");
}

TEST_F(WriteMigrate, ConvertSparesAProtectedGuest) {
  client_->put("/nodes/pve2/qemu/102/config", {{"protection", "1"}});
  auto r = call("proxmox_convert_to_template", {{"node", "pve2"}, {"vmid", 102}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text,
                       "VM 102 is protected (protection=1): refusing to convert it to a "
                       "template."))
      << r.text;
  for (const auto& req : requests()) {
    if (std::get<0>(req) != "GET") {
      EXPECT_EQ(std::get<1>(req), "/nodes/pve2/qemu/102/config") << "only the test's own PUT";
    }
  }
  EXPECT_FALSE(config("pve2", "qemu", 102).contains("template"));
}

}  // namespace
}  // namespace integration
