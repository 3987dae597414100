// What the disk, network and exec integration tests share: a guest's config and digest.
#pragma once

#include <string>

#include "write_fixture.h"

namespace integration {

class WriteDevices : public WriteSimTest {
 protected:
  nlohmann::json config(const std::string& type, int vmid, const std::string& node = "pve1") {
    return WriteSimTest::config(node, type, vmid);
  }
  std::string digest(const std::string& type, int vmid) {
    return config(type, vmid).value("digest", "");
  }
};

}  // namespace integration
