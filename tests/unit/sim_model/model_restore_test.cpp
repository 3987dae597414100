// Restores: POST /nodes/{node}/qemu with `archive` and /nodes/{node}/lxc with `restore=1`, from
// seeded archives and from ones vzdump wrote, onto new and (with force) existing VMIDs.
#include <regex>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

constexpr const char* kWebBackup = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
constexpr const char* kDockerBackup = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
constexpr const char* kPiholeBackup =
    "backup-nfs:backup/vzdump-lxc-103-2026_11_25-02_31_40.tar.zst";

class RestoreTest : public WriteTest {
 protected:
  ApiResponse restore(const std::string& kind, Json params, const std::string& node = "pve1") {
    return send("POST", "/nodes/{node}/" + kind, "/nodes/" + node + "/" + kind, std::move(params));
  }
  std::string started(const ApiResponse& response) {
    EXPECT_EQ(response.status, 200) << response.message;
    return response.data.is_string() ? response.data.get<std::string>() : "";
  }
  void set_guest(int vmid, const std::function<void(Guest&)>& change) {
    model->with_state([&](ClusterState& state) { change(state.guests.at(vmid)); });
  }
};

TEST_F(RestoreTest, QemuFromASeededArchive) {
  const std::string upid = started(
      restore("qemu", {{"vmid", "120"}, {"archive", kWebBackup}, {"storage", "local-lvm"}}));
  EXPECT_NE(upid.find(":qmrestore:120:"), std::string::npos) << upid;
  EXPECT_EQ(guest_config("qemu", 120)["lock"], "create");
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("qemu", 120);
  const Json web = guest_config("qemu", 100);
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-120-disk-0,iothread=1,size=32G");
  EXPECT_EQ(config["net0"], web["net0"]);  // MACs stay without `unique`
  EXPECT_EQ(config["smbios1"], web["smbios1"]);
  EXPECT_EQ(config["ide2"], web["ide2"]);
  EXPECT_EQ(config["name"], "web");
  for (const char* gone : {"lock", "parent"}) EXPECT_FALSE(config.contains(gone)) << gone;
  EXPECT_TRUE(
      call_ok("/nodes/{node}/qemu/{vmid}/snapshot", "/nodes/pve1/qemu/120/snapshot").size() ==
      1);  // only "current"
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-120-disk-0"));
  const Json log = task_log_texts(upid);
  EXPECT_EQ(log[1], "DEV: dev_id=1 size: 34359738368 devname: drive-scsi0");
  EXPECT_EQ(log[3], "new volume ID is 'local-lvm:vm-120-disk-0'");
  EXPECT_EQ(log.back(), "TASK OK");
}

TEST_F(RestoreTest, QemuFromAVzdumpArchiveWithUniqueAndOverrides) {
  // Back up VM 102 as it is now, then change it: the restore brings the backed-up config.
  const std::string dump = started(send("POST", "/nodes/{node}/vzdump", "/nodes/pve2/vzdump",
                                        {{"vmid", "102"}, {"storage", "backup-nfs"}}));
  finish();
  ASSERT_EQ(task_status(dump, "pve2")["exitstatus"], "OK");
  const Json before = guest_config("qemu", 102, "pve2");
  ASSERT_EQ(send("PUT", "/nodes/{node}/qemu/{vmid}/config", "/nodes/pve2/qemu/102/config",
                 {{"cores", "8"}})
                .status,
            200);
  std::string archive;
  for (const auto& volid : volids("pve2", "backup-nfs")) {
    if (volid.find("vzdump-qemu-102-2026_11_26") != std::string::npos) archive = volid;
  }
  ASSERT_FALSE(archive.empty());
  const std::string upid = started(restore(
      "qemu", {{"vmid", "121"}, {"archive", archive}, {"unique", "1"}, {"name", "win11-copy"}},
      "pve2"));
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  Json config = guest_config("qemu", 121, "pve2");
  EXPECT_EQ(config["cores"], before["cores"]);
  EXPECT_EQ(config["name"], "win11-copy");
  EXPECT_EQ(config["efidisk0"], "local-lvm:vm-121-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M");
  EXPECT_EQ(config["sata0"], "local-lvm:vm-121-disk-1,size=64G");
  EXPECT_EQ(config["tpmstate0"], "local-lvm:vm-121-disk-2,size=4M,version=v2.0");
  const std::string net0 = config["net0"];
  EXPECT_NE(net0, before["net0"]);
  EXPECT_TRUE(std::regex_match(net0, std::regex("e1000=BC:24:11:[0-9A-F:]{8},bridge=vmbr0")))
      << net0;
}

