// Test support for unit_sim_model: a model on a hand-driven clock, request building, and a
// checker of response shapes against the `returns` schemas of apidata.json.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_model.h"

namespace pvesim::test {

constexpr const char* kRoot = "root@pam!mcpserver";
constexpr const char* kAuditor = "auditor@pve!ro";
constexpr const char* kOperator = "operator@pve!ops";
// 2026-11-26 00:00:00 UTC, after every seeded task finished.
constexpr std::int64_t kStartMs = 1795651200000;

// A time source the test moves by hand.
struct ManualClock {
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(kStartMs);
  Clock clock() const {
    auto shared = now;
    return [shared] { return *shared; };
  }
  void advance_ms(std::int64_t ms) const { *now += ms; }
};

// Fills the template placeholders from `path` the way the router does.
ApiRequest get(const std::string& template_path, const std::string& path,
               Json params = Json::object(), const std::string& auth_id = kRoot);

// The returns schema of GET `template_path` in apidata.json, or null when the file is absent.
const Json* returns_schema(const std::string& template_path);
// Problems of `data` against `schema` ("data[0].vmid: expected integer, got string"…).
std::vector<std::string> shape_problems(const Json& data, const Json& schema,
                                        const std::string& where = "data");

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override { model = make_sim_cluster_model("small", 1000, clock.clock()); }
  ApiResponse call(const std::string& template_path, const std::string& path,
                   Json params = Json::object(), const std::string& auth_id = kRoot) {
    return model->handle(get(template_path, path, std::move(params), auth_id));
  }
  // Calls and asserts 200 plus the schema shape; returns data.
  Json call_ok(const std::string& template_path, const std::string& path,
               Json params = Json::object(), const std::string& auth_id = kRoot);

  // The texts of the log lines of task `upid` (up to 500), on the node the UPID names.
  Json task_log_texts(const std::string& upid);

  ManualClock clock;
  std::unique_ptr<SimClusterModel> model;
};

}  // namespace pvesim::test
