// A pve-sim fixture for write tools: elevated mode, guest state reads, the requests that changed
// something.
#pragma once

#include <string>
#include <vector>

#include "pve/api.h"
#include "pve/error.h"
#include "sim_fixture.h"

namespace integration {

class WriteSimTest : public SimTest {
 protected:
  void SetUp() override {
    policy_ = policy::Policy(policy::Settings{policy::Mode::elevated, false});
    SimTest::SetUp();
  }

  // GET /nodes/{node}/{type}/{vmid}/{what…}, straight from the simulator.
  nlohmann::json guest_get(const std::string& node, const std::string& type, int vmid,
                           const std::string& what) {
    return client_->get(pve::path({"nodes", node, type, std::to_string(vmid)}) + what);
  }
  nlohmann::json config(const std::string& node, const std::string& type, int vmid) {
    return guest_get(node, type, vmid, "/config");
  }
  // Whether the guest's config can be read; anything but "not found" is a test failure.
  bool exists(const std::string& node, const std::string& type, int vmid) {
    try {
      config(node, type, vmid);
      return true;
    } catch (const pve::Error& e) {
      EXPECT_EQ(e.kind(), pve::ErrorKind::kNotFound) << e.what();
      return false;
    }
  }
  // The requests other than task-status and task-log reads (their number depends on timing).
  std::vector<Request> changes() const {
    std::vector<Request> out;
    for (auto& r : requests()) {
      if (std::get<1>(r).find("/tasks/") == std::string::npos) out.push_back(r);
    }
    return out;
  }
};

}  // namespace integration
