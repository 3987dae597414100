// What the backup write tool tests share: an elevated catalogue, a missing guest, a log page.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness.h"
#include "pve/error.h"

namespace tools::testing {

inline pve::Error not_found(const std::string& what) {
  return pve::Error(pve::ErrorKind::kNotFound, 500, "Configuration file does not exist", what);
}
inline const pve::Params kLogPage = {{"start", "0"}, {"limit", "500"}};

class BackupWrites : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

}  // namespace tools::testing
