// Config changes: digest, lock, delete= semantics, new disks and MACs, POST as a task.
#include <regex>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

class ConfigTest : public WriteTest {
 protected:
  ApiResponse put(const std::string& kind, int vmid, const std::string& node, Json params) {
    return send("PUT", "/nodes/{node}/" + kind + "/{vmid}/config",
                "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid) + "/config",
                std::move(params));
  }
};

TEST_F(ConfigTest, PutChangesKeysTypedAndRecomputesTheDigest) {
  const std::string before = guest_config("qemu", 102, "pve2")["digest"];
  const ApiResponse response =
      put("qemu", 102, "pve2", {{"cores", "8"}, {"name", "win11-big"}, {"digest", before}});
  ASSERT_EQ(response.status, 200) << response.message;
  EXPECT_TRUE(response.data.is_null());
  Json config = guest_config("qemu", 102, "pve2");
  EXPECT_EQ(config["cores"], 8);
  EXPECT_EQ(config["name"], "win11-big");
  EXPECT_NE(config["digest"], before);
  // The old digest no longer matches.
  const ApiResponse stale = put("qemu", 102, "pve2", {{"cores", "2"}, {"digest", before}});
  EXPECT_EQ(stale.status, 500);
  EXPECT_EQ(stale.message, "checksum mismatch (file change by other user?)\n");
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["cores"], 8);
}

TEST_F(ConfigTest, LockedGuestAndBadCombinations) {
  const ApiResponse locked = put("lxc", 105, "pve2", {{"cores", "4"}});
  EXPECT_EQ(locked.status, 500);
  EXPECT_EQ(locked.message, "CT is locked (backup)\n");
  model->with_state([](ClusterState& state) { state.guests.at(102).config["lock"] = "backup"; });
  EXPECT_EQ(put("qemu", 102, "pve2", {{"cores", "4"}}).message, "VM is locked (backup)\n");
  const ApiResponse both = put("qemu", 100, "pve1", {{"cores", "4"}, {"delete", "cores"}});
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.errors.at("delete"), "you can't use '-cores' and -delete cores' at the same time");
  EXPECT_EQ(put("qemu", 999, "pve1", {{"cores", "4"}}).message,
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
}

TEST_F(ConfigTest, DeleteDetachesDisksThenDestroysUnused) {
  // VM 104 runs and scsi0 is its boot disk, which QEMU does not unplug: stopped, the delete
  // applies at once.
  ASSERT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/104/status/stop"),
      "OK");
  // The ISO stays an ISO; the disk goes to unused0 and keeps its volume.
  ASSERT_EQ(put("qemu", 104, "pve1", {{"delete", "scsi0, tags;ostype"}}).status, 200);
  Json config = guest_config("qemu", 104);
  EXPECT_FALSE(config.contains("scsi0"));
  EXPECT_FALSE(config.contains("tags"));
  EXPECT_FALSE(config.contains("ostype"));
  EXPECT_EQ(config["unused0"], "local-lvm:vm-104-disk-0");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-104-disk-0"));
  ASSERT_EQ(put("qemu", 104, "pve1", {{"delete", "unused0"}}).status, 200);
  EXPECT_FALSE(guest_config("qemu", 104).contains("unused0"));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-104-disk-0"));
}

TEST_F(ConfigTest, ProtectedUnusedDiskStays) {
  // VM 104 runs and scsi0 is its boot disk, which QEMU does not unplug: stopped, the delete
  // applies at once.
  ASSERT_EQ(
      run("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "/nodes/pve1/qemu/104/status/stop"),
      "OK");
  ASSERT_EQ(put("qemu", 104, "pve1", {{"delete", "scsi0"}, {"protection", "1"}}).status, 200);
  const ApiResponse refused = put("qemu", 104, "pve1", {{"delete", "unused0"}});
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(refused.message,
            "can't remove unused disk 'local-lvm:vm-104-disk-0' - protection mode enabled\n");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-104-disk-0"));
}

TEST_F(ConfigTest, NewDiskIsAllocatedOnTheStorage) {
  ASSERT_EQ(put("qemu", 104, "pve1", {{"scsi1", "local-lvm:10,iothread=1"}}).status, 200);
  EXPECT_EQ(guest_config("qemu", 104)["scsi1"], "local-lvm:vm-104-disk-1,iothread=1,size=10G");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-104-disk-1"));

  const ApiResponse wrong = put("qemu", 104, "pve1", {{"scsi2", "local:10"}});
  EXPECT_EQ(wrong.status, 500);
  EXPECT_EQ(wrong.message, "storage 'local' does not support content-type 'images'\n");
  const ApiResponse full = put("qemu", 104, "pve1", {{"scsi2", "local-lvm:100000"}});
  EXPECT_EQ(full.status, 500);
  EXPECT_TRUE(std::regex_search(full.message,
                                std::regex("^lvcreate 'pve/vm-104-disk-2' error:   Volume group "
                                           "\"pve\" has insufficient free space")))
      << full.message;
  EXPECT_FALSE(guest_config("qemu", 104).contains("scsi2"));

  // Containers: a mount point volume, then detached and destroyed.
  ASSERT_EQ(put("lxc", 103, "pve2", {{"mp0", "local-lvm:4,mp=/srv"}}).status, 200);
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["mp0"], "local-lvm:vm-103-disk-1,mp=/srv,size=4G");
  ASSERT_EQ(put("lxc", 103, "pve2", {{"delete", "mp0"}}).status, 200);
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["unused0"], "local-lvm:vm-103-disk-1");
}

TEST_F(ConfigTest, NetworkDevicesGetAMac) {
  ASSERT_EQ(put("qemu", 102, "pve2", {{"net1", "virtio,bridge=vmbr0,firewall=1"}}).status, 200);
  const std::string net1 = guest_config("qemu", 102, "pve2")["net1"];
  EXPECT_TRUE(std::regex_match(
      net1, std::regex("^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0,"
                       "firewall=1$")))
      << net1;
  ASSERT_EQ(put("qemu", 102, "pve2", {{"net2", "e1000=BC:24:11:00:00:01,bridge=vmbr1"}}).status,
            200);
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["net2"], "e1000=BC:24:11:00:00:01,bridge=vmbr1");
  ASSERT_EQ(put("lxc", 103, "pve2", {{"net1", "name=eth1,bridge=vmbr0,ip=dhcp"}}).status, 200);
  const std::string ct_net = guest_config("lxc", 103, "pve2")["net1"];
  EXPECT_TRUE(std::regex_match(
      ct_net,
      std::regex("^name=eth1,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth$")))
      << ct_net;
}

TEST_F(ConfigTest, PostIsATaskThatAppliesWhenItEnds) {
  const std::string upid = start("POST", "/nodes/{node}/qemu/{vmid}/config",
                                 "/nodes/pve1/qemu/100/config", {{"memory", "8192"}});
  EXPECT_NE(upid.find(":qmconfig:100:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_EQ(guest_config("qemu", 100)["memory"], "8192");
  // VM 100 runs and memory does not hotplug by default: the change waits in [PENDING].
  EXPECT_EQ(guest_status("qemu", 100)["maxmem"], 4096LL * 1024 * 1024);

  EXPECT_EQ(run("POST", "/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config",
                {{"scsi1", "local:4"}}),
            "storage 'local' does not support content-type 'images'");
  const ApiResponse stale =
      send("POST", "/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config",
           {{"cores", "1"}, {"digest", "0000"}});
  EXPECT_EQ(stale.status, 500);
}

}  // namespace
}  // namespace pvesim::test
