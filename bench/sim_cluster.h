// A pve-sim cluster started once per seed, with the tool catalogue wired to it over pinned TLS.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "pvesim/simulator.h"
#include "tools/catalog.h"

namespace bench {

class QuietContext : public mcp::CallContext {
 public:
  bool cancelled() const override { return false; }
  void progress(double, std::optional<double>, const std::string&) override {}
  bool pause(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
    return false;
  }
};

class SimCluster {
 public:
  // The shared cluster for `seed`; started on first use, kept for the whole run so that
  // setup never counts as measured time.
  static SimCluster& get(const std::string& seed) {
    static std::map<std::string, std::unique_ptr<SimCluster>> clusters;
    auto& slot = clusters[seed];
    if (!slot) slot.reset(new SimCluster(seed));
    return *slot;
  }

  // Calls a tool; returns the result so the caller can check it before timing more.
  mcp::ToolResult call(const std::string& name, const nlohmann::json& args) {
    for (const auto& t : tools_) {
      if (t.name == name) return t.handler(args, ctx_);
    }
    return mcp::ToolResult::error("no tool " + name);
  }

  pvesim::Simulator& sim() { return *sim_; }

 private:
  explicit SimCluster(const std::string& seed) {
    pvesim::Options options;
    options.seed = seed;
    sim_ = std::make_unique<pvesim::Simulator>(options);
    sim_->start();
    pve::ClientOptions o;
    o.host = "127.0.0.1";
    o.port = sim_->port();
    o.user = sim_->token_user();
    o.token_name = sim_->token_name();
    o.token_secret = sim_->token_secret();
    o.fingerprint = sim_->fingerprint();
    client_ = std::make_unique<pve::Client>(o);
    tools_ = tools::make_tools(*client_, policy_);
  }

  std::unique_ptr<pvesim::Simulator> sim_;
  std::unique_ptr<pve::Client> client_;
  policy::Policy policy_;
  std::vector<mcp::Tool> tools_;
  QuietContext ctx_;
};

}  // namespace bench
