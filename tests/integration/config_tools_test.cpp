// Config, identity, pool, task log/cancel and guest address tools against pve-sim: what the
// simulator received and the state it holds afterwards.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

class ConfigTools : public WriteSimTest {};

TEST_F(ConfigTools, SetCloudinitStoresHashedPasswordAndEncodedKeys) {
  auto r = call("proxmox_set_cloudinit", {{"node", "pve1"},
                                          {"vmid", 9000},
                                          {"ciuser", "ops"},
                                          {"cipassword", "Hunter2!"},
                                          {"sshkeys", "ssh-ed25519 AAAAC3NzaC1 ops@laptop"},
                                          {"ipconfig0", "ip=10.0.0.50/24,gw=10.0.0.1"},
                                          {"searchdomain", "lab.example"}});
  ASSERT_FALSE(r.is_error) << r.text;
  ASSERT_EQ(changes().size(), 3u);
  EXPECT_EQ(std::get<0>(changes()[1]), "PUT");
  EXPECT_EQ(std::get<1>(changes()[1]), "/nodes/pve1/qemu/9000/config");
  EXPECT_EQ(r.text.find("Hunter2"), std::string::npos) << r.text;
  EXPECT_TRUE(contains(r.text, "• **Cloud-Init Drive**: ide2\n")) << r.text;

  json config = this->config("pve1", "qemu", 9000);
  EXPECT_EQ(config["ciuser"], "ops");
  EXPECT_EQ(config["cipassword"], "**********");
  EXPECT_EQ(config["sshkeys"], "ssh-ed25519%20AAAAC3NzaC1%20ops%40laptop");
  EXPECT_EQ(config["ipconfig0"], "ip=10.0.0.50/24,gw=10.0.0.1");
  EXPECT_EQ(config["searchdomain"], "lab.example");
  std::string stored;
  const json state = json::parse(sim_->dump_state());
  for (const auto& guest : state["guests"]) {
    if (guest["vmid"] == 9000) stored = guest["config"].value("cipassword", guest.dump());
  }
  EXPECT_EQ(stored.rfind("$5$", 0), 0u) << "stored: " << stored;
  EXPECT_EQ(stored.find("Hunter2"), std::string::npos);
  for (const auto& item : guest_get("pve1", "qemu", 9000, "/pending")) {
    if (item["key"] == "cipassword") {
      EXPECT_EQ(item["value"], "**********");
    }
  }

  auto shown = call("proxmox_get_vm_config", {{"node", "pve1"}, {"vmid", 9000}});
  ASSERT_FALSE(shown.is_error) << shown.text;
  EXPECT_TRUE(contains(shown.text, "• **sshkeys**: ssh-ed25519 AAAAC3NzaC1 ops@laptop\n"))
      << shown.text;
  EXPECT_TRUE(contains(shown.text, "**Cloud-Init**\n• **cipassword**: **********\n"));
}

TEST_F(ConfigTools, GuestIpsOfARunningAndAStoppedContainer) {
  auto r = call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/lxc/101/interfaces", {}}}));
  EXPECT_EQ(r.structured["interfaces"], json::parse(R"([{"name":"eth0","mac":"bc:24:11:2f:90:11",
                            "addresses":["10.0.0.121/24"]}])"));
  auto all = call("proxmox_get_guest_ips",
                  {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}, {"all", true}});
  EXPECT_EQ(all.structured["interfaces"][1]["addresses"][1], "fe80::be24:11ff:fe2f:9011/64");

  auto stopped = call("proxmox_get_guest_ips", {{"node", "pve2"}, {"vmid", 103}, {"type", "lxc"}});
  ASSERT_FALSE(stopped.is_error) << stopped.text;
  EXPECT_EQ(stopped.structured["available"], false);
  EXPECT_TRUE(contains(stopped.text, "No addresses: the container is not running.\n"));
}

