// Templates: POST /nodes/{node}/{qemu,lxc}/{vmid}/template, the refusals and the base volumes.
#include "model_write_support.h"

namespace pvesim::test {
namespace {

class TemplateTest : public WriteTest {
 protected:
  ApiResponse convert(const std::string& kind, int vmid, const std::string& node,
                      Json params = Json::object()) {
    const std::string path =
        "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid) + "/template";
    return send("POST", "/nodes/{node}/" + kind + "/{vmid}/template", path, std::move(params));
  }
};

TEST_F(TemplateTest, VmDisksBecomeBaseVolumes) {
  const ApiResponse response = convert("qemu", 102, "pve2");
  ASSERT_EQ(response.status, 200) << response.message;
  const std::string upid = response.data.get<std::string>();
  EXPECT_NE(upid.find(":qmtemplate:102:"), std::string::npos);
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  const Json config = guest_config("qemu", 102, "pve2");
  EXPECT_EQ(config["template"], 1);
  EXPECT_EQ(config["efidisk0"], "local-lvm:base-102-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M");
  EXPECT_EQ(config["sata0"], "local-lvm:base-102-disk-1,size=64G");
  EXPECT_EQ(config["ide2"], "none,media=cdrom");
  EXPECT_TRUE(has_volume("pve2", "local-lvm", "local-lvm:base-102-disk-1"));
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-102-disk-1"));
  EXPECT_EQ(convert("qemu", 102, "pve2").message, "you can't convert a template to a template\n");
}

TEST_F(TemplateTest, OneDiskOfAVm) {
  ASSERT_EQ(convert("qemu", 102, "pve2", {{"disk", "sata0"}}).status, 200);
  finish();
  const Json config = guest_config("qemu", 102, "pve2");
  EXPECT_EQ(config["sata0"], "local-lvm:base-102-disk-1,size=64G");
  EXPECT_EQ(config["efidisk0"], "local-lvm:vm-102-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M");
}

TEST_F(TemplateTest, Refusals) {
  EXPECT_EQ(convert("qemu", 100, "pve1").message,
            "unable to create template, because VM contains snapshots\n");
  EXPECT_EQ(convert("qemu", 9000, "pve1").message, "you can't convert a template to a template\n");
  EXPECT_EQ(convert("qemu", 104, "pve1").message,
            "you can't convert a VM to template if VM is running\n");
  EXPECT_EQ(convert("qemu", 999, "pve1").message,
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
  EXPECT_EQ(convert("lxc", 105, "pve2").message, "CT is locked (backup)\n");
  EXPECT_EQ(convert("lxc", 101, "pve1").message,
            "unable to create template, because CT contains snapshots\n");
  model->with_state([](ClusterState& state) { state.guests.at(101).snapshots.clear(); });
  EXPECT_EQ(convert("lxc", 101, "pve1").message,
            "you can't convert a CT to template if the CT is running\n");
}

TEST_F(TemplateTest, ContainerAnswersNullAndConvertsInItsWorker) {
  const ApiResponse response = convert("lxc", 103, "pve2");
  ASSERT_EQ(response.status, 200) << response.message;
  EXPECT_TRUE(response.data.is_null());
  EXPECT_FALSE(guest_config("lxc", 103, "pve2").contains("template"));
  finish();
  const Json config = guest_config("lxc", 103, "pve2");
  EXPECT_EQ(config["template"], 1);
  EXPECT_EQ(config["rootfs"], "local-lvm:base-103-disk-0,size=8G");
  const Json tasks = call_ok("/nodes/{node}/tasks", "/nodes/pve2/tasks",
                             {{"vmid", "103"}, {"typefilter", "vztemplate"}});
  ASSERT_EQ(tasks.size(), 1U);
  EXPECT_EQ(tasks[0]["status"], "OK");
}

}  // namespace
}  // namespace pvesim::test
