// Pending changes: what a running guest takes at once, what waits for its next start, and how
// GET …/config, …/config?current=1 and …/pending show it.
#include <map>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

class PendingTest : public WriteTest {
 protected:
  static std::string base(const std::string& kind, int vmid, const std::string& node) {
    return "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid);
  }
  ApiResponse put(const std::string& kind, int vmid, Json params,
                  const std::string& node = "pve1") {
    return send("PUT", "/nodes/{node}/" + kind + "/{vmid}/config",
                base(kind, vmid, node) + "/config", std::move(params));
  }
  void put_ok(const std::string& kind, int vmid, Json params, const std::string& node = "pve1") {
    const ApiResponse response = put(kind, vmid, std::move(params), node);
    ASSERT_EQ(response.status, 200) << response.message;
    EXPECT_TRUE(response.data.is_null());
  }
  Json current_config(const std::string& kind, int vmid, const std::string& node = "pve1") {
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/config", base(kind, vmid, node) + "/config",
                   {{"current", "1"}});
  }
  Json pending(const std::string& kind, int vmid, const std::string& node = "pve1") {
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/pending",
                   base(kind, vmid, node) + "/pending");
  }
  // The entry of `key` in GET …/pending, or null.
  Json entry(const std::string& kind, int vmid, const std::string& key,
             const std::string& node = "pve1") {
    for (const auto& item : pending(kind, vmid, node)) {
      if (item["key"] == key) return item;
    }
    return nullptr;
  }
  // Entries that carry a pending value or delete.
  Json changes(const std::string& kind, int vmid, const std::string& node = "pve1") {
    Json out = Json::array();
    for (const auto& item : pending(kind, vmid, node)) {
      if (item.contains("pending") || item.contains("delete")) out.push_back(item);
    }
    return out;
  }
  void power(const std::string& kind, int vmid, const std::string& action) {
    const std::string path = base(kind, vmid, "pve1") + "/status/" + action;
    EXPECT_EQ(run("POST", "/nodes/{node}/" + kind + "/{vmid}/status/" + action, path), "OK")
        << path;
  }
  Json dumped_guest(int vmid) {
    const Json dump = model->dump_state();
    for (const auto& guest : dump["guests"]) {
      if (guest["vmid"] == vmid) return guest;
    }
    return nullptr;
  }
};

TEST_F(PendingTest, RunningVmKeepsCoresPendingUntilItStartsAgain) {
  put_ok("qemu", 100, {{"cores", "4"}});
  EXPECT_EQ(guest_config("qemu", 100)["cores"], 4);
  EXPECT_EQ(current_config("qemu", 100)["cores"], 2);
  EXPECT_EQ(entry("qemu", 100, "cores"),
            Json({{"key", "cores"}, {"value", "2"}, {"pending", "4"}}));
  EXPECT_EQ(guest_status("qemu", 100)["cpus"], 2);
  EXPECT_EQ(dumped_guest(100)["pending"], Json({{"cores", 4}}));

  power("qemu", 100, "stop");
  EXPECT_EQ(current_config("qemu", 100)["cores"], 2);  // stopping applies nothing
  power("qemu", 100, "start");
  EXPECT_EQ(current_config("qemu", 100)["cores"], 4);
  EXPECT_EQ(entry("qemu", 100, "cores"), Json({{"key", "cores"}, {"value", "4"}}));
  EXPECT_EQ(changes("qemu", 100), Json::array());
  EXPECT_EQ(dumped_guest(100)["pending"], Json::object());
}

TEST_F(PendingTest, ARebootThroughTheApiAppliesPendingChanges) {
  put_ok("qemu", 100, {{"cores", "4"}});
  power("qemu", 100, "reboot");
  EXPECT_EQ(current_config("qemu", 100)["cores"], 4);
  EXPECT_EQ(changes("qemu", 100), Json::array());

  put_ok("lxc", 101, {{"mp0", "local-lvm:2,mp=/srv"}});  // hotplugged
  put_ok("lxc", 101, {{"delete", "mp0"}});               // waits
  ASSERT_EQ(changes("lxc", 101).size(), 1u);
  power("lxc", 101, "reboot");
  EXPECT_FALSE(current_config("lxc", 101).contains("mp0"));
  EXPECT_EQ(changes("lxc", 101), Json::array());
}

