// What the clone, resize and delete tests share: UPIDs on any node, task status, an elevated
// catalogue.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"

namespace tools::testing {

using nlohmann::json;

inline std::string upid(const std::string& node, const std::string& type, int vmid) {
  return "UPID:" + node + ":0003A1F2:0B3C4D5E:66F1E2A0:" + type + ":" + std::to_string(vmid) +
         ":root@pam!mcp:";
}
inline std::string status_path(const std::string& u, const std::string& node = "pve1") {
  return pve::path({"nodes", node, "tasks", u, "status"});
}
inline json stopped(const std::string& u, const std::string& exitstatus) {
  return {{"upid", u}, {"node", "pve1"}, {"status", "stopped"}, {"exitstatus", exitstatus}};
}
inline pve::Error server_error(const std::string& message) {
  return pve::Error(pve::ErrorKind::kServer, 500, message, message);
}

class Lifecycle : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

}  // namespace tools::testing