TEST_F(RestoreTest, QemuChecksBeforeTheWorker) {
  const ApiResponse taken = restore("qemu", {{"vmid", "100"}, {"archive", kWebBackup}});
  EXPECT_EQ(taken.status, 500);
  EXPECT_EQ(taken.message, "unable to restore VM 100 - VM 100 already exists on node 'pve1'\n");
  const ApiResponse disk =
      restore("qemu", {{"vmid", "120"}, {"archive", kWebBackup}, {"scsi0", "local-lvm:8"}});
  EXPECT_EQ(disk.status, 400);
  EXPECT_EQ(disk.errors.at("scsi0"), "option conflicts with option 'archive'");
  const std::string iso = "local:iso/debian-13.1.0-amd64-netinst.iso";
  EXPECT_EQ(restore("qemu", {{"vmid", "120"}, {"archive", iso}}).message,
            "unable to use volume " + iso + " - content type needs to be 'backup'\n");
  const std::string missing = "local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst";
  EXPECT_EQ(restore("qemu", {{"vmid", "120"}, {"archive", missing}}).message,
            "can't find file '" + missing + "'\n");
  set_guest(104, [](Guest& guest) { guest.config["lock"] = "backup"; });
  EXPECT_EQ(restore("qemu", {{"vmid", "104"}, {"archive", kWebBackup}, {"force", "1"}}).message,
            "unable to restore VM 104 - VM is locked (backup)\n");
}

TEST_F(RestoreTest, QemuForceOverRunningOrProtectedVmFailsTheWorker) {
  const std::string running =
      started(restore("qemu", {{"vmid", "100"}, {"archive", kWebBackup}, {"force", "1"}}));
  EXPECT_EQ(guest_config("qemu", 100)["lock"], "create");
  finish();
  EXPECT_EQ(task_status(running)["exitstatus"], "unable to restore VM 100 - vm is running");
  EXPECT_EQ(task_log_texts(running)[0],
            "error before or during data restore, some or all disks were not completely "
            "restored. VM 100 state is NOT cleaned up.");
  // The lock goes; the VM stays as it was.
  Json config = guest_config("qemu", 100);
  EXPECT_FALSE(config.contains("lock"));
  EXPECT_EQ(config["parent"], "before-nginx");

  set_guest(100, [](Guest& guest) {
    guest.running = false;
    guest.config["protection"] = 1;
  });
  const std::string protected_vm =
      started(restore("qemu", {{"vmid", "100"}, {"archive", kWebBackup}, {"force", "1"}}));
  finish();
  EXPECT_EQ(task_status(protected_vm)["exitstatus"],
            "unable to restore VM 100 - protection mode enabled");
}

