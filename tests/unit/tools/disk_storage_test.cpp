// Resizing and moving disks against the scripted Api, and the rules the schemas do not advertise.
#include <gtest/gtest.h>

#include "disk_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

// ---- resize ----

TEST_F(DiskWrites, ResizeFollowsTheUpidAndReportsTheNewSize) {
  json after = vm_config();
  after["scsi0"] = "local-lvm:vm-101-disk-0,iothread=1,size=42G";
  h.api.on_get(kVmConfig, vm_config());
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("PUT", "/nodes/pve1/qemu/101/resize", kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_resize_disk_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi0"}, {"size", "+10G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"PUT",
                                    "/nodes/pve1/qemu/101/resize",
                                    {{"disk", "scsi0"}, {"size", "+10G"}, {"digest", "d1"}}}));
  EXPECT_EQ(r.text,
            "📏 **Disk Resized**\n\n"
            "• **VM ID**: 101\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Disk**: scsi0\n• **Requested**: +10G\n• **Previous Size**: 32.00 GiB\n"
            "• **New Size**: 42.00 GiB\n"
            "• **Note**: grow the partition and filesystem inside the VM to use the space (e.g. "
            "growpart and resize2fs)\n"
            "• **Task ID**: " +
                kUpid + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["new_bytes"], 42.0 * 1024 * 1024 * 1024);
}

TEST_F(DiskWrites, ResizeRefusesShrinkingBadSizesAndWrongDiskNames) {
  h.api.on_get(kVmConfig, vm_config());
  auto shrink = h.call("proxmox_resize_disk_vm",
                       {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi0"}, {"size", "20G"}});
  EXPECT_EQ(shrink.text,
            "scsi0 is 32.00 GiB now and Proxmox cannot shrink a disk, only grow it: 20G is "
            "smaller (use +N to grow by N)");
  const std::string size_rule =
      "Invalid argument 'size': must be like +10G (grow by 10 GiB) or 50G (grow to 50 GiB): a "
      "number with K, M, G or T";
  for (const char* size : {"-10G", "10GB", "+10G,x=1", "ten"}) {
    auto r = h.call("proxmox_resize_disk_vm",
                    {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi0"}, {"size", size}});
    EXPECT_EQ(r.text, size_rule) << size;
  }
  auto lxc = h.call("proxmox_resize_disk_lxc",
                    {{"node", "pve1"}, {"vmid", 115}, {"disk", "scsi0"}, {"size", "+1G"}});
  EXPECT_EQ(lxc.text, "Invalid argument 'disk': must be rootfs or mp0-255");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kVmConfig, {}}}));
}

TEST_F(DiskWrites, ResizeContainerRootfs) {
  json before = {{"digest", "c1"}, {"rootfs", "local-lvm:vm-115-disk-0,size=8G"}};
  h.api.on_get(kCtConfig, before);
  h.api.on("PUT", "/nodes/pve1/lxc/115/resize", kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_resize_disk_lxc",
                  {{"node", "pve1"}, {"vmid", 115}, {"disk", "rootfs"}, {"size", "16G"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"PUT",
                                    "/nodes/pve1/lxc/115/resize",
                                    {{"disk", "rootfs"}, {"size", "16G"}, {"digest", "c1"}}}));
  EXPECT_FALSE(Contains(r.text, ("growpart")));
}

// ---- move ----

TEST_F(DiskWrites, MoveDiskVmPostsMoveDisk) {
  json after = vm_config();
  after["scsi1"] = "fast:vm-101-disk-1,size=10G";
  h.api.on_get(kVmConfig, vm_config());
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("POST", "/nodes/pve1/qemu/101/move_disk", kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_move_disk_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi1"}, {"storage", "fast"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"POST",
                  "/nodes/pve1/qemu/101/move_disk",
                  {{"disk", "scsi1"}, {"storage", "fast"}, {"delete", "1"}, {"digest", "d1"}}}));
  EXPECT_TRUE(Contains(r.text,
                       "• **From**: local-lvm:vm-101-disk-1\n• **Target Storage**: fast\n"
                       "• **New Volume**: fast:vm-101-disk-1\n• **Delete Source**: true\n"));
}

