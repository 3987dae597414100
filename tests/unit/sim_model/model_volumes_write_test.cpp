// Disk writes on the model: resize (grow only), move_disk and move_volume with and without delete.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

constexpr std::int64_t kGiB = 1024LL * 1024 * 1024;

class VolumeWriteTest : public ModelTest {
 protected:
  void SetUp() override {
    model = make_sim_cluster_model("small", 0, clock.clock());
    // A second thin pool on pve1 to move disks to.
    model->with_state([](ClusterState& state) {
      state.storages.push_back({"fast",
                                "lvmthin",
                                {"images", "rootdir"},
                                false,
                                {{"vgname", "nvme"}, {"thinpool", "data"}}});
      state.pools["pve1/fast"] = {200 * kGiB, 0, {}};
    });
  }
  Json run(const std::string& method, const std::string& template_path, const std::string& path,
           Json params) {
    ApiRequest request = get(template_path, path, std::move(params));
    request.method = method;
    ApiResponse started = model->handle(request);
    EXPECT_EQ(started.status, 200) << started.message;
    upid = started.data.is_string() ? started.data.get<std::string>() : "";
    return call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/pve1/tasks/x/status",
                   {{"upid", upid}});
  }
  std::string resize(const std::string& kind, int vmid, const std::string& disk,
                     const std::string& size) {
    return run("PUT", "/nodes/{node}/" + kind + "/{vmid}/resize",
               "/nodes/pve1/" + kind + "/" + std::to_string(vmid) + "/resize",
               {{"disk", disk}, {"size", size}})["exitstatus"];
  }
  Json config(const std::string& kind, int vmid) {
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/config",
                   "/nodes/pve1/" + kind + "/" + std::to_string(vmid) + "/config");
  }
  std::int64_t volume_size(const std::string& storage, const std::string& volid) {
    return model->with_state([&](ClusterState& state) -> std::int64_t {
      for (const auto& volume : state.pool("pve1", storage)->volumes) {
        if (volume.volid == volid) return volume.size;
      }
      return -1;
    });
  }
  std::string upid;
};

TEST_F(VolumeWriteTest, ResizeGrowsRelativeOrAbsolute) {
  EXPECT_EQ(resize("qemu", 100, "scsi0", "+10G"), "OK");
  EXPECT_NE(upid.find(":resize:100:"), std::string::npos);
  EXPECT_EQ(config("qemu", 100)["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=42G");
  EXPECT_EQ(volume_size("local-lvm", "local-lvm:vm-100-disk-0"), 42 * kGiB);
  EXPECT_EQ(resize("qemu", 100, "scsi0", "50G"), "OK");
  EXPECT_EQ(config("qemu", 100)["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=50G");
  EXPECT_EQ(resize("lxc", 101, "rootfs", "+512M"), "OK");
  EXPECT_EQ(config("lxc", 101)["rootfs"], "local-lvm:vm-101-disk-0,size=16896M");
  const Json log =
      call_ok("/nodes/{node}/tasks/{upid}/log", "/nodes/pve1/tasks/x/log", {{"upid", upid}});
  EXPECT_EQ(log[0]["t"],
            "  Size of logical volume pve/vm-101-disk-0 changed from 16.0 GiB to 16.5 GiB.");
}

TEST_F(VolumeWriteTest, ResizeErrorsEndTheTask) {
  EXPECT_EQ(resize("qemu", 100, "scsi0", "10G"), "shrinking disks is not supported");
  EXPECT_EQ(resize("qemu", 100, "scsi5", "+1G"), "disk 'scsi5' does not exist");
  EXPECT_EQ(resize("qemu", 100, "ide2", "+1G"), "you can't resize a cdrom");
  EXPECT_EQ(resize("lxc", 101, "mp0", "+1G"), "disk 'mp0' does not exist");
  model->with_state([](ClusterState& state) { state.guests.at(100).config["lock"] = "backup"; });
  EXPECT_EQ(resize("qemu", 100, "scsi0", "+1G"), "VM is locked (backup)");
  EXPECT_EQ(config("qemu", 100)["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=32G");
}

TEST_F(VolumeWriteTest, MoveDiskKeepsTheOldVolumeAsUnused) {
  const Json status =
      run("POST", "/nodes/{node}/qemu/{vmid}/move_disk", "/nodes/pve1/qemu/100/move_disk",
          {{"disk", "scsi0"}, {"storage", "fast"}});
  EXPECT_EQ(status["exitstatus"], "OK");
  EXPECT_NE(upid.find(":qmmove:100:"), std::string::npos);
  const Json current = config("qemu", 100);
  EXPECT_EQ(current["scsi0"], "fast:vm-100-disk-0,iothread=1,size=32G");
  EXPECT_EQ(current["unused0"], "local-lvm:vm-100-disk-0");
  EXPECT_EQ(volume_size("fast", "fast:vm-100-disk-0"), 32 * kGiB);
  EXPECT_EQ(volume_size("local-lvm", "local-lvm:vm-100-disk-0"), 32 * kGiB);
}

TEST_F(VolumeWriteTest, MoveVolumeWithDeleteFreesTheSource) {
  const char* path = "/nodes/{node}/lxc/{vmid}/move_volume";
  EXPECT_EQ(run("POST", path, "/nodes/pve1/lxc/101/move_volume",
                {{"volume", "rootfs"}, {"storage", "fast"}, {"delete", "1"}})["exitstatus"],
            "cannot move volumes of a running container");
  model->with_state([](ClusterState& state) { state.guests.at(101).running = false; });
  EXPECT_EQ(run("POST", path, "/nodes/pve1/lxc/101/move_volume",
                {{"volume", "rootfs"}, {"storage", "fast"}, {"delete", "1"}})["exitstatus"],
            "OK");
  EXPECT_NE(upid.find(":move_volume:101:"), std::string::npos);
  const Json current = config("lxc", 101);
  EXPECT_EQ(current["rootfs"], "fast:vm-101-disk-0,size=16G");
  EXPECT_FALSE(current.contains("unused0"));
  EXPECT_FALSE(current.contains("lock"));
  EXPECT_EQ(volume_size("local-lvm", "local-lvm:vm-101-disk-0"), -1);
}

TEST_F(VolumeWriteTest, MoveErrors) {
  const char* path = "/nodes/{node}/qemu/{vmid}/move_disk";
  EXPECT_EQ(run("POST", path, "/nodes/pve1/qemu/100/move_disk",
                {{"disk", "scsi0"}, {"storage", "local-lvm"}})["exitstatus"],
            "you can't move to the same storage with same format");
  EXPECT_EQ(run("POST", path, "/nodes/pve1/qemu/100/move_disk",
                {{"disk", "scsi0"}, {"storage", "local"}})["exitstatus"],
            "storage 'local' does not support content-type 'images'");
  EXPECT_EQ(run("POST", path, "/nodes/pve1/qemu/100/move_disk",
                {{"disk", "virtio3"}, {"storage", "fast"}})["exitstatus"],
            "disk 'virtio3' does not exist");
  EXPECT_EQ(config("qemu", 100)["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=32G");
}

}  // namespace
}  // namespace pvesim::test