TEST_F(PendingTest, FastPlugKeysNetworkAndScsiDisksApplyAtOnce) {
  put_ok("qemu", 100,
         {{"name", "web2"},
          {"tags", "prod"},
          {"net1", "virtio,bridge=vmbr0"},
          {"scsi1", "local-lvm:4"},
          {"cpulimit", "2"}});
  const Json current = current_config("qemu", 100);
  EXPECT_EQ(current["name"], "web2");
  EXPECT_EQ(current["tags"], "prod");
  EXPECT_EQ(current["cpulimit"], "2");  // number-typed keys stay text (check_type)
  EXPECT_EQ(current["scsi1"], "local-lvm:vm-100-disk-1,size=4G");
  EXPECT_EQ(current["net1"].get<std::string>().rfind("virtio=BC:24:11:", 0), 0u) << current["net1"];
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-1"));
  EXPECT_EQ(changes("qemu", 100), Json::array());
}

TEST_F(PendingTest, SataDiskIsAllocatedButWaitsForTheNextStart) {
  put_ok("qemu", 100, {{"sata1", "local-lvm:4"}});
  EXPECT_FALSE(current_config("qemu", 100).contains("sata1"));
  EXPECT_EQ(guest_config("qemu", 100)["sata1"], "local-lvm:vm-100-disk-1,size=4G");
  EXPECT_EQ(entry("qemu", 100, "sata1"),
            Json({{"key", "sata1"}, {"pending", "local-lvm:vm-100-disk-1,size=4G"}}));
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-1"));
  power("qemu", 100, "stop");
  power("qemu", 100, "start");
  EXPECT_EQ(current_config("qemu", 100)["sata1"], "local-lvm:vm-100-disk-1,size=4G");
}

TEST_F(PendingTest, ScsiDiskDeleteDetachesAtOnce) {
  put_ok("qemu", 100, {{"scsi1", "local-lvm:4"}});
  put_ok("qemu", 100, {{"delete", "scsi1"}});
  const Json current = current_config("qemu", 100);
  EXPECT_FALSE(current.contains("scsi1"));
  EXPECT_EQ(current["unused0"], "local-lvm:vm-100-disk-1");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-1"));
  EXPECT_EQ(changes("qemu", 100), Json::array());
}

TEST_F(PendingTest, IdeDeletesArePendingWithTheirForceFlagAndLeaveTheBootOrder) {
  const std::string iso = "local:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom,size=754M";
  put_ok("qemu", 100, {{"delete", "ide2,ostype"}});
  EXPECT_EQ(entry("qemu", 100, "ide2"), Json({{"key", "ide2"}, {"value", iso}, {"delete", 1}}));
  EXPECT_EQ(entry("qemu", 100, "ostype"),
            Json({{"key", "ostype"}, {"value", "l26"}, {"delete", 1}}));
  EXPECT_EQ(
      entry("qemu", 100, "boot"),
      Json({{"key", "boot"}, {"value", "order=scsi0;ide2;net0"}, {"pending", "order=scsi0;net0"}}));
  EXPECT_FALSE(guest_config("qemu", 100).contains("ide2"));
  EXPECT_EQ(current_config("qemu", 100)["ide2"], iso);
  EXPECT_EQ(dumped_guest(100)["pending"],
            Json({{"boot", "order=scsi0;net0"}, {"delete", "ide2,ostype"}}));

  put_ok("qemu", 100, {{"delete", "ide2"}, {"force", "1"}});
  EXPECT_EQ(entry("qemu", 100, "ide2"), Json({{"key", "ide2"}, {"value", iso}, {"delete", 2}}));
  EXPECT_EQ(dumped_guest(100)["pending"],
            Json({{"boot", "order=scsi0;net0"}, {"delete", "!ide2,ostype"}}));

  power("qemu", 100, "stop");
  power("qemu", 100, "start");
  const Json current = current_config("qemu", 100);
  EXPECT_FALSE(current.contains("ide2"));
  EXPECT_FALSE(current.contains("ostype"));
  EXPECT_EQ(current["boot"], "order=scsi0;net0");
  EXPECT_FALSE(current.contains("unused0"));  // a CD-ROM leaves no unused disk
  EXPECT_EQ(changes("qemu", 100), Json::array());
}

