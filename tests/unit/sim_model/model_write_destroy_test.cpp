// DELETE of a guest: early refusals, the task, and the volumes it frees.
#include <algorithm>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

class DestroyTest : public WriteTest {
 protected:
  ApiResponse destroy(const std::string& kind, int vmid, const std::string& node,
                      Json params = Json::object()) {
    return send("DELETE", "/nodes/{node}/" + kind + "/{vmid}",
                "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid), std::move(params));
  }
  void set_config(int vmid, const std::string& key, Json value) {
    model->with_state(
        [&](ClusterState& state) { state.guests.at(vmid).config[key] = std::move(value); });
  }
  void add_orphan(const std::string& node, const std::string& volid, int vmid) {
    model->with_state([&](ClusterState& state) {
      Volume volume;
      volume.volid = volid;
      volume.content = "images";
      volume.format = "raw";
      volume.size = 1024LL * 1024 * 1024;
      volume.vmid = vmid;
      state.pool(node, "local-lvm")->volumes.push_back(volume);
    });
  }
};

TEST_F(DestroyTest, QemuDestroyFreesItsVolumesAndDisappears) {
  const ApiResponse response = destroy("qemu", 102, "pve2");
  ASSERT_EQ(response.status, 200) << response.message;
  const std::string upid = response.data.get<std::string>();
  EXPECT_NE(upid.find(":qmdestroy:102:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  for (const char* volid :
       {"local-lvm:vm-102-disk-0", "local-lvm:vm-102-disk-1", "local-lvm:vm-102-disk-2"}) {
    EXPECT_FALSE(has_volume("pve2", "local-lvm", volid)) << volid;
  }
  // The backup stays.
  EXPECT_TRUE(has_volume("pve1", "backup-nfs",
                         "backup-nfs:backup/vzdump-qemu-102-2026_11_25-02_15_12.vma.zst"));
  const ApiResponse gone = call("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve2/qemu/102/config");
  EXPECT_EQ(gone.status, 500);
  EXPECT_EQ(gone.message, "Configuration file 'nodes/pve2/qemu-server/102.conf' does not exist\n");
  for (const auto& item : call_ok("/cluster/resources", "/cluster/resources")) {
    EXPECT_NE(item.value("id", ""), "qemu/102");
  }
  EXPECT_EQ(call_ok("/cluster/nextid", "/cluster/nextid", {{"vmid", "102"}}), "102");
  const Json log =
      call_ok("/nodes/{node}/tasks/{upid}/log", "/nodes/pve2/tasks/x/log", {{"upid", upid}});
  EXPECT_EQ(log[0]["t"], "  Logical volume \"vm-102-disk-0\" successfully removed.");
  EXPECT_EQ(log.back()["t"], "TASK OK");
}

TEST_F(DestroyTest, EarlyRefusals) {
  const ApiResponse running = destroy("qemu", 100, "pve1");
  EXPECT_EQ(running.status, 500);
  EXPECT_EQ(running.message, "VM 100 is running - destroy failed\n");
  const ApiResponse ct_running = destroy("lxc", 101, "pve1");
  EXPECT_EQ(ct_running.status, 500);
  EXPECT_EQ(ct_running.message, "unable to destroy CT 101 - container is running\n");
  const ApiResponse missing = destroy("qemu", 999, "pve1");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message,
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
  set_config(102, "protection", 1);
  const ApiResponse protected_vm = destroy("qemu", 102, "pve2");
  EXPECT_EQ(protected_vm.status, 500);
  EXPECT_EQ(protected_vm.message, "can't remove VM 102 - protection mode enabled\n");
  set_config(103, "protection", 1);
  EXPECT_EQ(destroy("lxc", 103, "pve2").message, "can't remove CT 103 - protection mode enabled\n");
  EXPECT_EQ(guest_status("qemu", 100)["status"], "running");
}

TEST_F(DestroyTest, LockedGuestFailsInsideTheTask) {
  set_config(103, "lock", "mounted");
  EXPECT_EQ(run("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve2/lxc/103", {}, "pve2"),
            "CT is locked (mounted)");
  EXPECT_TRUE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-0"));
}

TEST_F(DestroyTest, DestroyDropsTheFirewallRulesAndWithPurgeTheHaResource) {
  EXPECT_EQ(run("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve1/lxc/101", {{"force", "1"}}),
            "OK");
  EXPECT_EQ(
      call_ok("/nodes/{node}/lxc/{vmid}/firewall/rules", "/nodes/pve1/lxc/101/firewall/rules"),
      Json::array());
  EXPECT_EQ(call("/cluster/ha/resources/{sid}", "/cluster/ha/resources/ct:101").status, 200);
  EXPECT_EQ(
      run("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve2/lxc/103", {{"purge", "1"}}, "pve2"),
      "OK");
  EXPECT_EQ(call("/cluster/ha/resources/{sid}", "/cluster/ha/resources/ct:103").message,
            "no such resource 'ct:103'\n");
  const Json dump = model->dump_state();
  EXPECT_FALSE(dump["firewall"]["guests"].contains("101"));
  EXPECT_TRUE(dump["firewall"]["guests"].contains("100"));
  EXPECT_TRUE(dump["ha_resources"].contains("vm:100"));
}

TEST_F(DestroyTest, ForcedContainerDestroyStopsItFirst) {
  EXPECT_EQ(run("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve1/lxc/101", {{"force", "1"}}),
            "OK");
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-101-disk-0"));
  for (const auto& item : call_ok("/nodes/{node}/lxc", "/nodes/pve1/lxc")) {
    EXPECT_NE(item["vmid"], 101);
  }
}

TEST_F(DestroyTest, UnreferencedDisksStayUnlessAsked) {
  add_orphan("pve2", "local-lvm:vm-103-disk-7", 103);
  const std::string upid = start("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve2/lxc/103");
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["lock"], "destroyed");
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  EXPECT_EQ(call("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve2/lxc/103/config").status, 500);
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-0"));
  EXPECT_TRUE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-7"));

  add_orphan("pve2", "local-lvm:vm-102-disk-9", 102);
  EXPECT_EQ(run("DELETE", "/nodes/{node}/qemu/{vmid}", "/nodes/pve2/qemu/102",
                {{"destroy-unreferenced-disks", "1"}, {"purge", "1"}}, "pve2"),
            "OK");
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-102-disk-9"));
}

TEST_F(DestroyTest, VolumesOnlyThePendingSectionNamesGoWithTheGuest) {
  // sata1 cannot be hot-plugged: its volume is allocated and the drive waits in pending.
  const ApiResponse added = send("PUT", "/nodes/{node}/qemu/{vmid}/config",
                                 "/nodes/pve1/qemu/100/config", {{"sata1", "local-lvm:4"}});
  ASSERT_EQ(added.status, 200) << added.message;
  ASSERT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-1"));
  model->with_state([](ClusterState& state) {
    const Guest& guest = state.guests.at(100);
    ASSERT_FALSE(guest.config.contains("sata1"));
    ASSERT_EQ(guest.pending["sata1"], "local-lvm:vm-100-disk-1,size=4G");
  });
  EXPECT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/100/status/stop"),
      "OK");
  const std::string upid =
      start("DELETE", "/nodes/{node}/qemu/{vmid}", "/nodes/pve1/qemu/100", {{"purge", "1"}});
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-1"));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-0"));
  const Json log =
      call_ok("/nodes/{node}/tasks/{upid}/log", "/nodes/pve1/tasks/x/log", {{"upid", upid}});
  Json texts = Json::array();
  for (const auto& line : log) texts.push_back(line["t"]);
  EXPECT_NE(std::find(texts.begin(), texts.end(),
                      "  Logical volume \"vm-100-disk-1\" successfully removed."),
            texts.end())
      << texts.dump();

  // A container's pending mount point volume goes too (destroy_lxc_container).
  add_orphan("pve2", "local-lvm:vm-103-disk-7", 103);
  model->with_state([](ClusterState& state) {
    state.guests.at(103).pending["mp1"] = "local-lvm:vm-103-disk-7,mp=/srv,size=1G";
  });
  EXPECT_EQ(
      run("DELETE", "/nodes/{node}/lxc/{vmid}", "/nodes/pve2/lxc/103", Json::object(), "pve2"),
      "OK");
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-7"));
}

TEST_F(DestroyTest, SnapshotStateVolumesGoWithTheGuest) {
  EXPECT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/100/status/stop"),
      "OK");
  EXPECT_EQ(run("DELETE", "/nodes/{node}/qemu/{vmid}", "/nodes/pve1/qemu/100"), "OK");
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-0"));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-state-before-nginx"));
  EXPECT_TRUE(has_volume("pve1", "local", "local:iso/debian-13.1.0-amd64-netinst.iso"));
}

}  // namespace
}  // namespace pvesim::test
