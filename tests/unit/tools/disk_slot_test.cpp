// Adding and removing disks and mount points against the scripted Api: exact requests, truthful
// answers, no injection.
#include <gtest/gtest.h>

#include "disk_harness.h"
#include "text_match.h"

namespace tools::testing {
namespace {

// ---- add_disk_vm / add_mountpoint_lxc ----

TEST_F(DiskWrites, AddDiskPostsConfigWithDigestAndFollowsTheTask) {
  json before = vm_config();
  json after = before;
  after["digest"] = "d2";
  after["scsi2"] = "local-lvm:vm-101-disk-2,size=10G";
  h.api.on_get(kVmConfig, before);
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_add_disk_vm", {{"node", "pve1"},
                                          {"vmid", "101"},
                                          {"disk", "scsi2"},
                                          {"storage", "local-lvm"},
                                          {"size", "10"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kVmConfig, {}},
                               {"POST", kVmConfig, {{"scsi2", "local-lvm:10"}, {"digest", "d1"}}},
                               {"GET", status_path(), {}},
                               {"GET", kVmPending, {}}}));
  EXPECT_EQ(r.text,
            "💿 **Disk Added to VM**\n\n"
            "• **VM ID**: 101\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Disk**: scsi2\n• **Storage**: local-lvm\n• **Size**: 10 GiB\n"
            "• **Volume**: local-lvm:vm-101-disk-2\n"
            "• **Task ID**: " +
                kUpid + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["volume"], "local-lvm:vm-101-disk-2");
  EXPECT_EQ(r.structured["size_gib"], 10.0);
  EXPECT_EQ(r.structured["upid"], kUpid);
  EXPECT_EQ(r.structured["pending"], false);
}

TEST_F(DiskWrites, AddDiskSizeForms) {
  for (auto [size, sent] :
       std::vector<std::pair<json, std::string>>{{json(20), "local-lvm:20"},
                                                 {json("20G"), "local-lvm:20"},
                                                 {json("1.5GiB"), "local-lvm:1.5"},
                                                 {json(0.5), "local-lvm:0.5"}}) {
    Harness e{policy::Settings{policy::Mode::elevated, false}};
    e.api.on_get(kVmConfig, vm_config());
    e.api.on("POST", kVmConfig, kUpid);
    e.api.on_get(status_path(), task_ok());
    auto r = e.call("proxmox_add_disk_vm", {{"node", "pve1"},
                                            {"vmid", 101},
                                            {"disk", "virtio0"},
                                            {"storage", "local-lvm"},
                                            {"size", size}});
    ASSERT_FALSE(r.is_error) << r.text;
    ASSERT_GE(e.api.calls().size(), 2u);
    EXPECT_EQ(e.api.calls()[1].params, (pve::Params{{"virtio0", sent}, {"digest", "d1"}}));
  }
}

