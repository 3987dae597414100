// Snapshot writes on the model: create, rollback, delete and a snapshot's config, qemu and lxc.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

class SnapshotWriteTest : public ModelTest {
 protected:
  void SetUp() override { model = make_sim_cluster_model("small", 0, clock.clock()); }

  ApiResponse send(const std::string& method, const std::string& template_path,
                   const std::string& path, Json params = Json::object()) {
    ApiRequest request = get(template_path, path, std::move(params));
    request.method = method;
    return model->handle(request);
  }
  // Starts a task and returns its final status after it ran (task duration 0).
  Json run(const std::string& method, const std::string& template_path, const std::string& path,
           Json params = Json::object()) {
    ApiResponse started = send(method, template_path, path, std::move(params));
    EXPECT_EQ(started.status, 200) << started.message;
    upid = started.data.get<std::string>();
    return task_status();
  }
  Json task_status() {
    const std::string node = parse_upid(upid)->node;
    return call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/" + node + "/tasks/x/status",
                   {{"upid", upid}});
  }
  Json log_texts() {
    Json lines =
        call_ok("/nodes/{node}/tasks/{upid}/log", "/nodes/pve1/tasks/x/log", {{"upid", upid}});
    Json out = Json::array();
    for (const auto& line : lines) out.push_back(line["t"]);
    return out;
  }
  Json snapshots(const std::string& kind, int vmid) {
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/snapshot",
                   "/nodes/pve1/" + kind + "/" + std::to_string(vmid) + "/snapshot");
  }
  Json config(const std::string& kind, int vmid) {
    return call_ok("/nodes/{node}/" + kind + "/{vmid}/config",
                   "/nodes/pve1/" + kind + "/" + std::to_string(vmid) + "/config");
  }

  std::string upid;
};

const char* kQemuSnap = "/nodes/{node}/qemu/{vmid}/snapshot";
const char* kLxcSnap = "/nodes/{node}/lxc/{vmid}/snapshot";
const char* kQemuRollback = "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback";
const char* kQemuDelete = "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}";
const char* kLxcDelete = "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}";
const char* kQemuSnapConfig = "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config";

TEST_F(SnapshotWriteTest, CreateRecordsConfigAndBecomesCurrentParent) {
  clock.advance_ms(5000);
  ApiResponse started = send("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot",
                             {{"snapname", "pre-tls"}, {"description", "before certbot"}});
  ASSERT_EQ(started.status, 200) << started.message;
  const std::string id = started.data.get<std::string>();
  EXPECT_NE(id.find(":qmsnapshot:100:root@pam!mcpserver:"), std::string::npos) << id;
  // While the worker runs the guest is locked and the section is being prepared.
  model->with_state([](ClusterState& state) {
    const Guest& web = state.guests.at(100);
    EXPECT_EQ(guest_lock(web), "snapshot");
    EXPECT_EQ(find_snapshot(web, "pre-tls")->config["snapstate"], "prepare");
  });
  upid = id;
  Json status =
      call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/pve1/tasks/x/status", {{"upid", upid}});
  EXPECT_EQ(status["exitstatus"], "OK");
  EXPECT_EQ(log_texts(),
            (Json{"snapshotting 'drive-scsi0' (local-lvm:vm-100-disk-0)",
                  "  Logical volume \"snap_vm-100-disk-0_pre-tls\" created.", "TASK OK"}));

  Json list = snapshots("qemu", 100);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[2]["name"], "pre-tls");
  EXPECT_EQ(list[2]["parent"], "before-nginx");
  EXPECT_EQ(list[2]["description"], "before certbot");
  EXPECT_EQ(list[2]["snaptime"], 1795651205);
  EXPECT_EQ(list[2]["vmstate"], 0);
  EXPECT_FALSE(list[2].contains("snapstate"));
  EXPECT_EQ(list[3]["name"], "current");
  EXPECT_EQ(list[3]["parent"], "pre-tls");
  Json current = config("qemu", 100);
  EXPECT_FALSE(current.contains("lock"));
  Json section = call_ok(kQemuSnapConfig, "/nodes/pve1/qemu/100/snapshot/pre-tls/config");
  EXPECT_EQ(section["scsi0"], current["scsi0"]);
  EXPECT_EQ(section["memory"], "4096");
  EXPECT_EQ(section["parent"], "before-nginx");
}

