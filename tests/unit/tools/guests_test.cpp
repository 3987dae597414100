#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

TEST(GetVmStatus, ContainerLikeTheReference) {
  Harness h;
  h.api.on_get("/nodes/pve1/lxc/100/status/current", json::parse(R"({
    "vmid":100,"name":"docker","status":"running","uptime":20520,"cpu":0.008,"cpus":4,
    "mem":8020530053,"maxmem":50337349632,"diskread":21195567759,"diskwrite":23310683913,
    "netin":1417339207,"netout":227082240,"ha":{"managed":0},"type":"lxc"})"));
  auto r = h.call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", "100"}, {"type", "lxc"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/lxc/100/status/current", {}}}));
  EXPECT_EQ(r.text,
            "🟢 📦 **docker** (ID: 100)\n\n"
            "• **Node**: pve1\n"
            "• **Status**: running\n"
            "• **Type**: LXC\n"
            "• **Uptime**: 5h 42m\n"
            "• **CPU Usage**: 0.8% of 4 vCPU\n"
            "• **Memory**: 7.47 GiB / 46.88 GiB (15.9%)\n"
            "• **Disk Read**: 19.74 GiB\n"
            "• **Disk Write**: 21.71 GiB\n"
            "• **Network In**: 1.32 GiB\n"
            "• **Network Out**: 216.56 MiB\n");
  EXPECT_EQ(r.structured["vmid"], 100);
  EXPECT_EQ(r.structured["type"], "lxc");
  EXPECT_EQ(r.structured["ha_managed"], false);
  EXPECT_EQ(r.structured["netout"], 227082240.0);
}

TEST(GetVmStatus, QemuIsTheDefaultAndPausedShowsQmpStatus) {
  Harness h;
  h.api.on_get("/nodes/pve2/qemu/101/status/current", json::parse(R"({
    "vmid":101,"name":"web","status":"running","qmpstatus":"paused","uptime":60,"cpu":0,
    "cpus":2,"mem":1073741824,"maxmem":2147483648,"lock":"backup"})"));
  auto r = h.call("proxmox_get_vm_status", {{"node", "pve2"}, {"vmid", 101}});
  EXPECT_EQ(r.text,
            "🟢 🖥️ **web** (ID: 101)\n\n"
            "• **Node**: pve2\n"
            "• **Status**: running (paused)\n"
            "• **Type**: QEMU\n"
            "• **Lock**: backup\n"
            "• **Uptime**: 1m\n"
            "• **CPU Usage**: 0.0% of 2 vCPU\n"
            "• **Memory**: 1.00 GiB / 2.00 GiB (50.0%)\n");
  EXPECT_EQ(r.structured["qmpstatus"], "paused");
  EXPECT_EQ(r.structured["lock"], "backup");
}

TEST(GetVmStatus, StoppedGuestShowsConfiguredMemoryOnly) {
  Harness h;
  h.api.on_get("/nodes/pve1/qemu/102/status/current",
               json::parse(R"({"vmid":102,"name":"db","status":"stopped","maxmem":4294967296,
                 "diskread":0,"template":0})"));
  auto r = h.call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 102}});
  EXPECT_EQ(r.text,
            "🔴 🖥️ **db** (ID: 102)\n\n"
            "• **Node**: pve1\n"
            "• **Status**: stopped\n"
            "• **Type**: QEMU\n"
            "• **Memory**: 4.00 GiB configured\n");
}

TEST(GetVmStatus, TypeCannotInjectAPath) {
  Harness h;
  auto r = h.call("proxmox_get_vm_status",
                  {{"node", "pve1"}, {"vmid", 100}, {"type", "qemu/100/../../../access"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "Invalid argument 'type': must be one of: qemu, lxc");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(GetVmStatus, MissingVmidIsTheClientsActionableLine) {
  Harness h;
  h.api.fail_get("/nodes/pve1/qemu/999/status/current",
                 pve::Error(pve::ErrorKind::kNotFound, 500,
                            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
                            "VM 999 not found on node pve1"));
  auto r = h.call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 999}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 999 not found on node pve1");
}

}  // namespace
}  // namespace tools::testing