TEST_F(RestoreTest, QemuForceReplacesTheVmAndItsVolumes) {
  set_guest(100, [](Guest& guest) { guest.running = false; });
  const std::string upid =
      started(restore("qemu", {{"vmid", "100"}, {"archive", kWebBackup}, {"force", "1"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("qemu", 100);
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=32G");
  EXPECT_FALSE(config.contains("parent"));
  // The snapshots and their vmstate volume went with the old VM.
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/snapshot", "/nodes/pve1/qemu/100/snapshot").size(),
            1u);
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-state-before-nginx"));
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-100-disk-0"));
}

TEST_F(RestoreTest, QemuRefusesAContainerArchive) {
  const std::string upid = started(restore("qemu", {{"vmid", "120"}, {"archive", kDockerBackup}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], std::string("unable to restore VM 120 - archive '") +
                                                 kDockerBackup +
                                                 "' is not a VM backup (format tar.zst)");
}

TEST_F(RestoreTest, LxcFromASeededArchive) {
  const std::string upid = started(restore("lxc", {{"vmid", "120"},
                                                   {"ostemplate", kDockerBackup},
                                                   {"restore", "1"},
                                                   {"storage", "local-lvm"}}));
  EXPECT_NE(upid.find(":vzrestore:120:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("lxc", 120);
  config.erase("digest");
  Json docker = guest_config("lxc", 101);
  for (const char* key : {"digest", "parent"}) docker.erase(key);
  docker["rootfs"] = "local-lvm:vm-120-disk-0,size=16G";
  EXPECT_EQ(config, docker);  // the same container, new volume, same MAC
  const Json log = task_log_texts(upid);
  EXPECT_EQ(log[0], std::string("recovering backed-up configuration from '") + kDockerBackup + "'");
  EXPECT_EQ(log.back(), "TASK OK");
}

TEST_F(RestoreTest, LxcUniqueGivesNewMacs) {
  const std::string upid = started(restore("lxc", {{"vmid", "120"},
                                                   {"ostemplate", kDockerBackup},
                                                   {"restore", "1"},
                                                   {"unique", "1"},
                                                   {"storage", "local-lvm"}}));
  finish();
  const std::string net0 = guest_config("lxc", 120)["net0"];
  EXPECT_EQ(net0.find("BC:24:11:2F:90:11"), std::string::npos) << net0;
  EXPECT_TRUE(std::regex_match(
      net0, std::regex("name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,"
                       "type=veth")))
      << net0;
}

TEST_F(RestoreTest, LxcForceOverAnExistingContainer) {
  const ApiResponse no_force =
      restore("lxc", {{"vmid", "103"}, {"ostemplate", kPiholeBackup}, {"restore", "1"}}, "pve2");
  EXPECT_EQ(no_force.status, 500);
  EXPECT_EQ(no_force.message, "CT 103 already exists on node 'pve2'\n");
  const ApiResponse running = restore(
      "lxc", {{"vmid", "101"}, {"ostemplate", kDockerBackup}, {"restore", "1"}, {"force", "1"}});
  EXPECT_EQ(running.message, "can't overwrite running container\n");
  set_guest(103, [](Guest& guest) { guest.config["protection"] = 1; });
  Json params = {{"vmid", "103"},
                 {"ostemplate", kPiholeBackup},
                 {"restore", "1"},
                 {"force", "1"},
                 {"storage", "local-lvm"}};
  EXPECT_EQ(restore("lxc", params, "pve2").message,
            "unable to restore CT 103 - protection mode enabled\n");

  set_guest(103, [](Guest& guest) { guest.config.erase("protection"); });
  const std::string upid = started(restore("lxc", params, "pve2"));
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["lock"], "create");
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  // New volumes are made before the old ones go.
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["rootfs"], "local-lvm:vm-103-disk-1,size=8G");
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-0"));
  EXPECT_FALSE(guest_config("lxc", 103, "pve2").contains("lock"));
}

TEST_F(RestoreTest, LxcArchiveMustBeABackup) {
  EXPECT_EQ(restore("lxc", {{"vmid", "120"},
                            {"ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"},
                            {"restore", "1"},
                            {"storage", "local-lvm"}})
                .message,
            "unable to use volume local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst - content "
            "type needs to be 'backup'\n");
  const std::string upid = started(restore(
      "lxc",
      {{"vmid", "120"}, {"ostemplate", kWebBackup}, {"restore", "1"}, {"storage", "local-lvm"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], std::string("unable to restore CT 120 - archive '") +
                                                 kWebBackup +
                                                 "' is not a container backup (format vma.zst)");
  EXPECT_EQ(call("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve1/lxc/120/config").status, 500);
}

}  // namespace
}  // namespace pvesim::test
