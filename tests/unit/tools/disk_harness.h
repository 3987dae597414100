// What the disk tool tests share: a task that ended OK, a VM's config, an elevated catalogue.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"

namespace tools::testing {

using nlohmann::json;

inline const std::string kUpid = "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmconfig:101:root@pam!mcp:";
inline const std::string kVmConfig = "/nodes/pve1/qemu/101/config";
inline const std::string kCtConfig = "/nodes/pve1/lxc/115/config";
inline const std::string kVmPending = "/nodes/pve1/qemu/101/pending";
inline const std::string kCtPending = "/nodes/pve1/lxc/115/pending";

inline std::string status_path() {
  return pve::path({"nodes", "pve1", "tasks", kUpid, "status"});
}
inline json task_ok() {
  return {{"upid", kUpid},
          {"node", "pve1"},
          {"type", "qmconfig"},
          {"status", "stopped"},
          {"exitstatus", "OK"}};
}

class DiskWrites : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

inline json vm_config() {
  return {{"digest", "d1"},
          {"boot", "order=scsi0;ide2;net0"},
          {"scsi0", "local-lvm:vm-101-disk-0,iothread=1,size=32G"},
          {"scsi1", "local-lvm:vm-101-disk-1,size=10G"},
          {"ide2", "local:iso/debian.iso,media=cdrom"},
          {"net0", "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0"}};
}

}  // namespace tools::testing
