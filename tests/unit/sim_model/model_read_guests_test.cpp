// Guest reads: lists, status/current, config with digest, snapshot lists, and their errors.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

Json by_vmid(const Json& list, int vmid) {
  for (const auto& entry : list) {
    if (entry["vmid"] == vmid) return entry;
  }
  return nullptr;
}

TEST_F(ModelTest, QemuListOfPve1) {
  const Json data = call_ok("/nodes/{node}/qemu", "/nodes/pve1/qemu");
  ASSERT_EQ(data.size(), 3u);  // 100, 104, 9000
  const Json web = by_vmid(data, 100);
  EXPECT_EQ(web["name"], "web");
  EXPECT_EQ(web["status"], "running");
  EXPECT_EQ(web["cpus"], 2);
  EXPECT_EQ(web["maxmem"], 4294967296LL);
  // Without the monitor (no full) mem is the cgroup's figure, memhost: QEMU's overhead on top
  // of what the guest uses (2 GiB + 217 MiB, the balloon's figure in status/current).
  const std::int64_t used = 2LL * 1024 * 1024 * 1024 + 217LL * 1024 * 1024;
  EXPECT_EQ(web["mem"], used + 4294967296LL / 32);
  EXPECT_EQ(web["memhost"], web["mem"]);
  EXPECT_FALSE(web.contains("diskread"));  // only from the monitor's blockstats
  EXPECT_EQ(web["pressurecpusome"], 0.31);
  EXPECT_EQ(call_ok("/nodes/{node}/qemu/{vmid}/status/current",
                    "/nodes/pve1/qemu/100/status/current")["mem"],
            used);
  EXPECT_EQ(web["uptime"], 3 * 86400 + 4 * 3600 + 512);
  EXPECT_EQ(web["pid"], 1432);
  EXPECT_FALSE(web.contains("qmpstatus"));  // only with full=1
  EXPECT_FALSE(web.contains("template"));
  const Json golden = by_vmid(data, 9000);
  EXPECT_EQ(golden["template"], 1);
  EXPECT_EQ(golden["status"], "stopped");
  EXPECT_EQ(golden["uptime"], 0);
  EXPECT_FALSE(golden.contains("pid"));
  const Json full = call_ok("/nodes/{node}/qemu", "/nodes/pve1/qemu", {{"full", "1"}});
  EXPECT_EQ(by_vmid(full, 104)["qmpstatus"], "paused");
  EXPECT_EQ(by_vmid(full, 104)["status"], "running");
}

