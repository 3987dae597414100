// What the clone, resize and delete tests share: UPIDs on any node, task status, an elevated
// catalogue.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness.h"
#include "pending_script.h"
#include "task_script.h"

namespace tools::testing {

using nlohmann::json;

inline pve::Error server_error(const std::string& message) {
  return pve::Error(pve::ErrorKind::kServer, 500, message, message);
}

class Lifecycle : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

}  // namespace tools::testing
