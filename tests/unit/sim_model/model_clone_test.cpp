// Clones: POST /nodes/{node}/{qemu,lxc}/{vmid}/clone, full and linked, the locks while the
// worker runs and the refusals PVE makes before it.
#include <regex>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

class CloneTest : public WriteTest {
 protected:
  ApiResponse clone(const std::string& kind, int vmid, Json params,
                    const std::string& node = "pve1") {
    const std::string path = "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid) + "/clone";
    return send("POST", "/nodes/{node}/" + kind + "/{vmid}/clone", path, std::move(params));
  }
  std::string started(const ApiResponse& response) {
    EXPECT_EQ(response.status, 200) << response.message;
    return response.data.is_string() ? response.data.get<std::string>() : "";
  }
  const Volume* volume(const std::string& node, const std::string& volid) {
    const Volume* found = nullptr;
    model->with_state([&](ClusterState& state) {
      if (StoragePool* pool = state.pool(node, volid.substr(0, volid.find(':')))) {
        for (const auto& v : pool->volumes) {
          if (v.volid == volid) found = &v;
        }
      }
    });
    return found;
  }
};

TEST_F(CloneTest, QemuFullCloneOfARunningVm) {
  const Json source = guest_config("qemu", 104);
  const std::string upid = started(clone("qemu", 104, {{"newid", "120"}, {"name", "db-copy"}}));
  EXPECT_NE(upid.find(":qmclone:104:"), std::string::npos) << upid;
  EXPECT_EQ(guest_config("qemu", 120)["lock"], "clone");
  EXPECT_FALSE(guest_config("qemu", 104).contains("lock"));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("qemu", 120);
  EXPECT_EQ(config["name"], "db-copy");
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-120-disk-0,iothread=1,size=100G");
  EXPECT_EQ(config["memory"], source["memory"]);
  EXPECT_EQ(config["tags"], source["tags"]);
  const std::string net0 = config["net0"];
  EXPECT_NE(net0, source["net0"]);
  EXPECT_TRUE(std::regex_match(net0, std::regex("virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0")));
  EXPECT_TRUE(config["smbios1"].get<std::string>().rfind("uuid=", 0) == 0);
  EXPECT_FALSE(config.contains("lock"));
  EXPECT_EQ(guest_status("qemu", 120)["status"], "stopped");
  const Volume* copy = volume("pve1", "local-lvm:vm-120-disk-0");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy->size, 100LL * 1024 * 1024 * 1024);
  EXPECT_EQ(copy->vmid, 120);
  // clone_disk, then qemu-img's progress for every percent (QemuImage::convert's parser).
  const Json log = task_log_texts(upid);
  ASSERT_EQ(log.size(), 105u);
  EXPECT_EQ(log[0], "create full clone of drive scsi0 (local-lvm:vm-104-disk-0)");
  EXPECT_EQ(log[1], "  Logical volume \"vm-120-disk-0\" created.");
  EXPECT_EQ(log[2], "allocated target volume 'local-lvm:vm-120-disk-0'");
  EXPECT_EQ(log[3], "transferred 0.0 B of 100.0 GiB (0.00%)");
  EXPECT_EQ(log[4], "transferred 1.0 GiB of 100.0 GiB (1.00%)");
  EXPECT_EQ(log[103], "transferred 100.0 GiB of 100.0 GiB (100.00%)");
  EXPECT_EQ(log[104], "TASK OK");
}

TEST_F(CloneTest, QemuDefaultName) {
  started(clone("qemu", 104, {{"newid", "120"}}));
  finish();
  EXPECT_EQ(guest_config("qemu", 120)["name"], "Copy-of-VM-db");
}

