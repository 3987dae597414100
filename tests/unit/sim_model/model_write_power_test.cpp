// Power actions: the state each one leaves, and the errors PVE gives (sync 500 or task error).
#include "model_write_support.h"

namespace pvesim::test {
namespace {

class PowerTest : public WriteTest {
 protected:
  std::string qemu(const std::string& action, int vmid, Json params = Json::object(),
                   const std::string& node = "pve1") {
    return run("POST", "/nodes/{node}/qemu/{vmid}/status/" + action,
               "/nodes/" + node + "/qemu/" + std::to_string(vmid) + "/status/" + action,
               std::move(params), node);
  }
  ApiResponse qemu_sync(const std::string& action, int vmid, Json params = Json::object(),
                        const std::string& node = "pve1") {
    return send("POST", "/nodes/{node}/qemu/{vmid}/status/" + action,
                "/nodes/" + node + "/qemu/" + std::to_string(vmid) + "/status/" + action,
                std::move(params));
  }
  std::string lxc(const std::string& action, int vmid, const std::string& node = "pve1") {
    return run("POST", "/nodes/{node}/lxc/{vmid}/status/" + action,
               "/nodes/" + node + "/lxc/" + std::to_string(vmid) + "/status/" + action, {}, node);
  }
  ApiResponse lxc_sync(const std::string& action, int vmid, const std::string& node = "pve1") {
    return send("POST", "/nodes/{node}/lxc/{vmid}/status/" + action,
                "/nodes/" + node + "/lxc/" + std::to_string(vmid) + "/status/" + action);
  }
  void set_lock(int vmid, const std::string& lock) {
    model->with_state([&](ClusterState& state) { state.guests.at(vmid).config["lock"] = lock; });
  }
};

TEST_F(PowerTest, QemuStartRunsTheVmWhenTheTaskEnds) {
  const std::string upid =
      start("POST", "/nodes/{node}/qemu/{vmid}/status/start", "/nodes/pve2/qemu/102/status/start");
  EXPECT_NE(upid.find(":qmstart:102:root@pam!mcpserver:"), std::string::npos) << upid;
  EXPECT_EQ(guest_status("qemu", 102, "pve2")["status"], "stopped");  // still starting
  finish();
  // win11's EFI disk has the pre-enrolled 2011 keys only: check_efi_vars warns (log_warn).
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "WARNINGS: 1");
  const Json log = task_log_texts(upid);
  ASSERT_EQ(log.size(), 13u);  // the two WARN lines, check_efi_vars' ten, TASK WARNINGS
  EXPECT_EQ(log[0],
            "WARN: EFI disk without 'ms-cert=2023k' option, suggesting that not all UEFI 2023");
  EXPECT_EQ(log[1], "certificates from Microsoft are enrolled yet.");
  EXPECT_EQ(log[5], "shut down, run 'qm enroll-efi-keys 102' to enroll the new certificates.");
  EXPECT_EQ(log.back(), "TASK WARNINGS: 1");
  Json status = guest_status("qemu", 102, "pve2");
  EXPECT_EQ(status["status"], "running");
  EXPECT_EQ(status["qmpstatus"], "running");
  EXPECT_GT(status["pid"].get<int>(), 0);
  EXPECT_GT(status["mem"].get<std::int64_t>(), 0);
  EXPECT_EQ(status["uptime"], 0);
  clock.advance_ms(61000);
  EXPECT_EQ(guest_status("qemu", 102, "pve2")["uptime"], 61);
  bool listed = false;
  for (const auto& item : call_ok("/cluster/resources", "/cluster/resources")) {
    if (item["id"] == "qemu/102") listed = item["status"] == "running";
  }
  EXPECT_TRUE(listed);
}

TEST_F(PowerTest, QemuStartErrorsFailInsideTheTask) {
  EXPECT_EQ(qemu("start", 100), "VM 100 already running");
  EXPECT_EQ(qemu("start", 9000), "you can't start a vm if it's a template");
  EXPECT_EQ(qemu("start", 999),
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist");
  // A guest of another node is as absent as a missing one.
  EXPECT_EQ(qemu("start", 102),
            "Configuration file 'nodes/pve1/qemu-server/102.conf' does not exist");
  set_lock(102, "snapshot");
  EXPECT_EQ(qemu("start", 102, {}, "pve2"), "VM is locked (snapshot)");
  EXPECT_EQ(guest_status("qemu", 102, "pve2")["status"], "stopped");
}

TEST_F(PowerTest, QemuStopAndShutdown) {
  EXPECT_EQ(qemu("stop", 100), "OK");
  Json status = guest_status("qemu", 100);
  EXPECT_EQ(status["status"], "stopped");
  EXPECT_EQ(status["qmpstatus"], "stopped");
  EXPECT_FALSE(status.contains("pid"));
  EXPECT_EQ(status["mem"], 0);
  EXPECT_EQ(status["uptime"], 0);
  // Stopping a stopped VM is not an error in qemu-server.
  EXPECT_EQ(qemu("stop", 100), "OK");

  const ApiResponse paused = qemu_sync("shutdown", 104);
  EXPECT_EQ(paused.status, 500);
  EXPECT_EQ(paused.message, "VM is paused - cannot shutdown\n");
  EXPECT_EQ(qemu("shutdown", 104, {{"forceStop", "1"}}), "OK");
  EXPECT_EQ(guest_status("qemu", 104)["status"], "stopped");
}

TEST_F(PowerTest, QemuLockedStopFailsInTheTaskUnlessRootSkipsTheLock) {
  set_lock(100, "backup");
  EXPECT_EQ(qemu("stop", 100), "VM is locked (backup)");
  EXPECT_EQ(guest_status("qemu", 100)["status"], "running");
  const ApiResponse token = qemu_sync("stop", 100, {{"skiplock", "1"}});
  EXPECT_EQ(token.status, 400);
  EXPECT_EQ(token.errors.at("skiplock"), "Only root may use this option.");
}

TEST_F(PowerTest, QemuSuspendResumeAndReboot) {
  EXPECT_EQ(qemu("suspend", 100), "OK");
  Json status = guest_status("qemu", 100);
  EXPECT_EQ(status["status"], "running");
  EXPECT_EQ(status["qmpstatus"], "paused");
  EXPECT_EQ(qemu("resume", 100), "OK");
  EXPECT_EQ(guest_status("qemu", 100)["qmpstatus"], "running");

  const std::int64_t uptime_before = guest_status("qemu", 100)["uptime"];
  EXPECT_GT(uptime_before, 1000);
  EXPECT_EQ(qemu("reboot", 100), "OK");
  EXPECT_EQ(guest_status("qemu", 100)["uptime"], 0);
  EXPECT_EQ(guest_status("qemu", 100)["status"], "running");

  for (const char* action : {"reboot", "suspend", "resume"}) {
    const ApiResponse stopped = qemu_sync(action, 102, {}, "pve2");
    EXPECT_EQ(stopped.status, 500) << action;
    EXPECT_EQ(stopped.message, "VM 102 not running\n") << action;
  }
}

TEST_F(PowerTest, LxcChecksRunningBeforeTheWorker) {
  const ApiResponse not_running = lxc_sync("stop", 103, "pve2");
  EXPECT_EQ(not_running.status, 500);
  EXPECT_EQ(not_running.message, "CT 103 not running\n");
  EXPECT_EQ(lxc_sync("shutdown", 103, "pve2").message, "CT 103 not running\n");
  const ApiResponse running = lxc_sync("start", 101);
  EXPECT_EQ(running.status, 500);
  EXPECT_EQ(running.message, "CT 101 already running\n");
  // Missing containers are not running either.
  EXPECT_EQ(lxc_sync("stop", 999).message, "CT 999 not running\n");
  EXPECT_EQ(lxc("start", 999), "Configuration file 'nodes/pve1/lxc/999.conf' does not exist");
}

TEST_F(PowerTest, LxcLifecycle) {
  const std::string upid =
      start("POST", "/nodes/{node}/lxc/{vmid}/status/start", "/nodes/pve2/lxc/103/status/start");
  EXPECT_NE(upid.find(":vzstart:103:"), std::string::npos) << upid;
  finish();
  EXPECT_EQ(task_status(upid, "pve2")["exitstatus"], "OK");
  EXPECT_EQ(guest_status("lxc", 103, "pve2")["status"], "running");
  EXPECT_EQ(lxc("reboot", 103, "pve2"), "OK");
  EXPECT_EQ(lxc("shutdown", 103, "pve2"), "OK");
  EXPECT_EQ(guest_status("lxc", 103, "pve2")["status"], "stopped");
  EXPECT_EQ(lxc("stop", 101), "OK");
  EXPECT_EQ(guest_status("lxc", 101)["status"], "stopped");
}

TEST_F(PowerTest, LxcLockedStopFailsInTheTask) {
  EXPECT_EQ(lxc("stop", 105, "pve2"), "CT is locked (backup)");
  EXPECT_EQ(guest_status("lxc", 105, "pve2")["status"], "running");
}

}  // namespace
}  // namespace pvesim::test