TEST_F(ModelTest, UptimeFollowsTheClock) {
  clock.advance_ms(60'000);
  const Json web =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(web["uptime"], 3 * 86400 + 4 * 3600 + 512 + 60);
}

TEST_F(ModelTest, LxcListOfPve2) {
  const Json data = call_ok("/nodes/{node}/lxc", "/nodes/pve2/lxc");
  ASSERT_EQ(data.size(), 2u);  // 103, 105
  const Json dns = by_vmid(data, 103);
  EXPECT_EQ(dns["name"], "pihole");
  EXPECT_EQ(dns["status"], "stopped");
  EXPECT_EQ(dns["type"], "lxc");
  EXPECT_EQ(dns["maxdisk"], 8LL * 1024 * 1024 * 1024);
  EXPECT_EQ(dns["maxswap"], 512LL * 1024 * 1024);
  EXPECT_EQ(by_vmid(data, 105)["lock"], "backup");
  EXPECT_EQ(dns["vmid"], 103);  // a number since pve-container 5.0.9 (a string before)
}

TEST_F(ModelTest, QemuStatusCurrentOfRunningVmWithAgent) {
  const Json data =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(data["vmid"], 100);
  EXPECT_EQ(data["status"], "running");
  EXPECT_EQ(data["qmpstatus"], "running");
  EXPECT_EQ(data["agent"], 1);
  EXPECT_EQ(data["ha"], (Json{{"managed", 1}, {"state", "started"}}));  // vm:100 is an HA resource
  EXPECT_EQ(data["running-qemu"], "10.0.2");
  EXPECT_EQ(data["running-machine"], "pc-i440fx-10.0+pve0");
  EXPECT_GT(data["cpu"].get<double>(), 0.0);
  EXPECT_LE(data["cpu"].get<double>(), 1.0);
  // What vmstatus reads from the running VM's monitor and cgroup.
  EXPECT_EQ(data["proxmox-support"]["pbs-dirty-bitmap"], true);
  EXPECT_TRUE(data["blockstat"].contains("scsi0")) << data["blockstat"];
  EXPECT_EQ(data["blockstat"]["scsi0"]["account_failed"], true);
  EXPECT_EQ(data["diskread"], data["blockstat"]["scsi0"]["rd_bytes"]);
  EXPECT_TRUE(data["nics"].contains("tap100i0")) << data["nics"];
  EXPECT_EQ(data["nics"]["tap100i0"]["netin"], data["netin"]);
  EXPECT_EQ(data["ballooninfo"]["max_mem"], data["maxmem"]);
  EXPECT_EQ(data["mem"], data["ballooninfo"]["total_mem"].get<std::int64_t>() -
                             data["ballooninfo"]["free_mem"].get<std::int64_t>());
  EXPECT_GT(data["memhost"].get<std::int64_t>(), data["mem"].get<std::int64_t>());
  EXPECT_TRUE(data["pressurecpusome"].is_number());
  EXPECT_TRUE(data["pressurememoryfull"].is_number());
}

// `balloon: 0` removes the device: no balloon figures, and mem stays the cgroup's; a target
// (written as text or number) adds balloon_min and the default shares.
TEST_F(ModelTest, BalloonSettingsShapeTheMemoryFigures) {
  model->with_state([](ClusterState& state) { state.guests.at(100).config["balloon"] = "0"; });
  Json data =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/100/status/current");
  EXPECT_FALSE(data.contains("ballooninfo"));
  EXPECT_FALSE(data.contains("balloon_min"));
  EXPECT_EQ(data["mem"], data["memhost"]);
  model->with_state([](ClusterState& state) { state.guests.at(100).config["balloon"] = 1024; });
  data = call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(data["balloon_min"], 1024LL * 1024 * 1024);
  EXPECT_EQ(data["shares"], 1000);
  EXPECT_TRUE(data.contains("ballooninfo"));
}

TEST_F(ModelTest, StoppedTemplateHasNoMonitorFigures) {
  const Json data =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/9000/status/current");
  EXPECT_EQ(data["template"], 1);
  EXPECT_EQ(data["memhost"], 0);
  for (const char* key : {"diskread", "diskwrite", "blockstat", "nics", "ballooninfo", "pid",
                          "proxmox-support", "pressurecpusome", "running-qemu"}) {
    EXPECT_FALSE(data.contains(key)) << key;
  }
}

TEST_F(ModelTest, QemuStatusOfStoppedAndPausedVms) {
  const Json win =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve2/qemu/102/status/current");
  EXPECT_EQ(win["status"], "stopped");
  EXPECT_EQ(win["qmpstatus"], "stopped");
  EXPECT_EQ(win["maxdisk"], 64LL * 1024 * 1024 * 1024);  // boot order names sata0
  EXPECT_FALSE(win.contains("agent"));
  EXPECT_FALSE(win.contains("running-qemu"));
  const Json db =
      call_ok("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/104/status/current");
  EXPECT_EQ(db["status"], "running");
  EXPECT_EQ(db["qmpstatus"], "paused");
}

TEST_F(ModelTest, LxcStatusCurrentHasHa) {
  const Json data =
      call_ok("/nodes/{node}/lxc/{vmid}/status/current", "/nodes/pve1/lxc/101/status/current");
  EXPECT_EQ(data["name"], "docker");
  EXPECT_EQ(data["type"], "lxc");
  EXPECT_EQ(data["ha"], (Json{{"managed", 1}, {"state", "started"}}));  // ct:101 is an HA resource
  EXPECT_FALSE(data.contains("memhost"));                               // containers have none
  EXPECT_TRUE(data["pressurecpusome"].is_string()) << data["pressurecpusome"];  // "0.85"
  EXPECT_EQ(data["disk"], 6LL * 1024 * 1024 * 1024 + 312LL * 1024 * 1024);
  EXPECT_FALSE(data.contains("qmpstatus"));
}

TEST_F(ModelTest, MissingGuestNamesTheLocalConfigFile) {
  const ApiResponse qemu =
      call("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve1/qemu/999/status/current");
  EXPECT_EQ(qemu.status, 500);
  EXPECT_EQ(qemu.message, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n");
  const ApiResponse lxc = call("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve1/lxc/999/config");
  EXPECT_EQ(lxc.status, 500);
  EXPECT_EQ(lxc.message, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist\n");
  // On another node, or of the other type: PVE only looks at the path's node and type.
  EXPECT_EQ(call("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve2/qemu/100/config").message,
            "Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist\n");
  EXPECT_EQ(call("/nodes/{node}/qemu/{vmid}/snapshot", "/nodes/pve1/qemu/101/snapshot").message,
            "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist\n");
}

TEST_F(ModelTest, OfflineNodeIsUnreachableAndUnknownNodeFailsLookup) {
  const ApiResponse offline =
      call("/nodes/{node}/qemu/{vmid}/status/current", "/nodes/pve3/qemu/110/status/current");
  EXPECT_EQ(offline.status, 595);
  EXPECT_EQ(call("/nodes/{node}/qemu", "/nodes/pve3/qemu").status, 595);
  const ApiResponse unknown = call("/nodes/{node}/qemu", "/nodes/PVE1/qemu");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(unknown.message,
            "hostname lookup 'PVE1' failed - failed to get address info for: PVE1: Name or "
            "service not known\n");
  model->set_node_offline("pve1", true);
  EXPECT_EQ(call("/nodes/{node}/status", "/nodes/pve1/status").status, 595);
}

TEST_F(ModelTest, QemuConfigHasTypedValuesAndDigest) {
  const Json data = call_ok("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config");
  EXPECT_EQ(data["name"], "web");
  EXPECT_EQ(data["memory"], "4096");  // a property string since PVE 8.1
  EXPECT_EQ(data["cores"], 2);
  EXPECT_EQ(data["agent"], "1");
  EXPECT_EQ(data["net0"], "virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1");
  EXPECT_EQ(data["parent"], "before-nginx");
  const std::string digest = data["digest"];
  EXPECT_EQ(digest.size(), 40u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
  // The digest is the config file's: it covers snapshots and differs per guest.
  const std::string other =
      call_ok("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/104/config")["digest"];
  EXPECT_NE(digest, other);
  const std::string again =
      call_ok("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config")["digest"];
  EXPECT_EQ(digest, again);
}

TEST_F(ModelTest, DigestChangesWithTheConfig) {
  const std::string before =
      call_ok("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve2/lxc/103/config")["digest"];
  model->with_state([](ClusterState& state) { state.guests.at(103).config["cores"] = 2; });
  const std::string after =
      call_ok("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve2/lxc/103/config")["digest"];
  EXPECT_NE(before, after);
}

TEST_F(ModelTest, SnapshotConfigAndMissingSnapshot) {
  const Json snap = call_ok("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config",
                            {{"snapshot", "before-nginx"}});
  EXPECT_EQ(snap["parent"], "pre-upgrade");
  EXPECT_EQ(snap["vmstate"], "local-lvm:vm-100-state-before-nginx");
  EXPECT_EQ(snap["snaptime"], 1795000000);
  const ApiResponse missing = call("/nodes/{node}/qemu/{vmid}/config",
                                   "/nodes/pve1/qemu/100/config", {{"snapshot", "nope"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.errors.at("snapshot"), "snapshot 'nope' does not exist");
}

TEST_F(ModelTest, LxcConfig) {
  const Json data = call_ok("/nodes/{node}/lxc/{vmid}/config", "/nodes/pve1/lxc/101/config");
  EXPECT_EQ(data["hostname"], "docker");
  EXPECT_EQ(data["memory"], 4096);
  EXPECT_EQ(data["rootfs"], "local-lvm:vm-101-disk-0,size=16G");
  EXPECT_EQ(data["unprivileged"], 1);
}

TEST_F(ModelTest, QemuSnapshotChainEndsWithCurrent) {
  const Json data = call_ok("/nodes/{node}/qemu/{vmid}/snapshot", "/nodes/pve1/qemu/100/snapshot");
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0], (Json{{"name", "pre-upgrade"},
                           {"description", "Before the Debian 13 upgrade"},
                           {"snaptime", 1794300000},
                           {"vmstate", 0}}));
  EXPECT_EQ(data[1]["name"], "before-nginx");
  EXPECT_EQ(data[1]["parent"], "pre-upgrade");
  EXPECT_EQ(data[1]["vmstate"], 1);
  EXPECT_EQ(data[2]["name"], "current");
  EXPECT_EQ(data[2]["description"], "You are here!");
  EXPECT_EQ(data[2]["parent"], "before-nginx");
  EXPECT_EQ(data[2]["running"], 1);
  const std::string digest =
      call_ok("/nodes/{node}/qemu/{vmid}/config", "/nodes/pve1/qemu/100/config")["digest"];
  EXPECT_EQ(data[2]["digest"], digest);
}

TEST_F(ModelTest, LxcSnapshotsAndGuestWithout) {
  const Json data = call_ok("/nodes/{node}/lxc/{vmid}/snapshot", "/nodes/pve1/lxc/101/snapshot");
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0]["name"], "clean-install");
  EXPECT_FALSE(data[0].contains("vmstate"));
  EXPECT_EQ(data[1]["parent"], "clean-install");
  const Json none = call_ok("/nodes/{node}/qemu/{vmid}/snapshot", "/nodes/pve2/qemu/102/snapshot");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0]["name"], "current");
  EXPECT_EQ(none[0]["running"], 0);
  EXPECT_FALSE(none[0].contains("parent"));
}

