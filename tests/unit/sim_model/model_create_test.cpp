// Guest creation: POST /nodes/{node}/qemu and /nodes/{node}/lxc without restore, the checks
// before the worker, the "create" lock while it runs, and the exact config it writes.
#include <regex>

#include "model_write_support.h"

namespace pvesim::test {
namespace {

constexpr const char* kIso = "local:iso/debian-13.1.0-amd64-netinst.iso";
constexpr const char* kTemplate = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

class CreateTest : public WriteTest {
 protected:
  ApiResponse create(const std::string& kind, Json params, const std::string& node = "pve1",
                     const std::string& auth_id = kRoot) {
    return send("POST", "/nodes/{node}/" + kind, "/nodes/" + node + "/" + kind, std::move(params),
                auth_id);
  }
  std::string started(const ApiResponse& response) {
    EXPECT_EQ(response.status, 200) << response.message;
    return response.data.is_string() ? response.data.get<std::string>() : "";
  }
  bool guest_exists(int vmid) {
    bool found = false;
    model->with_state([&](ClusterState& state) { found = state.guests.contains(vmid); });
    return found;
  }
  Json vm_params() {
    return {{"vmid", "106"},
            {"name", "app"},
            {"memory", "2048"},
            {"cores", "2"},
            {"sockets", "1"},
            {"ostype", "l26"},
            {"agent", "1"},
            {"scsihw", "virtio-scsi-single"},
            {"scsi0", "local-lvm:32,iothread=1"},
            {"ide2", std::string(kIso) + ",media=cdrom"},
            {"net0", "virtio,bridge=vmbr0"}};
  }
  Json ct_params() {
    return {{"vmid", "106"},
            {"ostemplate", kTemplate},
            {"hostname", "web2"},
            {"memory", "1024"},
            {"swap", "256"},
            {"cores", "2"},
            {"rootfs", "local-lvm:8"},
            {"net0", "name=eth0,bridge=vmbr0,ip=dhcp"},
            {"password", "s3cret-pass"},
            {"ssh-public-keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey admin@example"},
            {"onboot", "1"}};
  }
};

TEST_F(CreateTest, QemuCreateWritesTheConfigWhenTheWorkerEnds) {
  const std::string upid = started(create("qemu", vm_params()));
  EXPECT_NE(upid.find("UPID:pve1:"), std::string::npos);
  EXPECT_NE(upid.find(":qmcreate:106:root@pam!mcpserver:"), std::string::npos) << upid;
  // While the worker runs the VM exists, locked, and its VMID is taken.
  Json during = guest_config("qemu", 106);
  EXPECT_EQ(during["lock"], "create");
  EXPECT_EQ(during.size(), 2u) << during.dump();  // lock + digest
  EXPECT_EQ(call_ok("/cluster/nextid", "/cluster/nextid"), "107");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-106-disk-0"));

  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("qemu", 106);
  EXPECT_FALSE(config.contains("lock"));
  EXPECT_EQ(config["name"], "app");
  EXPECT_EQ(config["memory"], "2048");
  EXPECT_EQ(config["cores"], 2);
  EXPECT_EQ(config["sockets"], 1);
  EXPECT_EQ(config["agent"], "1");
  EXPECT_EQ(config["ostype"], "l26");
  EXPECT_EQ(config["scsihw"], "virtio-scsi-single");
  EXPECT_EQ(config["scsi0"], "local-lvm:vm-106-disk-0,iothread=1,size=32G");
  EXPECT_EQ(config["ide2"], std::string(kIso) + ",media=cdrom,size=754M");
  EXPECT_TRUE(std::regex_match(config["net0"].get<std::string>(),
                               std::regex("virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},"
                                          "bridge=vmbr0")))
      << config["net0"];
  EXPECT_EQ(config["boot"], "order=scsi0;ide2;net0");
  EXPECT_EQ(config["meta"], "creation-qemu=10.0.2,ctime=1795651200");
  EXPECT_TRUE(std::regex_match(config["smbios1"].get<std::string>(),
                               std::regex("uuid=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.*")));
  EXPECT_EQ(config["vmgenid"].get<std::string>().size(), 36u);
  EXPECT_EQ(config.size(), 15u) << config.dump();
  EXPECT_EQ(guest_status("qemu", 106)["status"], "stopped");
  EXPECT_EQ(task_log_texts(upid), Json::array({"  Logical volume \"vm-106-disk-0\" created.",
                                               "scsi0: successfully created disk "
                                               "'local-lvm:vm-106-disk-0,iothread=1,size=32G'",
                                               "TASK OK"}));
}

TEST_F(CreateTest, QemuStartAfterCreate) {
  Json params = {{"vmid", "106"}, {"scsi0", "local-lvm:1"}, {"start", "1"}};
  const std::string upid = started(create("qemu", params));
  finish();
  EXPECT_EQ(guest_status("qemu", 106)["status"], "running");
  EXPECT_EQ(task_log_texts(upid)[2], "Execute autostart");
  // Without a network device or cdrom the boot order is the disk alone.
  EXPECT_EQ(guest_config("qemu", 106)["boot"], "order=scsi0");
}

TEST_F(CreateTest, QemuCloudInitDrive) {
  const std::string upid = started(
      create("qemu", {{"vmid", "106"}, {"scsi0", "local-lvm:4"}, {"ide2", "local-lvm:cloudinit"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_EQ(guest_config("qemu", 106)["ide2"], "local-lvm:vm-106-cloudinit,media=cdrom");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-106-cloudinit"));
  EXPECT_EQ(task_log_texts(upid)[0],
            "ide2: successfully created disk 'local-lvm:vm-106-cloudinit,media=cdrom'");
}

TEST_F(CreateTest, QemuVmidAlreadyUsed) {
  Json params = vm_params();
  params["vmid"] = "101";
  const ApiResponse container = create("qemu", params);
  EXPECT_EQ(container.status, 500);
  EXPECT_EQ(container.message, "unable to create VM 101 - CT 101 already exists on node 'pve1'\n");
  params["vmid"] = "102";
  EXPECT_EQ(create("qemu", params).message,
            "unable to create VM 102 - VM 102 already exists on node 'pve2'\n");
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-102-disk-3"));
}

TEST_F(CreateTest, QemuStorageChecksBeforeTheWorker) {
  Json params = vm_params();
  params["scsi0"] = "local:10";
  const ApiResponse no_images = create("qemu", params);
  EXPECT_EQ(no_images.status, 400);
  EXPECT_EQ(no_images.errors.at("storage"), "storage 'local' does not support vm images");
  params["scsi0"] = "tank:10";
  const ApiResponse unknown = create("qemu", params);
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(unknown.message, "storage 'tank' does not exist\n");
  params["scsi0"] = kTemplate;
  const ApiResponse wrong_content = create("qemu", params);
  EXPECT_EQ(wrong_content.status, 400);
  EXPECT_EQ(wrong_content.errors.at("scsi0"), "content type needs to be 'images' or 'iso'");
  EXPECT_FALSE(guest_exists(106));
}

TEST_F(CreateTest, QemuWorkerFailuresRemoveTheVmAndItsNewDisks) {
  Json params = vm_params();
  params["ide2"] = "local:iso/missing.iso,media=cdrom";
  const std::string upid = started(create("qemu", params));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"],
            "unable to create VM 106 - volume local:iso/missing.iso does not exist");
  EXPECT_FALSE(guest_exists(106));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-106-disk-0"));

  params = vm_params();
  params["scsi1"] = "local-lvm:100000";
  const std::string full = started(create("qemu", params));
  finish();
  const std::string status = task_status(full)["exitstatus"];
  EXPECT_EQ(status.rfind("unable to create VM 106 - lvcreate 'pve/vm-106-disk-1' error:", 0), 0u)
      << status;
  EXPECT_FALSE(guest_exists(106));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-106-disk-0"));
}

TEST_F(CreateTest, QemuStorageMissingOnTheNodeFailsTheWorker) {
  // A directory storage that only pve2 has.
  model->with_state([](ClusterState& state) {
    state.storages.push_back({"nas", "dir", {"images"}, false, {{"path", "/mnt/nas"}}});
    state.pools["pve2/nas"] = {1LL << 40, 0, {}};
  });
  const std::string upid = started(create("qemu", {{"vmid", "106"}, {"scsi0", "nas:8"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"],
            "unable to create VM 106 - storage 'nas' is not available on node 'pve1'");
  EXPECT_FALSE(guest_exists(106));
}

TEST_F(CreateTest, QemuCreateNeedsVmAllocate) {
  // The operator's token may allocate VM 100 only.
  const ApiResponse denied = create("qemu", vm_params(), "pve1", kOperator);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.message, "Permission check failed\n");
  Json params = vm_params();
  params["pool"] = "lab";
  const ApiResponse pool = create("qemu", params);
  EXPECT_EQ(pool.status, 403);  // check_pool_exist raises a permission exception
  EXPECT_EQ(pool.message, "Permission check failed (pool 'lab' does not exist)\n");
}

TEST_F(CreateTest, LxcCreateFromTemplate) {
  const std::string upid = started(create("lxc", ct_params()));
  EXPECT_NE(upid.find(":vzcreate:106:"), std::string::npos) << upid;
  EXPECT_EQ(guest_config("lxc", 106)["lock"], "create");
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("lxc", 106);
  config.erase("digest");
  const std::string net0 = config["net0"];
  EXPECT_TRUE(std::regex_match(
      net0, std::regex("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth")))
      << net0;
  config.erase("net0");
  EXPECT_EQ(config, Json({{"arch", "amd64"},
                          {"cores", 2},
                          {"hostname", "web2"},
                          {"memory", 1024},
                          {"onboot", 1},
                          {"ostype", "debian"},
                          {"rootfs", "local-lvm:vm-106-disk-0,size=8G"},
                          {"swap", 256},
                          {"unprivileged", 1}}));
  EXPECT_EQ(guest_status("lxc", 106)["status"], "stopped");
  const Json log = task_log_texts(upid);
  EXPECT_EQ(log[0], "  Logical volume \"vm-106-disk-0\" created.");
  EXPECT_EQ(log[1], "Creating filesystem with 2097152 4k blocks and 524288 inodes");
  EXPECT_EQ(log[2],
            "extracting archive "
            "'/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'");
  EXPECT_EQ(log.back(), "TASK OK");
  // The password and keys went into the container, nowhere else.
  const std::string dump = model->dump_state().dump();
  EXPECT_EQ(dump.find("s3cret-pass"), std::string::npos);
  EXPECT_EQ(dump.find("AAAAC3NzaC1lZDI1NTE5AAAAIKey"), std::string::npos);
}

TEST_F(CreateTest, LxcDefaultsAndStart) {
  const std::string upid = started(create(
      "lxc",
      {{"vmid", "106"}, {"ostemplate", kTemplate}, {"storage", "local-lvm"}, {"start", "1"}}));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  Json config = guest_config("lxc", 106);
  EXPECT_EQ(config["hostname"], "CT106");
  EXPECT_EQ(config["memory"], 512);
  EXPECT_EQ(config["swap"], 512);
  EXPECT_EQ(config["rootfs"], "local-lvm:vm-106-disk-0,size=4G");
  EXPECT_EQ(guest_status("lxc", 106)["status"], "running");
}

TEST_F(CreateTest, LxcChecksBeforeTheWorker) {
  // The default storage, local, holds no container directories.
  const ApiResponse local = create("lxc", {{"vmid", "106"}, {"ostemplate", kTemplate}});
  EXPECT_EQ(local.status, 400);
  EXPECT_EQ(local.errors.at("storage"), "storage 'local' does not support container directories");
  Json params = ct_params();
  params["vmid"] = "100";
  EXPECT_EQ(create("lxc", params).message, "VM 100 already exists on node 'pve1'\n");
  params = ct_params();
  params["ostemplate"] = kIso;
  EXPECT_EQ(create("lxc", params).message,
            std::string("unable to use volume ") + kIso + " - content type needs to be 'vztmpl'\n");
  params = ct_params();
  params.erase("rootfs");
  params["mp0"] = "local-lvm:2,mp=/data";
  EXPECT_EQ(create("lxc", params).message,
            "mount points configured, but 'rootfs' not set - aborting\n");
  params = ct_params();
  params["unprivileged"] = "0";
  const ApiResponse privileged = create("lxc", params, "pve1", kOperator);
  EXPECT_EQ(privileged.status, 403);
  EXPECT_EQ(privileged.message, "Permission check failed (/, Sys.Modify)\n");
  EXPECT_FALSE(guest_exists(106));
}

TEST_F(CreateTest, LxcMissingTemplateFailsTheWorker) {
  Json params = ct_params();
  params["ostemplate"] = "local:vztmpl/nope.tar.zst";
  const std::string upid = started(create("lxc", params));
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"],
            "unable to create CT 106 - can't find file 'local:vztmpl/nope.tar.zst'");
  EXPECT_FALSE(guest_exists(106));
  EXPECT_FALSE(has_volume("pve1", "local-lvm", "local-lvm:vm-106-disk-0"));
}

}  // namespace
}  // namespace pvesim::test
