// Config writes checked key by key, as qemu-server's check_vm_modify_config_perm and drive
// checks and pve-container's check_ct_modify_config_perm do. The seeded cputuner@pve!cpu holds
// VM.Audit and VM.Config.CPU on /vms, so the method's own check (any VM.Config.*) lets it in.
#include <utility>
#include <vector>

#include "model_pipeline_support.h"
#include "model_write_support.h"

namespace pvesim::test {
namespace {

constexpr const char* kCpu = "cputuner@pve!cpu";

class ConfigPermissionTest : public WriteTest {
 protected:
  HttpResponse write(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& auth_id = kCpu) {
    return test::through_api(*model, method, path, body, auth_id);
  }
  HttpResponse put_vm(const std::string& body, const std::string& auth_id = kCpu) {
    return write("PUT", "/nodes/pve2/qemu/102/config", body, auth_id);
  }
  HttpResponse put_ct(const std::string& body, const std::string& auth_id = kCpu) {
    return write("PUT", "/nodes/pve2/lxc/103/config", body, auth_id);
  }
  static void expect_refused(const HttpResponse& response, int status, const std::string& reason) {
    EXPECT_EQ(response.status, status) << response.reason;
    EXPECT_EQ(response.reason, reason);
  }
  // Each PUT of `config_path` with the body is refused for lack of its privilege on `vm_path`.
  void expect_needs(const std::string& config_path, const std::string& vm_path,
                    const std::vector<std::pair<std::string, std::string>>& body_privilege) {
    for (const auto& [body, privilege] : body_privilege) {
      expect_refused(write("PUT", config_path, body), 403,
                     "Permission check failed (" + vm_path + ", " + privilege + ")");
    }
  }
  // Gives cputuner@pve and its token `role` on `path` too.
  void grant(const std::string& path, const std::string& role) {
    model->with_state([&](ClusterState& state) {
      state.access.add_acl({path, AclKind::kUser, "cputuner@pve", role, true});
      state.access.add_acl({path, AclKind::kToken, kCpu, role, true});
    });
  }
};

TEST_F(ConfigPermissionTest, CoresPassAndMemoryIsRefused) {
  const HttpResponse cores = put_vm("cores=2");
  ASSERT_EQ(cores.status, 200) << cores.reason;
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["cores"], 2);

  expect_refused(put_vm("memory=4096"), 403,
                 "Permission check failed (/vms/102, VM.Config.Memory)");
  // One refused key stops the whole write.
  expect_refused(put_vm("sockets=2&balloon=1024"), 403,
                 "Permission check failed (/vms/102, VM.Config.Memory)");
  Json config = guest_config("qemu", 102, "pve2");
  EXPECT_EQ(config["memory"], "8192");
  EXPECT_EQ(config["sockets"], 1);
  // A delete needs what setting the key needs.
  expect_refused(put_vm("delete=memory"), 403,
                 "Permission check failed (/vms/102, VM.Config.Memory)");
  ASSERT_EQ(put_vm("delete=cpu").status, 200);
  EXPECT_FALSE(guest_config("qemu", 102, "pve2").contains("cpu"));
  // POST refuses before its worker starts.
  expect_refused(write("POST", "/nodes/pve2/qemu/102/config", "memory=4096"), 403,
                 "Permission check failed (/vms/102, VM.Config.Memory)");
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["memory"], "8192");
}

TEST_F(ConfigPermissionTest, EachQemuKeyNeedsThePrivilegeOfItsClass) {
  expect_needs("/nodes/pve2/qemu/102/config", "/vms/102",
               {{"description=x", "VM.Config.Options"},
                {"net1=virtio,bridge=vmbr0", "VM.Config.Network"},
                {"scsihw=lsi", "VM.Config.HWType"},
                {"boot=order%3Dsata0", "VM.Config.Disk"},
                {"freeze=1", "VM.PowerMgmt"},
                {"ipconfig0=ip%3Ddhcp", "VM.Config.Cloudinit|VM.Config.Network"}});
  EXPECT_EQ(put_vm("numa0=cpus%3D0,memory%3D512").status, 200);

  // startup also changes how the host boots: Sys.Modify on / (the operator has only VM 100).
  expect_refused(write("PUT", "/nodes/pve1/qemu/100/config", "startup=order%3D1", kOperator), 403,
                 "Permission check failed (/, Sys.Modify)");
  // Keys of no class are root@pam's alone, even for root's own token.
  expect_refused(put_vm("args=-no-reboot", kRoot), 500, "only root can set 'args' config");
  const ApiResponse as_root =
      send("PUT", "/nodes/{node}/qemu/{vmid}/config", "/nodes/pve2/qemu/102/config",
           {{"args", "-no-reboot"}}, "root@pam");
  EXPECT_EQ(as_root.status, 200) << as_root.message;
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["args"], "-no-reboot");
}