TEST_F(CloneTest, QemuLinkedCloneOfATemplate) {
  const std::string upid =
      started(clone("qemu", 9000, {{"newid", "120"}, {"description", "from golden"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("qemu", 120);
  EXPECT_EQ(config["scsi0"], "local-lvm:base-9000-disk-0/vm-120-disk-0,size=3G");
  EXPECT_EQ(config["ide2"], "local-lvm:vm-120-cloudinit,media=cdrom");
  EXPECT_EQ(config["name"], "Copy-of-VM-debian-13-cloud");
  EXPECT_EQ(config["description"], "from golden");
  EXPECT_FALSE(config.contains("template"));
  const Volume* linked = volume("pve1", "local-lvm:base-9000-disk-0/vm-120-disk-0");
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->parent, "local-lvm:base-9000-disk-0");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-120-cloudinit"));
  // A second clone gets the next disk name on the storage.
  started(clone("qemu", 9000, {{"newid", "121"}, {"full", "1"}}));
  finish();
  EXPECT_EQ(guest_config("qemu", 121)["scsi0"], "local-lvm:vm-121-disk-0,size=3G");
}

TEST_F(CloneTest, QemuRefusals) {
  const ApiResponse linked = clone("qemu", 104, {{"newid", "120"}, {"full", "0"}});
  EXPECT_EQ(linked.status, 500);
  EXPECT_EQ(linked.message, "Linked clone feature is not supported for drive 'scsi0'\n");
  EXPECT_EQ(clone("qemu", 9000, {{"newid", "120"}, {"storage", "local-lvm"}}).message,
            "parameter 'storage' not allowed for linked clones\n");
  EXPECT_EQ(clone("qemu", 104, {{"newid", "100"}}).message,
            "unable to create VM 100: config file already exists\n");
  EXPECT_EQ(clone("qemu", 104, {{"newid", "120"}, {"target", "pve2"}}).message,
            "can't clone VM to node 'pve2' (VM uses local storage)\n");
  EXPECT_EQ(clone("qemu", 104, {{"newid", "120"}, {"target", "pve9"}}).message,
            "no such cluster node 'pve9'\n");
  EXPECT_EQ(clone("qemu", 104, {{"newid", "120"}, {"snapname", "nope"}}).message,
            "snapshot 'nope' does not exist\n");
  EXPECT_EQ(clone("qemu", 999, {{"newid", "120"}}).message,
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
  model->with_state([](ClusterState& state) { state.guests.at(104).config["lock"] = "backup"; });
  EXPECT_EQ(clone("qemu", 104, {{"newid", "120"}}).message, "VM is locked (backup)\n");
  EXPECT_EQ(call("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/120/config").status, 500);
}

TEST_F(CloneTest, QemuNewidOfAGuestElsewhereFailsTheWorker) {
  const std::string upid = started(clone("qemu", 104, {{"newid", "102"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "clone failed: VM 102 already exists on node 'pve2'");
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["name"], "win11");
}

TEST_F(CloneTest, QemuCloneFromASnapshot) {
  started(clone("qemu", 100, {{"newid", "120"}, {"snapname", "pre-upgrade"}}));
  finish();
  Json config = guest_config("qemu", 120);
  EXPECT_EQ(config["description"], "Before the Debian 13 upgrade");
  for (const char* gone : {"snaptime", "parent", "vmstate"}) EXPECT_FALSE(config.contains(gone));
}

TEST_F(CloneTest, LxcFullCloneLocksTheSource) {
  const Json source = guest_config("lxc", 103, "pve2");
  const std::string upid =
      started(clone("lxc", 103, {{"newid", "120"}, {"hostname", "pihole2"}}, "pve2"));
  EXPECT_NE(upid.find(":vzclone:103:"), std::string::npos) << upid;
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["lock"], "disk");
  Json during = guest_config("lxc", 120, "pve2");
  EXPECT_EQ(during["lock"], "create");
  EXPECT_EQ(during["hostname"], "pihole2");
  EXPECT_FALSE(during.contains("rootfs"));
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  EXPECT_FALSE(guest_config("lxc", 103, "pve2").contains("lock"));
  Json config = guest_config("lxc", 120, "pve2");
  EXPECT_FALSE(config.contains("lock"));
  EXPECT_EQ(config["rootfs"], "local-lvm:vm-120-disk-0,size=8G");
  EXPECT_EQ(config["hostname"], "pihole2");
  EXPECT_EQ(config["memory"], source["memory"]);
  const std::string net0 = config["net0"];
  EXPECT_EQ(net0.find("BC:24:11:7C:01:03"), std::string::npos) << net0;
  EXPECT_TRUE(
      std::regex_match(net0, std::regex("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},"
                                        "ip=192.168.1.53/24,gw=192.168.1.1,type=veth")))
      << net0;
  EXPECT_EQ(task_log_texts(upid),
            Json::array({"create full clone of mountpoint rootfs (local-lvm:vm-103-disk-0)",
                         "  Logical volume \"vm-120-disk-0\" created.", "TASK OK"}));
}

TEST_F(CloneTest, LxcRefusals) {
  EXPECT_EQ(clone("lxc", 101, {{"newid", "120"}}).message,
            "Cannot do full clones on a running container without snapshots\n");
  EXPECT_EQ(clone("lxc", 103, {{"newid", "120"}, {"full", "0"}}, "pve2").message,
            "Linked clone feature for 'local-lvm:vm-103-disk-0' is not available\n");
  EXPECT_EQ(clone("lxc", 103, {{"newid", "100"}}, "pve2").message,
            "VM 100 already exists on node 'pve1'\n");
  EXPECT_EQ(clone("lxc", 105, {{"newid", "120"}}, "pve2").message, "CT is locked (backup)\n");
  // Nothing was left locked or half-created.
  EXPECT_FALSE(guest_config("lxc", 103, "pve2").contains("lock"));
  EXPECT_EQ(call("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve2/lxc/120/config").status, 500);
}

TEST_F(CloneTest, LxcRunningContainerFromASnapshot) {
  const std::string upid =
      started(clone("lxc", 101, {{"newid", "120"}, {"snapname", "clean-install"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("lxc", 120);
  EXPECT_EQ(config["rootfs"], "local-lvm:vm-120-disk-0,size=16G");
  EXPECT_EQ(config["description"], "Fresh Debian 12 with Docker CE");
  EXPECT_FALSE(config.contains("snaptime"));
}

}  // namespace
}  // namespace pvesim::test