TEST_F(SnapshotWriteTest, VmstateOfARunningVmAllocatesAStateVolume) {
  Json status = run("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot",
                    {{"snapname", "live"}, {"vmstate", "1"}});
  EXPECT_EQ(status["exitstatus"], "OK");
  Json section = call_ok(kQemuSnapConfig, "/nodes/pve1/qemu/100/snapshot/live/config");
  EXPECT_EQ(section["vmstate"], "local-lvm:vm-100-state-live");
  EXPECT_EQ(section["runningmachine"], "pc-i440fx-10.0+pve1");
  Json content = call_ok("/nodes/{node}/storage/{storage}/content",
                         "/nodes/pve1/storage/local-lvm/content", {{"vmid", "100"}});
  bool found = false;
  for (const auto& volume : content) {
    if (volume["volid"] == "local-lvm:vm-100-state-live") {
      found = true;
      EXPECT_EQ(volume["size"], 2LL * 4096 * 1024 * 1024 + 500LL * 1024 * 1024);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(log_texts()[0], "saving VM state and RAM using storage 'local-lvm'");
}

TEST_F(SnapshotWriteTest, CreateErrors) {
  EXPECT_EQ(run("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot",
                {{"snapname", "pre-upgrade"}})["exitstatus"],
            "snapshot name 'pre-upgrade' already used");
  EXPECT_EQ(log_texts().back(), "TASK ERROR: snapshot name 'pre-upgrade' already used");
  EXPECT_EQ(
      run("POST", kLxcSnap, "/nodes/pve2/lxc/105/snapshot", {{"snapname", "x1"}})["exitstatus"],
      "CT is locked (backup)");
  EXPECT_EQ(
      run("POST", kQemuSnap, "/nodes/pve1/qemu/9000/snapshot", {{"snapname", "x1"}})["exitstatus"],
      "you can't take a snapshot if it's a template");
  EXPECT_EQ(
      run("POST", kQemuSnap, "/nodes/pve1/qemu/102/snapshot", {{"snapname", "x1"}})["exitstatus"],
      "Configuration file 'nodes/pve1/qemu-server/102.conf' does not exist\n");
  ApiResponse reserved =
      send("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot", {{"snapname", "current"}});
  EXPECT_EQ(reserved.status, 500);
  EXPECT_EQ(reserved.message, "unable to use snapshot name 'current' (reserved name)\n");
  // A guest being snapshotted is locked for the next request.
  model = make_sim_cluster_model("small", 1000, clock.clock());
  ASSERT_EQ(send("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot", {{"snapname", "a1"}}).status,
            200);
  ApiResponse second =
      send("POST", kQemuSnap, "/nodes/pve1/qemu/100/snapshot", {{"snapname", "a2"}});
  clock.advance_ms(1000);
  upid = second.data.get<std::string>();
  EXPECT_EQ(task_status()["exitstatus"], "VM is locked (snapshot)");
}

TEST_F(SnapshotWriteTest, RollbackRestoresConfigAndStopsTheVm) {
  // The config write endpoints belong to another part: change the state directly.
  model->with_state([](ClusterState& state) {
    state.guests.at(100).config["memory"] = "8192";
    state.guests.at(100).config["unused0"] = "local-lvm:vm-100-disk-1";
  });
  Json status = run("POST", kQemuRollback, "/nodes/pve1/qemu/100/snapshot/pre-upgrade/rollback");
  EXPECT_EQ(status["exitstatus"], "OK");
  EXPECT_NE(upid.find(":qmrollback:100:"), std::string::npos);
  Json current = config("qemu", 100);
  EXPECT_EQ(current["memory"], "4096");
  EXPECT_EQ(current["parent"], "pre-upgrade");
  EXPECT_EQ(current["unused0"], "local-lvm:vm-100-disk-1");        // unused disks stay
  EXPECT_EQ(current["description"], "Public web server (nginx)");  // so does the description
  EXPECT_FALSE(current.contains("snaptime"));
  EXPECT_FALSE(current.contains("lock"));
  Json vm =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(vm["status"], "stopped");
}

TEST_F(SnapshotWriteTest, RollbackToAVmstateSnapshotOrWithStartRuns) {
  run("POST", kQemuRollback, "/nodes/pve1/qemu/100/snapshot/before-nginx/rollback");
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/status/current",
                    "/nodes/pve1/qemu/100/status/current")["status"],
            "running");
  Json status = run("POST", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback",
                    "/nodes/pve1/lxc/101/snapshot/clean-install/rollback", {{"start", "1"}});
  EXPECT_EQ(status["exitstatus"], "OK");
  EXPECT_NE(upid.find(":vzrollback:101:"), std::string::npos);
  EXPECT_EQ(log_texts(),
            (Json{"  Logical volume \"vm-101-disk-0\" successfully removed.",
                  "  Logical volume \"vm-101-disk-0\" created.", "starting CT 101", "TASK OK"}));
  EXPECT_EQ(call_ok("/nodes/{node}/lxc/{vmid}/status/current",
                    "/nodes/pve1/lxc/101/status/current")["status"],
            "running");
}

