// Migration: GET and POST /nodes/{node}/{qemu,lxc}/{vmid}/migrate, the refusals of the API and
// of the worker, and the guest with its disks on the target node afterwards.
#include "model_write_support.h"
#include "time_text.h"

namespace pvesim::test {
namespace {

class MigrateTest : public WriteTest {
 protected:
  ApiResponse migrate(const std::string& kind, int vmid, const std::string& node, Json params) {
    const std::string path =
        "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid) + "/migrate";
    return send("POST", "/nodes/{node}/" + kind + "/{vmid}/migrate", path, std::move(params));
  }
  // Runs a migration that must start a task; returns its UPID once it ended.
  std::string migrated(const std::string& kind, int vmid, const std::string& node, Json params) {
    const ApiResponse response = migrate(kind, vmid, node, std::move(params));
    EXPECT_EQ(response.status, 200) << response.message;
    finish();
    return response.data.is_string() ? response.data.get<std::string>() : "";
  }
  Json precondition(const std::string& kind, int vmid, const std::string& node) {
    const std::string path =
        "/nodes/" + node + "/" + kind + "/" + std::to_string(vmid) + "/migrate";
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/migrate", path);
  }
  // The timestamp of a log line written `later_s` seconds from now, with its space.
  std::string at(std::int64_t later_s = 0) {
    return utc_time(*clock.now / 1000 + later_s, "%Y-%m-%d %H:%M:%S") + " ";
  }
  // The log lines without their "2026-11-26 00:00:00 " timestamps.
  Json log_texts(const std::string& upid) {
    Json out = Json::array();
    for (const auto& line : task_log_texts(upid)) {
      const std::string text = line.get<std::string>();
      out.push_back(text.rfind("TASK ", 0) == 0 ? text : text.substr(20));
    }
    return out;
  }
  Json aborted_log(const std::string& upid, const std::string& node) {
    EXPECT_EQ(task_status(upid, node)["exitstatus"], "migration aborted");
    return log_texts(upid);
  }
};

TEST_F(MigrateTest, OfflineVmMovesWithItsDisks) {
  const std::string line = at();
  const std::string end = at(1);
  const ApiResponse response = migrate("qemu", 102, "pve2", {{"target", "pve1"}});
  ASSERT_EQ(response.status, 200) << response.message;
  const std::string upid = response.data.get<std::string>();
  EXPECT_NE(upid.find("UPID:pve2:"), std::string::npos);
  EXPECT_NE(upid.find(":qmigrate:102:root@pam!mcpserver:"), std::string::npos);
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["lock"], "migrate");
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  const Json config = guest_config("qemu", 102, "pve1");
  EXPECT_EQ(config["sata0"], "local-lvm:vm-102-disk-1,size=64G");
  EXPECT_EQ(config["tpmstate0"], "local-lvm:vm-102-disk-2,size=4M,version=v2.0");
  EXPECT_FALSE(config.contains("lock"));
  EXPECT_EQ(call("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve2/qemu/102/config").message,
            "Configuration file 'nodes/pve2/qemu-server/102.conf' does not exist\n");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-102-disk-1"));
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-102-disk-1"));
  EXPECT_EQ(guest_status("qemu", 102, "pve1")["status"], "stopped");
  EXPECT_EQ(task_log_texts(upid),
            Json::array({line + "starting migration of VM 102 to node 'pve1' (192.168.1.11)",
                         line + "found local disk 'local-lvm:vm-102-disk-0' (attached)",
                         line + "found local disk 'local-lvm:vm-102-disk-1' (attached)",
                         line + "found generated disk 'local-lvm:vm-102-disk-2' (in current VM "
                                "config)",
                         line + "copying local disk images",
                         line + "  Logical volume \"vm-102-disk-0\" created.",
                         line + "volume 'local-lvm:vm-102-disk-0' is 'local-lvm:vm-102-disk-0' on "
                                "the target",
                         line + "  Logical volume \"vm-102-disk-1\" created.",
                         line + "volume 'local-lvm:vm-102-disk-1' is 'local-lvm:vm-102-disk-1' on "
                                "the target",
                         line + "  Logical volume \"vm-102-disk-2\" created.",
                         line + "volume 'local-lvm:vm-102-disk-2' is 'local-lvm:vm-102-disk-2' on "
                                "the target",
                         end + "migration finished successfully (duration 00:00:01)", "TASK OK"}));
  // The cluster view follows.
  for (const auto& item : call_ok("/cluster/resources", "/cluster/resources", {{"type", "vm"}})) {
    if (item["vmid"] == 102) {
      EXPECT_EQ(item["node"], "pve1");
    }
  }
}

TEST_F(MigrateTest, LiveMigrationKeepsTheVmRunning) {
  migrated("qemu", 104, "pve1", {{"target", "pve2"}, {"online", "1"}, {"with-local-disks", "1"}});
  EXPECT_EQ(guest_status("qemu", 104, "pve2")["status"], "running");
  EXPECT_EQ(guest_config("qemu", 104, "pve2")["scsi0"],
            "local-lvm:vm-104-disk-0,iothread=1,size=100G");
  EXPECT_TRUE(has_volume("pve2", "local-lvm", "local-lvm:vm-104-disk-0"));
}

TEST_F(MigrateTest, ApiRefusals) {
  ApiResponse local = migrate("qemu", 102, "pve2", {{"target", "pve2"}});
  EXPECT_EQ(local.status, 400);
  EXPECT_EQ(local.errors["target"], "target is local node.");
  EXPECT_EQ(migrate("qemu", 102, "pve2", {{"target", "pve9"}}).message,
            "no such cluster node 'pve9'\n");
  EXPECT_EQ(migrate("qemu", 104, "pve1", {{"target", "pve2"}}).message,
            "can't migrate running VM without --online\n");
  EXPECT_EQ(migrate("qemu", 999, "pve1", {{"target", "pve2"}}).message,
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
  EXPECT_EQ(migrate("qemu", 102, "pve2", {{"target", "pve1"}, {"targetstorage", "nope"}}).message,
            "storage 'nope' does not exist\n");
  EXPECT_EQ(migrate("qemu", 102, "pve2", {{"target", "pve1"}, {"targetstorage", "local"}}).message,
            "storage 'local' does not support vm images\n");
  ApiResponse identity =
      migrate("qemu", 102, "pve2", {{"target", "pve1"}, {"targetstorage", "1,local-lvm"}});
  EXPECT_EQ(identity.errors["targetstorage"],
            "failed to parse storage map: identity mapping cannot be combined with other mappings");
  model->with_state([](ClusterState& state) { state.guests.at(102).config["lock"] = "backup"; });
  EXPECT_EQ(migrate("qemu", 102, "pve2", {{"target", "pve1"}}).message, "VM is locked (backup)\n");
  EXPECT_EQ(call("/nodes/{node}/qemu/{vmid}/migrate", "/nodes/pve2/qemu/102/migrate").message,
            "VM is locked (backup)\n");
}

TEST_F(MigrateTest, WorkerRefusalsLeaveTheVmWhereItWas) {
  const std::string live = migrated("qemu", 104, "pve1", {{"target", "pve2"}, {"online", "1"}});
  const Json log = aborted_log(live, "pve1");
  EXPECT_EQ(log[2],
            "can't migrate local disk 'local-lvm:vm-104-disk-0': can't live migrate "
            "attached local disks without with-local-disks option");
  EXPECT_EQ(log[3], "ERROR: Problem found while scanning volumes - can't migrate VM - check log");
  EXPECT_EQ(guest_status("qemu", 104, "pve1")["status"], "running");
  EXPECT_FALSE(guest_config("qemu", 104, "pve1").contains("lock"));

  const std::string web = migrated(
      "qemu", 100, "pve1", {{"target", "pve2"}, {"online", "1"}, {"with-local-disks", "1"}});
  const Json web_log = aborted_log(web, "pve1");
  EXPECT_EQ(web_log[3],
            "can't migrate local disk 'local:iso/debian-13.1.0-amd64-netinst.iso': "
            "local cdrom image");
  EXPECT_EQ(web_log[4],
            "can't migrate local disk 'local-lvm:vm-100-disk-0': online storage "
            "migration not possible if non-replicated snapshot exists");

  const std::string offline = migrated("qemu", 102, "pve2", {{"target", "pve3"}});
  EXPECT_EQ(aborted_log(offline, "pve2"),
            Json::array({"ERROR: migration aborted (duration 00:00:01): Can't connect to "
                         "destination address using public key",
                         "TASK ERROR: migration aborted"}));
  EXPECT_EQ(guest_config("qemu", 102, "pve2")["name"], "win11");

  model->with_state(
      [](ClusterState& state) { state.guests.at(102).config["hostpci0"] = "0000:01:00.0"; });
  const std::string device = migrated("qemu", 102, "pve2", {{"target", "pve1"}});
  EXPECT_EQ(aborted_log(device, "pve2")[0],
            "ERROR: migration aborted (duration 00:00:01): can't migrate VM which uses local "
            "devices: hostpci0");
}

TEST_F(MigrateTest, VmPrecondition) {
  const Json answer = precondition("qemu", 104, "pve1");
  EXPECT_EQ(answer["running"], 1);
  EXPECT_EQ(answer["allowed_nodes"], Json::array({"pve2", "pve3"}));
  EXPECT_EQ(answer["local_disks"], Json::array({{{"volid", "local-lvm:vm-104-disk-0"},
                                                 {"size", 100LL * 1024 * 1024 * 1024},
                                                 {"cdrom", 0},
                                                 {"is_unused", 0},
                                                 {"is_attached", 1},
                                                 {"drivename", "scsi0"}}}));
  EXPECT_EQ(answer["local_resources"], Json::array());
  EXPECT_EQ(precondition("qemu", 9000, "pve1")["running"], 0);
}

TEST_F(MigrateTest, StoppedContainerMoves) {
  const std::string upid = migrated("lxc", 103, "pve2", {{"target", "pve1"}});
  EXPECT_NE(upid.find(":vzmigrate:103:"), std::string::npos);
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  EXPECT_EQ(guest_config("lxc", 103, "pve1")["rootfs"], "local-lvm:vm-103-disk-0,size=8G");
  EXPECT_TRUE(has_volume("pve1", "local-lvm", "local-lvm:vm-103-disk-0"));
  EXPECT_FALSE(has_volume("pve2", "local-lvm", "local-lvm:vm-103-disk-0"));
  EXPECT_EQ(log_texts(upid)[1],
            "found local volume 'local-lvm:vm-103-disk-0' (in current VM config)");
}

TEST_F(MigrateTest, RestartMigrationStartsTheContainerOnTheTarget) {
  start("POST", "/nodes/{node}/lxc/{vmid}/status/start", "/nodes/pve2/lxc/103/status/start");
  finish();
  const ApiResponse refused = migrate("lxc", 103, "pve2", {{"target", "pve1"}});
  EXPECT_EQ(refused.message, "can't migrate running container without --online or --restart\n");
  const ApiResponse response = migrate("lxc", 103, "pve2", {{"target", "pve1"}, {"restart", "1"}});
  ASSERT_EQ(response.status, 200) << response.message;
  EXPECT_EQ(guest_status("lxc", 103, "pve2")["status"], "stopped");
  finish();
  EXPECT_EQ(guest_status("lxc", 103, "pve1")["status"], "running");
  const Json log = log_texts(response.data.get<std::string>());
  EXPECT_EQ(log[0], "shutdown CT 103");
  EXPECT_EQ(log[log.size() - 3], "start container on target node");
}

TEST_F(MigrateTest, ContainerWorkerRefusals) {
  const std::string snapshot = migrated("lxc", 101, "pve1", {{"target", "pve2"}, {"restart", "1"}});
  const Json log = aborted_log(snapshot, "pve1");
  EXPECT_EQ(log[3],
            "can't migrate local volume 'local-lvm:vm-101-disk-0': non-migratable "
            "snapshot exists");
  EXPECT_EQ(guest_status("lxc", 101, "pve1")["status"], "running");
  const std::string locked = migrated("lxc", 105, "pve2", {{"target", "pve1"}, {"restart", "1"}});
  EXPECT_EQ(aborted_log(locked, "pve2")[0],
            "ERROR: migration aborted (duration 00:00:01): CT is locked (backup)");
  const std::string live = migrated("lxc", 101, "pve1", {{"target", "pve2"}, {"online", "1"}});
  EXPECT_EQ(aborted_log(live, "pve1")[0],
            "ERROR: migration aborted (duration 00:00:01): lxc live migration is currently not "
            "implemented");
}

TEST_F(MigrateTest, ContainerPrecondition) {
  const Json answer = precondition("lxc", 103, "pve2");
  EXPECT_EQ(answer["running"], 0);
  EXPECT_EQ(answer["allowed-nodes"], Json::array({"pve1", "pve3"}));
  EXPECT_EQ(answer["not-allowed-nodes"], Json::object());
}

}  // namespace
}  // namespace pvesim::test