TEST_F(ConfigPermissionTest, DrivesAreCheckedByWhatTheyAre) {
  // A new disk needs VM.Config.Disk: PUT answers 403, POST's worker fails with it.
  expect_refused(put_vm("scsi1=local-lvm:1"), 403,
                 "Permission check failed (/vms/102, VM.Config.Disk)");
  const HttpResponse posted = write("POST", "/nodes/pve2/qemu/102/config", "scsi1=local-lvm:1");
  ASSERT_EQ(posted.status, 200) << posted.reason;
  const std::string upid = Json::parse(posted.body)["data"].get<std::string>();
  EXPECT_NE(upid.find(":qmconfig:102:cputuner@pve!cpu:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"],
            "403 Permission check failed (/vms/102, VM.Config.Disk)");
  EXPECT_FALSE(guest_config("qemu", 102, "pve2").contains("scsi1"));
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-102-disk-3"));
  expect_refused(put_vm("delete=efidisk0"), 403,
                 "Permission check failed (/vms/102, VM.Config.Disk)");

  // A CD-ROM needs VM.Config.CDROM, a cloud-init drive VM.Config.Cloudinit as well.
  model->with_state(
      [](ClusterState& state) { state.access.add_role("CdOnly", {"VM.Config.CDROM"}); });
  grant("/vms/102", "CdOnly");
  const HttpResponse cdrom = put_vm("ide2=none,media%3Dcdrom");
  EXPECT_EQ(cdrom.status, 200) << cdrom.reason;
  expect_refused(put_vm("ide0=local-lvm:cloudinit,media%3Dcdrom"), 403,
                 "Permission check failed (/vms/102, VM.Config.Cloudinit)");
  expect_refused(put_vm("delete=sata0"), 403, "Permission check failed (/vms/102, VM.Config.Disk)");
}

TEST_F(ConfigPermissionTest, ContainerKeys) {
  const HttpResponse cores = put_ct("cores=2");
  ASSERT_EQ(cores.status, 200) << cores.reason;
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["cores"], 2);
  expect_needs("/nodes/pve2/lxc/103/config", "/vms/103",
               {{"memory=1024", "VM.Config.Memory"},
                {"delete=swap", "VM.Config.Memory"},
                {"hostname=dns", "VM.Config.Network"},
                {"description=x", "VM.Config.Options"},
                {"mp0=local-lvm:1,mp%3D/srv", "VM.Config.Disk"}});

  // With VM.Config.Disk a new volume still needs space on its storage.
  grant("/vms/103", "PVEVMAdmin");
  expect_refused(put_ct("mp0=local-lvm:1,mp%3D/srv"), 403,
                 "Permission check failed (/storage/local-lvm, Datastore.AllocateSpace)");

  // Some things are root@pam's alone, whatever the token holds.
  expect_refused(put_ct("mp0=/mnt/data,mp%3D/data", kRoot), 403,
                 "Permission check failed (mount point type bind is only allowed for root@pam)");
  expect_refused(put_ct("dev0=/dev/ttyUSB0", kRoot), 403,
                 "Permission check failed (configuring device passthrough is only allowed for "
                 "root@pam)");
  expect_refused(put_ct("features=keyctl%3D1", kRoot), 403,
                 "Permission check failed (changing feature flags (except nesting) is only "
                 "allowed for root@pam)");
  // Nesting alone needs VM.Allocate, which PVEVMAdmin has.
  EXPECT_EQ(put_ct("features=nesting%3D1").status, 200);
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["features"], "nesting=1");
  EXPECT_EQ(guest_config("lxc", 103, "pve2")["memory"], 512);
}

}  // namespace
}  // namespace pvesim::test
