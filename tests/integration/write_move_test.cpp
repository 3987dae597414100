// Moving disks between storages on the large seed, whose nodes have two storages that hold
// guest volumes (local-lvm and the shared Ceph pool ceph-vm): the exact request and the result.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class MoveOnLargeCluster : public WriteSimTest {
 protected:
  MoveOnLargeCluster() { seed_ = "large"; }

  // The one request that changed something, with its digest (taken from the config read).
  Request move_request() {
    for (const auto& r : changes()) {
      if (std::get<0>(r) == "POST") return r;
    }
    ADD_FAILURE() << "no POST was sent";
    return {};
  }
};

// VM 100 runs on node01 with scsi0 on local-lvm: a live move to Ceph, the source deleted.
TEST_F(MoveOnLargeCluster, MoveDiskVmToCephDeletesTheSource) {
  const std::string digest = config("node01", "qemu", 100).value("digest", "");
  clear();
  auto r = call("proxmox_move_disk_vm",
                {{"node", "node01"}, {"vmid", 100}, {"disk", "scsi0"}, {"storage", "ceph-vm"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      move_request(),
      (Request{"POST",
               "/nodes/node01/qemu/100/move_disk",
               {{"disk", "scsi0"}, {"storage", "ceph-vm"}, {"delete", "1"}, {"digest", digest}}}));
  json after = config("node01", "qemu", 100);
  const std::string scsi0 = after.value("scsi0", "");
  EXPECT_EQ(scsi0.rfind("ceph-vm:vm-100-disk-", 0), 0u) << scsi0;
  EXPECT_FALSE(after.contains("unused0")) << after.dump();
  EXPECT_EQ(r.structured["storage"], "ceph-vm");
  EXPECT_EQ(r.structured["delete"], true);
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["exitstatus"], "OK");
  EXPECT_TRUE(contains(r.text, "• **Result**: ✅ OK")) << r.text;
}

// CT 120 runs on node21 with its rootfs on local-lvm: once stopped, its rootfs moves to Ceph
// and the source stays as unused0 because delete=false.
TEST_F(MoveOnLargeCluster, MoveDiskLxcKeepsTheSourceWhenAsked) {
  ASSERT_FALSE(call("proxmox_stop_lxc", {{"node", "node21"}, {"vmid", 120}}).is_error);
  const json before = config("node21", "lxc", 120);
  const std::string rootfs_before = before.value("rootfs", "");
  const std::string source = rootfs_before.substr(0, rootfs_before.find(','));
  ASSERT_EQ(source, "local-lvm:vm-120-disk-0");
  clear();
  auto r = call("proxmox_move_disk_lxc", {{"node", "node21"},
                                          {"vmid", 120},
                                          {"disk", "rootfs"},
                                          {"storage", "ceph-vm"},
                                          {"delete", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(move_request(), (Request{"POST",
                                     "/nodes/node21/lxc/120/move_volume",
                                     {{"volume", "rootfs"},
                                      {"storage", "ceph-vm"},
                                      {"delete", "0"},
                                      {"digest", before.value("digest", "")}}}));
  json after = config("node21", "lxc", 120);
  const std::string rootfs = after.value("rootfs", "");
  EXPECT_EQ(rootfs.rfind("ceph-vm:vm-120-disk-", 0), 0u) << rootfs;
  EXPECT_EQ(after.value("unused0", ""), source) << after.dump();
  EXPECT_EQ(r.structured["unused"], "unused0");
  EXPECT_EQ(r.structured["source_volume"], source);
}

// A running container cannot move volumes: Proxmox's refusal reaches the caller as the cause.
TEST_F(MoveOnLargeCluster, MoveDiskLxcOfARunningContainerFailsWithTheCause) {
  // CT 102 (guest n=2) runs on node03.
  auto r = call("proxmox_move_disk_lxc",
                {{"node", "node03"}, {"vmid", 102}, {"disk", "rootfs"}, {"storage", "local-lvm"}});
  EXPECT_TRUE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "cannot move volumes of a running container")) << r.text;
  EXPECT_EQ(config("node03", "lxc", 102).value("rootfs", "").rfind("ceph-vm:", 0), 0u);
}

}  // namespace
}  // namespace integration
