// What the create tool tests share: the node's storages and ISO images, an SSH key, an
// elevated catalogue.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"
#include "task_script.h"

namespace tools::testing {

using nlohmann::json;

inline const std::string kStoragePath = "/nodes/pve1/storage";
inline json storages() {
  return json::array({{{"storage", "local"}, {"content", "iso,vztmpl,backup"}, {"active", 1}},
                      {{"storage", "local-lvm"}, {"content", "images,rootdir"}, {"active", 1}},
                      {{"storage", "tank"}, {"content", "images"}, {"active", 1}}});
}

inline const std::string kIsoContentPath = "/nodes/pve1/storage/local/content";
inline json isos() {
  return json::array({{{"volid", "local:iso/debian-12.iso"}, {"content", "iso"}},
                      {{"volid", "local:iso/alpine.iso"}, {"content", "iso"}}});
}

inline const std::string kKey =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop";

class CreateVm : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  const std::string u = upid("qmcreate", "200");
  // A create that succeeds: storages listed, task OK, config read back.
  void script_success(int vmid = 200) {
    h.api.on_get(kStoragePath, storages());
    h.api.on("POST", "/nodes/pve1/qemu", u);
    h.api.on_get(status_path(u), stopped(u));
    h.api.on_get(
        "/nodes/pve1/qemu/" + std::to_string(vmid) + "/pending",
        pending_answer(json{{"scsi0", "local-lvm:vm-" + std::to_string(vmid) + "-disk-0,size=8G"},
                            {"net0", "virtio=BC:24:11:00:00:01,bridge=vmbr0"}}));
  }
  pve::Params sent() {
    for (const auto& c : h.api.calls()) {
      if (c.method == "POST") return c.params;
    }
    ADD_FAILURE() << "no POST";
    return {};
  }
};

class CreateLxc : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
  const std::string u = upid("vzcreate", "115");
  const std::string kTemplate = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
  void script_success() {
    h.api.on_get(kStoragePath, storages());
    h.api.on("POST", "/nodes/pve1/lxc", u);
    h.api.on_get(status_path(u), stopped(u));
    h.api.on_get(
        "/nodes/pve1/lxc/115/pending",
        pending_answer(
            json{{"rootfs", "local-lvm:vm-115-disk-0,size=8G"},
                 {"net0", "name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:09,ip=dhcp,type=veth"}}));
  }
  json base() const { return {{"node", "pve1"}, {"vmid", 115}, {"ostemplate", kTemplate}}; }
  pve::Params sent() {
    for (const auto& c : h.api.calls()) {
      if (c.method == "POST") return c.params;
    }
    ADD_FAILURE() << "no POST";
    return {};
  }
};

}  // namespace tools::testing
