// Disk write tools against pve-sim: the exact requests PVE received and the state that resulted.
#include "devices_fixture.h"
#include "pve/api.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

// ---- disks ----

TEST_F(WriteDevices, AddDiskVmAllocatesThroughPostConfigAsATask) {
  const std::string d = digest("qemu", 100);
  clear();
  auto r = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                        {"vmid", 100},
                                        {"disk", "scsi1"},
                                        {"storage", "local-lvm"},
                                        {"size", "4"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(),
            (std::vector<Request>{
                {"GET", "/nodes/pve1/qemu/100/config", {}},
                {"POST", "/nodes/pve1/qemu/100/config", {{"scsi1", "local-lvm:4"}, {"digest", d}}},
                {"GET", "/nodes/pve1/qemu/100/pending", {}}}));
  const std::string volume = config("qemu", 100).value("scsi1", "");
  EXPECT_EQ(volume.rfind("local-lvm:vm-100-disk-", 0), 0u) << volume;
  EXPECT_TRUE(contains(volume, "size=4G")) << volume;
  EXPECT_TRUE(contains(r.text, "💿 **Disk Added to VM**")) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Result**: ✅ OK")) << r.text;
  EXPECT_EQ(r.structured["status"], "stopped");
}

TEST_F(WriteDevices, SataDiskOnARunningVmWaitsForItsNextStartBothWays) {
  // VM 100 runs; qemu hotplugs scsi and virtio disks only.
  auto added = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                            {"vmid", 100},
                                            {"disk", "sata1"},
                                            {"storage", "local-lvm"},
                                            {"size", "2"}});
  ASSERT_FALSE(added.is_error) << added.text;
  EXPECT_EQ(added.structured["pending"], true);
  const std::string volume = added.structured.value("volume", "");
  EXPECT_EQ(volume.rfind("local-lvm:vm-100-disk-", 0), 0u) << added.text;
  EXPECT_TRUE(contains(added.text,
                       "• **Pending**: ⏳ Proxmox holds this change until the VM next "
                       "starts"))
      << added.text;
  EXPECT_FALSE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));

  ASSERT_FALSE(call("proxmox_reboot_vm", {{"node", "pve1"}, {"vmid", 100}}).is_error);
  EXPECT_TRUE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));

  const std::string d = digest("qemu", 100);
  clear();
  auto removed =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "sata1"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_EQ(changes()[1],
            (Request{"POST", "/nodes/pve1/qemu/100/config", {{"delete", "sata1"}, {"digest", d}}}));
  EXPECT_EQ(removed.structured["outcome"], "pending");
  EXPECT_TRUE(contains(removed.text,
                       "nothing changed yet: the VM still uses sata1 and its data is "
                       "untouched"))
      << removed.text;
  // Still attached and in use until the next start; the removal shows in GET …/pending.
  EXPECT_TRUE(guest_get("pve1", "qemu", 100, "/config?current=1").contains("sata1"));
  EXPECT_TRUE(
      contains(guest_get("pve1", "qemu", 100, "/pending").dump(), R"({"delete":1,"key":"sata1")"));
}

TEST_F(WriteDevices, InjectionNeverReachesProxmox) {
  auto r = call("proxmox_add_disk_vm", {{"node", "pve1"},
                                        {"vmid", 100},
                                        {"disk", "scsi1"},
                                        {"storage", "local-lvm"},
                                        {"size", "10,cache=unsafe"}});
  EXPECT_TRUE(r.is_error);
  auto n = call("proxmox_add_network_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"net", "net1"}, {"bridge", "vmbr0,firewall=0"}});
  EXPECT_TRUE(n.is_error);
  EXPECT_TRUE(requests().empty());
}

TEST_F(WriteDevices, RemoveDiskDetachesThenDestroys) {
  ASSERT_FALSE(call("proxmox_add_disk_vm", {{"node", "pve1"},
                                            {"vmid", 100},
                                            {"disk", "scsi1"},
                                            {"storage", "local-lvm"},
                                            {"size", 2}})
                   .is_error);
  const std::string scsi1 = config("qemu", 100).value("scsi1", "");
  const std::string volume = scsi1.substr(0, scsi1.find(','));
  const std::string d = digest("qemu", 100);
  clear();
  auto detach =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi1"}});
  ASSERT_FALSE(detach.is_error) << detach.text;
  EXPECT_EQ(changes()[1],
            (Request{"POST", "/nodes/pve1/qemu/100/config", {{"delete", "scsi1"}, {"digest", d}}}));
  json after = config("qemu", 100);
  EXPECT_FALSE(after.contains("scsi1"));
  EXPECT_EQ(after.value("unused0", ""), volume);
  EXPECT_EQ(detach.structured["outcome"], "detached");
  EXPECT_TRUE(contains(detach.text, "detached, not deleted: the volume " + volume +
                                        " is kept as unused0 and its data still exists"))
      << detach.text;

  auto destroy =
      call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "unused0"}});
  ASSERT_FALSE(destroy.is_error) << destroy.text;
  EXPECT_EQ(destroy.structured["outcome"], "destroyed") << destroy.text;
  EXPECT_FALSE(config("qemu", 100).contains("unused0"));
  json content = client_->get("/nodes/pve1/storage/local-lvm/content", {{"vmid", "100"}});
  for (const auto& item : content) EXPECT_NE(item.value("volid", ""), volume);
}