TEST_F(ModelTest, NodesListAndNodeStatus) {
  const Json nodes = call_ok("/nodes", "/nodes");
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0]["node"], "pve1");
  EXPECT_EQ(nodes[0]["status"], "online");
  EXPECT_EQ(nodes[0]["maxcpu"], 16);
  EXPECT_EQ(nodes[0]["maxmem"], 67228434432LL);
  EXPECT_EQ(nodes[0]["ssl_fingerprint"].get<std::string>().size(), 95u);
  EXPECT_EQ(nodes[2]["status"], "offline");
  EXPECT_FALSE(nodes[2].contains("cpu"));
  // Memory in use includes the running guests'.
  EXPECT_GT(nodes[0]["mem"].get<std::int64_t>(),
            3LL * 1024 * 1024 * 1024 + 16LL * 1024 * 1024 * 1024);

  const Json status = call_ok("/nodes/{node}/status", "/nodes/pve2/status");
  EXPECT_EQ(status["cpuinfo"]["model"], "AMD Ryzen 5 5600G with Radeon Graphics");
  EXPECT_EQ(status["cpuinfo"]["cpus"], 12);
  EXPECT_EQ(status["memory"]["total"], 33538342912LL);
  EXPECT_EQ(status["loadavg"], (Json{"0.31", "0.28", "0.25"}));
  EXPECT_EQ(status["pveversion"], "pve-manager/9.2.11/f6997e698c7933ea");
  EXPECT_EQ(status["uptime"], 5 * 86400 + 2 * 3600 + 77);
  EXPECT_EQ(status["boot-info"]["mode"], "efi");
}

}  // namespace
}  // namespace pvesim::test