TEST_F(SnapshotWriteTest, RollbackErrors) {
  EXPECT_EQ(run("POST", kQemuRollback, "/nodes/pve1/qemu/100/snapshot/nope/rollback")["exitstatus"],
            "snapshot 'nope' does not exist");
  EXPECT_EQ(run("POST", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback",
                "/nodes/pve2/lxc/105/snapshot/x/rollback")["exitstatus"],
            "snapshot 'x' does not exist");
  model->with_state([](ClusterState& state) { state.guests.at(100).config["lock"] = "backup"; });
  EXPECT_EQ(run("POST", kQemuRollback,
                "/nodes/pve1/qemu/100/snapshot/pre-upgrade/rollback")["exitstatus"],
            "VM is locked (backup)");
}

TEST_F(SnapshotWriteTest, DeleteReparentsChildren) {
  Json status = run("DELETE", kQemuDelete, "/nodes/pve1/qemu/100/snapshot/pre-upgrade");
  EXPECT_EQ(status["exitstatus"], "OK");
  EXPECT_NE(upid.find(":qmdelsnapshot:100:"), std::string::npos);
  EXPECT_EQ(log_texts(),
            (Json{"  Logical volume \"snap_vm-100-disk-0_pre-upgrade\" successfully removed.",
                  "TASK OK"}));
  Json list = snapshots("qemu", 100);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "before-nginx");
  EXPECT_FALSE(list[0].contains("parent"));
  EXPECT_EQ(list[1]["parent"], "before-nginx");

  // Deleting the newest moves `current` up and frees its state volume.
  run("DELETE", kQemuDelete, "/nodes/pve1/qemu/100/snapshot/before-nginx");
  list = snapshots("qemu", 100);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0].contains("parent"));
  model->with_state([](ClusterState& state) {
    for (const auto& volume : state.pool("pve1", "local-lvm")->volumes) {
      EXPECT_NE(volume.volid, "local-lvm:vm-100-state-before-nginx");
    }
  });
}

TEST_F(SnapshotWriteTest, DeleteErrorsAndForce) {
  EXPECT_EQ(run("DELETE", kLxcDelete, "/nodes/pve1/lxc/101/snapshot/gone")["exitstatus"],
            "snapshot 'gone' does not exist");
  EXPECT_NE(upid.find(":vzdelsnapshot:101:"), std::string::npos);
  model->with_state(
      [](ClusterState& state) { state.guests.at(101).config["lock"] = "snapshot-delete"; });
  EXPECT_EQ(run("DELETE", kLxcDelete, "/nodes/pve1/lxc/101/snapshot/clean-install")["exitstatus"],
            "CT is locked (snapshot-delete)");
  EXPECT_EQ(run("DELETE", kLxcDelete, "/nodes/pve1/lxc/101/snapshot/clean-install",
                {{"force", "1"}})["exitstatus"],
            "OK");
  EXPECT_EQ(snapshots("lxc", 101).size(), 1u);
}

TEST_F(SnapshotWriteTest, SnapshotConfigReadAndDescriptionUpdate) {
  ApiResponse missing = send("GET", kQemuSnapConfig, "/nodes/pve1/qemu/100/snapshot/zz/config");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message, "snapshot 'zz' does not exist\n");
  ApiResponse put = send("PUT", kQemuSnapConfig, "/nodes/pve1/qemu/100/snapshot/pre-upgrade/config",
                         {{"description", "renamed"}});
  EXPECT_EQ(put.status, 200) << put.message;
  EXPECT_TRUE(put.data.is_null());
  EXPECT_EQ(snapshots("qemu", 100)[0]["description"], "renamed");
  ApiResponse put_missing = send("PUT", kQemuSnapConfig, "/nodes/pve1/qemu/100/snapshot/zz/config",
                                 {{"description", "x"}});
  EXPECT_EQ(put_missing.message, "snapshot 'zz' does not exist\n");
}

}  // namespace
}  // namespace pvesim::test