TEST_F(WriteDevices, RemoveDiskRefusedWhenProtected) {
  client_->put("/nodes/pve1/qemu/100/config", {{"protection", "1"}});
  clear();
  auto r = call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "VM 100 is protected (protection=1)")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
  EXPECT_TRUE(config("qemu", 100).contains("scsi0"));
}

TEST_F(WriteDevices, AddMountpointLxcSendsThePath) {
  const std::string d = digest("lxc", 101);
  clear();
  auto r = call("proxmox_add_mountpoint_lxc", {{"node", "pve1"},
                                               {"vmid", 101},
                                               {"mp", "mp0"},
                                               {"storage", "local-lvm"},
                                               {"size", "2"},
                                               {"path", "/data"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      changes(),
      (std::vector<Request>{
          {"GET", "/nodes/pve1/lxc/101/config", {}},
          {"PUT", "/nodes/pve1/lxc/101/config", {{"mp0", "local-lvm:2,mp=/data"}, {"digest", d}}},
          {"GET", "/nodes/pve1/lxc/101/pending", {}}}));
  const std::string mp0 = config("lxc", 101).value("mp0", "");
  EXPECT_TRUE(contains(mp0, "mp=/data")) << mp0;
  EXPECT_TRUE(contains(mp0, "size=2G")) << mp0;

  const std::string before_remove = digest("lxc", 101);
  clear();
  auto removed =
      call("proxmox_remove_mountpoint_lxc", {{"node", "pve1"}, {"vmid", 101}, {"mp", "mp0"}});
  ASSERT_FALSE(removed.is_error) << removed.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/config",
                                   {{"delete", "mp0"}, {"digest", before_remove}}}));
  json after = config("lxc", 101);
  EXPECT_FALSE(after.contains("mp0"));
  EXPECT_NE(removed.structured["outcome"], "unknown") << removed.text;
}

TEST_F(WriteDevices, ResizeVmDiskFollowsTheTask) {
  const std::string d = digest("qemu", 100);
  clear();
  auto r = call("proxmox_resize_disk_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"size", "+8G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/qemu/100/resize",
                                   {{"disk", "scsi0"}, {"size", "+8G"}, {"digest", d}}}));
  EXPECT_TRUE(contains(config("qemu", 100).value("scsi0", ""), "size=40G"));
  EXPECT_TRUE(contains(r.text, "• **New Size**: 40.00 GiB")) << r.text;
}

TEST_F(WriteDevices, ResizeContainerRootfsAbsolute) {
  const std::string d = digest("lxc", 101);
  clear();
  auto r = call("proxmox_resize_disk_lxc",
                {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"size", "20G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes()[1], (Request{"PUT",
                                   "/nodes/pve1/lxc/101/resize",
                                   {{"disk", "rootfs"}, {"size", "20G"}, {"digest", d}}}));
  EXPECT_TRUE(contains(config("lxc", 101).value("rootfs", ""), "size=20G"));
  auto shrink = call("proxmox_resize_disk_lxc",
                     {{"node", "pve1"}, {"vmid", 101}, {"disk", "rootfs"}, {"size", "10G"}});
  EXPECT_TRUE(shrink.is_error);
  EXPECT_TRUE(contains(shrink.text, "cannot shrink")) << shrink.text;
}

TEST_F(WriteDevices, MoveDiskToStorageWithoutImagesFailsWithTheCause) {
  auto r = call("proxmox_move_disk_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"storage", "local"}});
  EXPECT_TRUE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "images")) << r.text;
  bool sent = false;
  for (const auto& req : requests()) {
    if (std::get<0>(req) == "POST") {
      sent = true;
      EXPECT_EQ(req, (Request{"POST",
                              "/nodes/pve1/qemu/100/move_disk",
                              {{"disk", "scsi0"},
                               {"storage", "local"},
                               {"delete", "1"},
                               {"digest", std::get<2>(req).back().second}}}));
    }
  }
  EXPECT_TRUE(sent);
  EXPECT_TRUE(contains(config("qemu", 100).value("scsi0", ""), "local-lvm:vm-100-disk-0"));
}

}  // namespace
}  // namespace integration