TEST_F(DiskWrites, AddDiskRefusesAnOccupiedSlot) {
  h.api.on_get(kVmConfig, vm_config());
  auto r = h.call(
      "proxmox_add_disk_vm",
      {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi1"}, {"storage", "local-lvm"}, {"size", 10}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 101 already has scsi1 (local-lvm:vm-101-disk-1,size=10G): choose a free slot");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", kVmConfig, {}}}));
}

TEST_F(DiskWrites, AddDiskRefusesInjectionWithoutAnyRequest) {
  const json base = {
      {"node", "pve1"}, {"vmid", 101}, {"disk", "scsi2"}, {"storage", "local-lvm"}, {"size", "10"}};
  struct Case {
    const char* key;
    json value;
    const char* error;
  };
  for (const Case& c : std::vector<Case>{
           {"size", "10,cache=unsafe",
            "Invalid argument 'size': must be a positive number of GiB, such as 10 or \"0.5\""},
           {"size", "0",
            "Invalid argument 'size': must be a positive number of GiB, such as 10 or \"0.5\""},
           {"size", -5,
            "Invalid argument 'size': must be a positive number of GiB, such as 10 or \"0.5\""},
           {"size", "10M",
            "Invalid argument 'size': must be a positive number of GiB, such as 10 or \"0.5\""},
           {"storage", "local-lvm,cache=unsafe",
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')"},
           {"disk", "scsi31",
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3"},
           {"disk", "scsi01",
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3"},
           {"disk", "efidisk0",
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3"},
           // A sign is not a digit: "-0" must not read as slot 0.
           {"disk", "scsi-0",
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3"},
           {"disk", "ide+1",
            "Invalid argument 'disk': must be scsi0-30, virtio0-15, sata0-5 or ide0-3"}}) {
    json args = base;
    args[c.key] = c.value;
    auto r = h.call("proxmox_add_disk_vm", args);
    EXPECT_TRUE(r.is_error) << c.key;
    EXPECT_EQ(r.text, c.error);
  }
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(DiskWrites, AddMountpointSendsThePathInsideTheContainer) {
  json before = {{"digest", "c1"}, {"rootfs", "local-lvm:vm-115-disk-0,size=8G"}};
  json after = before;
  after["mp0"] = "local-lvm:vm-115-disk-1,mp=/data,size=8G";
  h.api.on_get(kCtConfig, before);
  h.api.on_get(kCtPending, pending_answer(after));
  h.api.on("PUT", kCtConfig, json());
  auto r = h.call("proxmox_add_mountpoint_lxc", {{"node", "pve1"},
                                                 {"vmid", 115},
                                                 {"mp", "mp0"},
                                                 {"storage", "local-lvm"},
                                                 {"size", "8"},
                                                 {"path", "/data"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", kCtConfig, {}},
                         {"PUT", kCtConfig, {{"mp0", "local-lvm:8,mp=/data"}, {"digest", "c1"}}},
                         {"GET", kCtPending, {}}}));
  EXPECT_EQ(r.text,
            "💿 **Mount Point Added to Container**\n\n"
            "• **VM ID**: 115\n• **Type**: LXC\n• **Node**: pve1\n"
            "• **Mount Point**: mp0\n• **Path**: /data\n• **Storage**: local-lvm\n"
            "• **Size**: 8 GiB\n• **Volume**: local-lvm:vm-115-disk-1\n"
            "• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n");
  EXPECT_EQ(r.structured["mp"], "mp0");
  EXPECT_EQ(r.structured["path"], "/data");
  EXPECT_TRUE(r.structured["upid"].is_null());
}

TEST_F(DiskWrites, AddMountpointNeedsASafeAbsolutePath) {
  const json base = {
      {"node", "pve1"}, {"vmid", 115}, {"mp", "mp0"}, {"storage", "local-lvm"}, {"size", "8"}};
  auto missing = h.call("proxmox_add_mountpoint_lxc", base);
  EXPECT_EQ(missing.text, "Invalid argument 'path': is required");
  for (const char* path : {"data", "/data,ro=1", "/srv/../etc", "/data\nx"}) {
    json args = base;
    args["path"] = path;
    auto r = h.call("proxmox_add_mountpoint_lxc", args);
    EXPECT_TRUE(r.is_error);
    EXPECT_TRUE(Contains(r.text, "Invalid argument 'path'"));
  }
  json rootfs = base;
  rootfs["path"] = "/data";
  rootfs["mp"] = "rootfs";
  EXPECT_EQ(h.call("proxmox_add_mountpoint_lxc", rootfs).text,
            "Invalid argument 'mp': must be mp0-255");
  EXPECT_TRUE(h.api.calls().empty());
}

// ---- remove_disk_vm / remove_mountpoint_lxc ----

TEST_F(DiskWrites, RemoveDiskSaysItWasDetachedToUnused) {
  json after = vm_config();
  after.erase("scsi1");
  after["unused0"] = "local-lvm:vm-101-disk-1";
  h.api.on_get(kVmConfig, vm_config());
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{{"GET", kVmConfig, {}},
                               {"POST", kVmConfig, {{"delete", "scsi1"}, {"digest", "d1"}}},
                               {"GET", status_path(), {}},
                               {"GET", kVmPending, {}}}));
  EXPECT_EQ(r.text,
            "➖ **Disk Removed from VM**\n\n"
            "• **VM ID**: 101\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Disk**: scsi1\n• **Volume**: local-lvm:vm-101-disk-1\n"
            "• **Outcome**: detached, not deleted: the volume local-lvm:vm-101-disk-1 is kept as "
            "unused0 and its data still exists. Remove unused0 to destroy it\n"
            "• **Task ID**: " +
                kUpid + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["outcome"], "detached");
  EXPECT_EQ(r.structured["unused"], "unused0");
  EXPECT_EQ(r.structured["boot_disk"], false);
}

TEST_F(DiskWrites, RemovingAnUnusedVolumeSaysItIsDestroyed) {
  json before = vm_config();
  before["unused0"] = "local-lvm:vm-101-disk-3";
  json after = vm_config();
  h.api.on_get(kVmConfig, before);
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  h.api.on_get("/nodes/pve1/storage/local-lvm/content",
               json::array({{{"volid", "local-lvm:vm-101-disk-0"}}}));
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "unused0"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().back(),
            (Call{"GET", "/nodes/pve1/storage/local-lvm/content", {{"vmid", "101"}}}));
  EXPECT_TRUE(Contains(r.text,
                       "• **Outcome**: 🗑️ the volume local-lvm:vm-101-disk-3 was "
                       "destroyed: its data is gone\n"));
  EXPECT_EQ(r.structured["outcome"], "destroyed");
}

TEST_F(DiskWrites, RemovingAnUnusedVolumeASnapshotKeepsIsNotCalledDestroyed) {
  json before = vm_config();
  before["unused0"] = "local-lvm:vm-101-disk-3";
  h.api.on_get(kVmConfig, before);
  h.api.on_get(kVmPending, pending_answer(vm_config()));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  h.api.on_get("/nodes/pve1/storage/local-lvm/content",
               json::array({{{"volid", "local-lvm:vm-101-disk-3"}}}));
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "unused0"}});
  EXPECT_TRUE(Contains(r.text, "still exists (Proxmox keeps volumes that a snapshot still uses)"));
  EXPECT_EQ(r.structured["outcome"], "removed");
}

TEST_F(DiskWrites, RemoveBootDiskWarns) {
  json after = vm_config();
  after.erase("scsi0");
  after["unused0"] = "local-lvm:vm-101-disk-0";
  h.api.on_get(kVmConfig, vm_config());
  h.api.on_get(kVmPending, pending_answer(after));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi0"}});
  EXPECT_TRUE(Contains(r.text, "• **Warning**: ⚠️ scsi0 was a boot disk of this VM"));
  EXPECT_EQ(r.structured["boot_disk"], true);
}

TEST_F(DiskWrites, AddSataDiskToARunningVmReportsTheHeldBackSlot) {
  // A running VM cannot hotplug sata: Proxmox allocates the volume now and holds the slot.
  h.api.on_get(kVmConfig, vm_config());
  h.api.on_get(kVmPending,
               pending_answer(vm_config(), json{{"sata1", "local-lvm:vm-101-disk-2,size=10G"}}));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_add_disk_vm", {{"node", "pve1"},
                                          {"vmid", 101},
                                          {"disk", "sata1"},
                                          {"storage", "local-lvm"},
                                          {"size", "10"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["pending"], true);
  EXPECT_EQ(r.structured["volume"], "local-lvm:vm-101-disk-2");
  EXPECT_TRUE(r.text.starts_with("⏳ **Disk Addition Pending**\n\n")) << r.text;
  EXPECT_TRUE(Contains(r.text,
                       "• **Volume**: local-lvm:vm-101-disk-2\n"
                       "• **Pending**: ⏳ Proxmox holds this change until the VM next starts "
                       "(proxmox_reboot_vm applies it now; a reboot from inside the guest does "
                       "not)\n"));
}

TEST_F(DiskWrites, RemoveDiskOfARunningVmThatWaitsSaysNothingChangedYet) {
  json config = vm_config();
  config["sata1"] = "local-lvm:vm-101-disk-2,size=10G";
  h.api.on_get(kVmConfig, config);
  h.api.on_get(kVmPending, pending_answer(config, json::object(), {"sata1"}));
  h.api.on("POST", kVmConfig, kUpid);
  h.api.on_get(status_path(), task_ok());
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "sata1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["outcome"], "pending");
  EXPECT_FALSE(r.structured.contains("unused"));
  EXPECT_TRUE(r.text.starts_with("⏳ **Disk Removal Pending**\n\n")) << r.text;
  EXPECT_TRUE(Contains(r.text,
                       "• **Outcome**: nothing changed yet: the VM still uses sata1 and its data "
                       "is untouched\n• **Pending**: ⏳ Proxmox holds this change until the VM "
                       "next starts"));
}

TEST_F(DiskWrites, RemoveDiskRefusedForProtectedGuestsAndMissingDisks) {
  json protected_config = vm_config();
  protected_config["protection"] = 1;
  h.api.on_get(kVmConfig, protected_config);
  auto r = h.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "scsi1"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(Contains(r.text, "VM 101 is protected (protection=1): refusing to remove its disks"));

  Harness e{policy::Settings{policy::Mode::elevated, false}};
  e.api.on_get(kVmConfig, vm_config());
  auto missing =
      e.call("proxmox_remove_disk_vm", {{"node", "pve1"}, {"vmid", 101}, {"disk", "virtio3"}});
  EXPECT_EQ(missing.text, "VM 101 has no virtio3; its disks are: ide2, scsi0, scsi1");
  for (const auto* api : {&h.api, &e.api}) {
    for (const auto& call : api->calls()) EXPECT_EQ(call.method, "GET");
  }
}

TEST_F(DiskWrites, RemoveMountpointDetachesThroughPut) {
  json before = {{"digest", "c1"},
                 {"rootfs", "local-lvm:vm-115-disk-0,size=8G"},
                 {"mp0", "local-lvm:vm-115-disk-1,mp=/data,size=8G"}};
  json after = {{"digest", "c2"},
                {"rootfs", "local-lvm:vm-115-disk-0,size=8G"},
                {"unused0", "local-lvm:vm-115-disk-1"}};
  h.api.on_get(kCtConfig, before);
  h.api.on_get(kCtPending, pending_answer(after));
  h.api.on("PUT", kCtConfig, json());
  auto r =
      h.call("proxmox_remove_mountpoint_lxc", {{"node", "pve1"}, {"vmid", 115}, {"mp", "mp0"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1], (Call{"PUT", kCtConfig, {{"delete", "mp0"}, {"digest", "c1"}}}));
  EXPECT_EQ(r.structured["outcome"], "detached");
  EXPECT_EQ(r.structured["unused"], "unused0");
  EXPECT_EQ(
      h.call("proxmox_remove_mountpoint_lxc", {{"node", "pve1"}, {"vmid", 115}, {"mp", "rootfs"}})
          .text,
      "Invalid argument 'mp': must be mp0-255 or unused0-255 (the rootfs cannot be removed)");
}

}  // namespace
}  // namespace tools::testing