TEST_F(ConfigTools, GuestIpsOfAVmThroughItsAgent) {
  auto r = call("proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      requests(),
      (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/agent/network-get-interfaces", {}}}));
  EXPECT_TRUE(contains(r.text, "• **ens18** (bc:24:11:5e:7a:01)\n   • 192.168.1.200/24\n"))
      << r.text;
}

TEST_F(ConfigTools, WhoamiAndPools) {
  auto me = call("proxmox_whoami");
  ASSERT_FALSE(me.is_error) << me.text;
  EXPECT_EQ(me.structured["user"], sim_->token_user());
  EXPECT_EQ(me.structured["token"], sim_->token_name());
  EXPECT_EQ(me.structured["mode"], "elevated");
  EXPECT_TRUE(me.structured["permissions"].contains("/")) << me.text;
  EXPECT_EQ(me.text.find(sim_->token_secret()), std::string::npos);

  clear();
  auto pools = call("proxmox_get_pools");
  ASSERT_FALSE(pools.is_error) << pools.text;
  ASSERT_GE(requests().size(), 2u);
  EXPECT_EQ(requests()[0], (Request{"GET", "/pools", {}}));
  EXPECT_EQ(std::get<2>(requests()[1]).at(0).first, "poolid");
  EXPECT_GE(pools.structured["count"].get<int>(), 1) << pools.text;
}

TEST_F(ConfigTools, TaskLogTail) {
  auto list = call("proxmox_list_tasks", {{"node", "pve2"}, {"type", "vzstart"}});
  ASSERT_EQ(list.structured["count"], 1) << list.text;
  const std::string upid = list.structured["tasks"][0]["upid"];
  clear();
  auto r = call("proxmox_get_task_log", {{"upid", upid}, {"limit", 2}});
  ASSERT_FALSE(r.is_error) << r.text;
  const std::string log = "/nodes/pve2/tasks/" + upid + "/log";
  ASSERT_GE(requests().size(), 1u);
  EXPECT_EQ(requests()[0], (Request{"GET", log, {{"start", "0"}, {"limit", "2"}}}));
  const int total = r.structured["total"];
  ASSERT_GT(total, 2);
  EXPECT_EQ(requests()[1],
            (Request{"GET", log, {{"start", std::to_string(total - 2)}, {"limit", "2"}}}));
  EXPECT_EQ(r.structured["lines"][1]["t"], "TASK ERROR: startup for container '103' failed");
}

class CancelTask : public WriteSimTest {
 protected:
  CancelTask() { task_ms_ = 120000; }
};

TEST_F(CancelTask, StopsARunningSnapshotWhichThenNeverHappens) {
  const std::string upid =
      client_->post("/nodes/pve1/qemu/104/snapshot", {{"snapname", "before"}}).get<std::string>();
  EXPECT_EQ(config("pve1", "qemu", 104)["lock"], "snapshot");
  clear();
  auto r = call("proxmox_cancel_task", {{"upid", upid}});
  ASSERT_FALSE(r.is_error) << r.text;
  const std::string task = "/nodes/pve1/tasks/" + upid;
  ASSERT_GE(requests().size(), 3u);
  EXPECT_EQ(requests()[0], (Request{"GET", task + "/status", {}}));
  EXPECT_EQ(requests()[1], (Request{"DELETE", task, {}}));
  EXPECT_EQ(r.structured["exitstatus"], "received interrupt");
  EXPECT_TRUE(contains(r.text, "🛑 **Task stopped**\n")) << r.text;
  EXPECT_TRUE(contains(r.text, "TASK ERROR: received interrupt")) << r.text;

  json status = client_->get(task + "/status");
  EXPECT_EQ(status["status"], "stopped");
  EXPECT_FALSE(config("pve1", "qemu", 104).contains("lock"));
  json snapshots = guest_get("pve1", "qemu", 104, "/snapshot");
  for (const auto& s : snapshots) EXPECT_NE(s["name"], "before");

  clear();
  auto again = call("proxmox_cancel_task", {{"upid", upid}});
  EXPECT_EQ(again.structured["was_running"], false);
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", task + "/status", {}}}));
}

TEST_F(CancelTask, AnotherUsersTaskNeedsSysModifyOnTheNode) {
  const std::string upid =
      client_->post("/nodes/pve1/qemu/104/snapshot", {{"snapname", "before"}}).get<std::string>();
  use_token("auditor@pve", "ro", sim_->auditor_token_secret());
  auto r = call("proxmox_cancel_task", {{"upid", upid}});
  EXPECT_TRUE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "Sys.Modify")) << r.text;
  EXPECT_EQ(statuses().back(), 403);
  EXPECT_EQ(std::get<0>(requests().back()), "DELETE");
}

}  // namespace
}  // namespace integration
