// Test fixture: a SimServer on a free loopback port around a FakeModel, pve3 offline.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fake_model.h"
#include "sim_server.h"
#include "tls_client.h"

namespace pvesim::testing {

inline std::string token_header(const std::string& id, const std::string& secret) {
  return "PVEAPIToken=" + id + "=" + secret;
}

class SimCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = std::make_unique<FakeModel>();
    model_ = model.get();
    Options options;
    options.faults = {"offline:pve3"};
    server_ = std::make_unique<SimServer>(std::move(model), options);
    server_->start();
  }
  void TearDown() override { server_->stop(); }

  RawResponse call(const std::string& method, const std::string& target,
                   const std::string& body = "",
                   const std::string& content_type = "application/x-www-form-urlencoded",
                   const std::string& authorization = token_header(kAdminToken, kAdminSecret)) {
    return send_request(server_->port(), method, target, authorization, body,
                        body.empty() && method != "POST" && method != "PUT" ? "" : content_type);
  }
  RawResponse get(const std::string& path) { return call("GET", "/api2/json" + path); }

  // The errors map of a 400 answer.
  static Json errors_of(const RawResponse& r) { return Json::parse(r.body).at("errors"); }

  FakeModel* model_ = nullptr;
  std::unique_ptr<SimServer> server_;
};

}  // namespace pvesim::testing