TEST_F(PendingTest, BootDiskOfARunningVmIsNotUnplugged) {
  const ApiResponse refused = put("qemu", 100, {{"delete", "scsi0"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.errors, (std::map<std::string, std::string>{
                                {"scsi0", "hotplug problem - can't unplug bootdisk 'scsi0'"}}));
  // What was written stays: the delete and the shorter boot order wait for the next start.
  EXPECT_EQ(current_config("qemu", 100)["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=32G");
  EXPECT_EQ(dumped_guest(100)["pending"], Json({{"boot", "order=ide2;net0"}, {"delete", "scsi0"}}));
  power("qemu", 100, "stop");
  power("qemu", 100, "start");
  EXPECT_EQ(current_config("qemu", 100)["unused0"], "local-lvm:vm-100-disk-0");
}

TEST_F(PendingTest, RevertDropsPendingValuesAndDeletes) {
  put_ok("qemu", 100, {{"cores", "4"}, {"sata1", "local-lvm:4"}, {"delete", "ostype"}});
  ASSERT_EQ(changes("qemu", 100).size(), 3u);
  put_ok("qemu", 100, {{"revert", "cores,sata1,ostype"}});
  EXPECT_EQ(changes("qemu", 100), Json::array());
  const Json config = guest_config("qemu", 100);
  EXPECT_EQ(config["cores"], 2);
  EXPECT_EQ(config["ostype"], "l26");
  EXPECT_FALSE(config.contains("sata1"));
  // The disk allocated for the reverted sata1 stays as an unused disk.
  EXPECT_EQ(config["unused0"], "local-lvm:vm-100-disk-1");

  const ApiResponse both = put("qemu", 100, {{"cores", "4"}, {"revert", "cores"}});
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.errors.at("delete"), "you can't use '-cores' and -revert cores' at the same time");
  const ApiResponse ct = put("lxc", 101, {{"delete", "swap"}, {"revert", "swap"}});
  EXPECT_EQ(ct.status, 400);
  EXPECT_EQ(ct.errors.at("delete"),
            "you can't use '-delete swap' and '-revert swap' at the same time");
}

TEST_F(PendingTest, DigestCoversThePendingSection) {
  const std::string before = guest_config("qemu", 100)["digest"];
  put_ok("qemu", 100, {{"cores", "4"}});
  const std::string after = current_config("qemu", 100)["digest"];
  EXPECT_NE(after, before);
  EXPECT_EQ(guest_config("qemu", 100)["digest"], after);
  EXPECT_EQ(entry("qemu", 100, "digest"), Json({{"key", "digest"}, {"value", after}}));
  const ApiResponse stale = put("qemu", 100, {{"cores", "8"}, {"digest", before}});
  EXPECT_EQ(stale.status, 500);
  EXPECT_EQ(stale.message, "checksum mismatch (file change by other user?)\n");
  put_ok("qemu", 100, {{"cores", "8"}, {"digest", after}});
  EXPECT_EQ(entry("qemu", 100, "cores"),
            Json({{"key", "cores"}, {"value", "2"}, {"pending", "8"}}));

  // pve-container checks with PVE::Tools::assert_if_modified, whose text differs.
  const ApiResponse ct = put("lxc", 101, {{"cores", "2"}, {"digest", before}});
  EXPECT_EQ(ct.status, 500);
  EXPECT_EQ(ct.message,
            "detected modified configuration - file changed by other user? Try again.\n");
}

TEST_F(PendingTest, PostOnARunningVmLeavesMemoryPending) {
  EXPECT_EQ(run("POST", "/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config",
                {{"memory", "8192"}, {"description", "bigger"}}),
            "OK");
  EXPECT_EQ(guest_config("qemu", 100)["memory"], "8192");
  const Json current = current_config("qemu", 100);
  EXPECT_EQ(current["memory"], "4096");
  EXPECT_EQ(current["description"], "bigger");
  EXPECT_EQ(guest_status("qemu", 100)["maxmem"], 4096LL * 1024 * 1024);
}

TEST_F(PendingTest, RunningContainerHotplugsMemoryAndNewMountPointsOnly) {
  put_ok("lxc", 101, {{"memory", "2048"}, {"mp0", "local-lvm:2,mp=/srv"}});
  Json current = current_config("lxc", 101);
  EXPECT_EQ(current["memory"], 2048);
  EXPECT_EQ(current["mp0"], "local-lvm:vm-101-disk-1,mp=/srv,size=2G");
  EXPECT_EQ(changes("lxc", 101), Json::array());

  const std::string rootfs = "local-lvm:vm-101-disk-0,size=16G,mountoptions=noatime";
  put_ok("lxc", 101, {{"delete", "mp0"}, {"rootfs", rootfs}});
  EXPECT_EQ(
      entry("lxc", 101, "mp0"),
      Json({{"key", "mp0"}, {"value", "local-lvm:vm-101-disk-1,mp=/srv,size=2G"}, {"delete", 1}}));
  EXPECT_EQ(entry("lxc", 101, "rootfs"), Json({{"key", "rootfs"},
                                               {"value", "local-lvm:vm-101-disk-0,size=16G"},
                                               {"pending", rootfs}}));
  const Json config = guest_config("lxc", 101);
  EXPECT_FALSE(config.contains("mp0"));
  EXPECT_EQ(config["rootfs"], rootfs);

  power("lxc", 101, "stop");
  power("lxc", 101, "start");
  current = current_config("lxc", 101);
  EXPECT_FALSE(current.contains("mp0"));
  EXPECT_EQ(current["unused0"], "local-lvm:vm-101-disk-1");
  EXPECT_EQ(current["rootfs"], rootfs);
  EXPECT_EQ(changes("lxc", 101), Json::array());
}

TEST_F(PendingTest, ContainerChecksBeforeWriting) {
  const ApiResponse memory = put("lxc", 101, {{"delete", "memory"}});
  EXPECT_EQ(memory.status, 500);
  EXPECT_EQ(memory.message, "unable to delete required option 'memory'\n");
  put_ok("lxc", 101, {{"protection", "1"}});
  EXPECT_EQ(current_config("lxc", 101)["protection"], 1);  // fast-plug
  const ApiResponse rootfs = put("lxc", 101, {{"rootfs", "local-lvm:vm-101-disk-0,size=16G"}});
  EXPECT_EQ(rootfs.status, 500);
  EXPECT_EQ(rootfs.message, "can't update CT 101 drive 'rootfs' - protection mode enabled\n");
  EXPECT_EQ(changes("lxc", 101), Json::array());
}

TEST_F(PendingTest, StoppedGuestsApplyEverythingAtOnce) {
  put_ok("qemu", 102, {{"cores", "6"}, {"sata1", "local-lvm:4"}, {"delete", "ide2"}}, "pve2");
  const Json current = current_config("qemu", 102, "pve2");
  EXPECT_EQ(current["cores"], 6);
  EXPECT_EQ(current["sata1"].get<std::string>().rfind("local-lvm:vm-102-disk-", 0), 0u);
  EXPECT_FALSE(current.contains("ide2"));
  EXPECT_EQ(changes("qemu", 102, "pve2"), Json::array());
  put_ok("lxc", 103, {{"memory", "1024"}, {"rootfs", "local-lvm:vm-103-disk-0,size=8G,quota=1"}},
         "pve2");
  EXPECT_EQ(current_config("lxc", 103, "pve2")["rootfs"],
            "local-lvm:vm-103-disk-0,size=8G,quota=1");
  EXPECT_EQ(changes("lxc", 103, "pve2"), Json::array());
}

TEST_F(PendingTest, ReadErrors) {
  const ApiResponse both = call("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config",
                                {{"current", "1"}, {"snapshot", "pre-upgrade"}});
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(both.errors.at("snapshot"), "cannot use 'snapshot' parameter with 'current'");
  EXPECT_EQ(both.errors.at("current"), "cannot use 'snapshot' parameter with 'current'");
  const ApiResponse missing =
      call("/nodes/{node}/lxc/{vmid}/pending", "/nodes/pve1/lxc/999/pending");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist\n");
}

}  // namespace
}  // namespace pvesim::test