TEST_F(DiskWrites, MoveVolumeLxcKeepsTheSourceWhenAsked) {
  json before = {{"digest", "c1"}, {"rootfs", "local-lvm:vm-115-disk-0,size=8G"}};
  json after = {{"digest", "c2"},
                {"rootfs", "fast:vm-115-disk-0,size=8G"},
                {"unused0", "local-lvm:vm-115-disk-0"}};
  h.api.on_get(kCtConfig, before);
  h.api.on_get(kCtPending, pending_answer(after));
  h.api.on("POST", "/nodes/pve1/lxc/115/move_volume", kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_move_disk_lxc", {{"node", "pve1"},
                                            {"vmid", 115},
                                            {"disk", "rootfs"},
                                            {"storage", "fast"},
                                            {"delete", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"POST",
                  "/nodes/pve1/lxc/115/move_volume",
                  {{"volume", "rootfs"}, {"storage", "fast"}, {"delete", "0"}, {"digest", "c1"}}}));
  EXPECT_EQ(r.structured["unused"], "unused0");
  EXPECT_TRUE(Contains(r.text, "• **Source**: kept as unused0\n"));
}

TEST_F(DiskWrites, MoveToTheSameStorageIsRefused) {
  h.api.on_get(kVmConfig, vm_config());
  auto r = h.call("proxmox_move_disk_vm",
                  {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi1"}, {"storage", "local-lvm"}});
  EXPECT_EQ(r.text, "scsi1 (local-lvm:vm-101-disk-1) is already on storage local-lvm");
  EXPECT_EQ(h.api.calls().size(), 1u);
}

// Ranges and choices the schema no longer advertises are the server's own rules: refused with
// the rule, before anything reaches Proxmox.
TEST_F(DiskWrites, UnadvertisedRulesAreRefusedBeforeAnyRequest) {
  const json resize = {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi0"}, {"size", "+1G"}};
  json timeout = resize;
  timeout["timeout"] = 3601;
  EXPECT_EQ(h.call("proxmox_resize_disk_vm", timeout).text,
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  timeout["timeout"] = -1;
  EXPECT_EQ(h.call("proxmox_resize_disk_vm", timeout).text,
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  json vmid = resize;
  vmid["vmid"] = 99;
  EXPECT_EQ(h.call("proxmox_resize_disk_vm", vmid).text,
            "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
            "numeric string)");
  auto remove_source = h.call("proxmox_move_disk_lxc", {{"node", "pve1"},
                                                        {"vmid", 115},
                                                        {"disk", "rootfs"},
                                                        {"storage", "fast"},
                                                        {"delete", "maybe"}});
  EXPECT_EQ(remove_source.text, "Invalid argument 'delete': must be true or false");
  auto move_slot =
      h.call("proxmox_move_disk_lxc",
             {{"node", "pve1"}, {"vmid", 115}, {"disk", "scsi0"}, {"storage", "fast"}});
  EXPECT_EQ(move_slot.text, "Invalid argument 'disk': must be rootfs, mp0-255 or unused0-255");
  auto remove_slot =
      h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "efidisk0"}});
  EXPECT_EQ(remove_slot.text,
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3, or "
            "unused0-255");
  auto path = h.call("proxmox_add_mountpoint_lxc", {{"node", "pve1"},
                                                    {"vmid", 115},
                                                    {"mp", "mp0"},
                                                    {"storage", "local-lvm"},
                                                    {"size", 8},
                                                    {"path", "data"}});
  EXPECT_EQ(path.text,
            "Invalid argument 'path': must be an absolute path inside the container such as /data, "
            "without '.' or '..' parts, ',' '=' or control characters");
  auto size = h.call("proxmox_add_disk_vm", {{"node", "pve1"},
                                             {"vmid", 101},
                                             {"disk", "scsi2"},
                                             {"storage", "local-lvm"},
                                             {"size", true}});
  EXPECT_EQ(size.text,
            "Invalid argument 'size': must be a positive number of GiB, such as 10 or \"0.5\"");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(DiskWritesGate, BasicModeRefusesBeforeAnyRequest) {
  Harness h;
  auto r = h.call("proxmox_add_disk_vm", {{"node", "pve1"},
                                          {"vmid", 101},
                                          {"disk", "scsi2"},
                                          {"storage", "local-lvm"},
                                          {"size", "10"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(Contains(r.text, "requires elevated mode"));
  EXPECT_TRUE(h.api.calls().empty());
  EXPECT_TRUE(h.tool("proxmox_remove_disk_vm").annotations.destructive);
  EXPECT_FALSE(h.tool("proxmox_add_disk_vm").annotations.destructive);
}

}  // namespace
}  // namespace tools::testing
