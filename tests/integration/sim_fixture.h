// A started pve-sim plus the read tools wired to it through a real pve::Client.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "apischema/catalogue.h"
#include "mcp/argument_validator.h"
#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/client.h"
#include "pvesim/simulator.h"
#include "tools/catalog.h"
#include "tools/tool_requests.h"

namespace integration {

// method, path, params: what the simulator received.
using Request =
    std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>>;

class NullContext : public mcp::CallContext {
 public:
  // What the person answers when a call asks them (unavailable: the client cannot ask).
  mcp::Consent consent = mcp::Consent::unavailable;

  bool cancelled() const override { return false; }
  mcp::Consent ask(const std::string& /*message*/) override { return consent; }
  void progress(double, std::optional<double>, const std::string&) override {}
  bool pause(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
    return false;
  }
};

class SimTest : public ::testing::Test {
 protected:
  explicit SimTest(std::string seed = "small") : seed_(std::move(seed)) {}

  void SetUp() override {
    pvesim::Options options;
    options.seed = seed_;
    options.task_ms = task_ms_;
    sim_ = std::make_unique<pvesim::Simulator>(options);
    sim_->start();
    if (seed_ == "small") sim_->set_node_offline("pve3", true);
    use_token(sim_->token_user(), sim_->token_name(), sim_->token_secret());
  }

  void TearDown() override {
    tools_.clear();
    client_.reset();
    sim_->stop();
  }

  // Rebuilds the client and the tools for another token (e.g. the auditor's), and with a
  // request timeout other than the default when `timeout_ms` is set.
  void use_token(const std::string& user, const std::string& name, const std::string& secret,
                 long timeout_ms = 0) {
    tools_.clear();
    pve::ClientOptions o;
    o.host = "127.0.0.1";
    o.port = sim_->port();
    o.user = user;
    o.token_name = name;
    o.token_secret = secret;
    o.fingerprint = sim_->fingerprint();
    if (timeout_ms > 0) o.timeout_ms = timeout_ms;
    client_ = std::make_unique<pve::Client>(o);
    tools_ = tools::make_tools(*client_, policy_);
    sim_->clear_requests();
  }

  mcp::ToolResult call(const std::string& name, const nlohmann::json& args = nlohmann::json()) {
    for (const auto& t : tools_) {
      if (t.name != name) continue;
      const size_t before = sim_->requests().size();
      mcp::ToolResult r = t.handler(args, ctx_);
      expect_in_request_table(name, before);
      if (!r.is_error) {
        auto problem = mcp::check_arguments(t.output_schema, r.structured);
        EXPECT_FALSE(problem.has_value()) << name << ": " << problem.value_or("");
      }
      return r;
    }
    ADD_FAILURE() << "no tool " << name;
    return mcp::ToolResult::error("no tool");
  }

  // Every request the tool sent since the `before`th is in its tools::tool_requests() entry:
  // the least-privilege role of `proxmox-mcp bootstrap` is computed from that table.
  void expect_in_request_table(const std::string& name, size_t before) const {
    if (name == "proxmox_api_call") return;  // sends what it is asked to
    const std::vector<pvesim::RecordedRequest> all = sim_->requests();
    const tools::ToolRequests* entry = tools::requests_of(name);
    for (size_t i = before; i < all.size(); ++i) {
      const auto resolved = apischema::Catalogue::embedded().resolve(all[i].method, all[i].path);
      ASSERT_TRUE(resolved.has_value()) << name << ": " << all[i].method << " " << all[i].path;
      const std::string sent = all[i].method + " " + resolved->endpoint->path;
      // Following its own task needs no privilege (the task's owner may read it); the scope
      // settings read the guests' node and tags from a list the token's ACL filters, and ask
      // nextid (open to every token) whether a guest missing from it exists.
      if (sent == "GET /nodes/{node}/tasks/{upid}/status" ||
          sent == "GET /nodes/{node}/tasks/{upid}/log" || sent == "GET /cluster/resources" ||
          sent == "GET /cluster/nextid") {
        continue;
      }
      const bool listed =
          entry != nullptr &&
          std::any_of(entry->requests.begin(), entry->requests.end(),
                      [&](const tools::ToolRequest& r) { return r.request == sent; });
      EXPECT_TRUE(listed) << name << " sent " << sent
                          << ", which its entry in src/tools/tool_requests*.cpp does not list";
    }
  }

  std::vector<Request> requests() const {
    std::vector<Request> out;
    for (const auto& r : sim_->requests()) out.emplace_back(r.method, r.path, r.params);
    return out;
  }
  std::vector<int> statuses() const {
    std::vector<int> out;
    for (const auto& r : sim_->requests()) out.push_back(r.status);
    return out;
  }
  void clear() { sim_->clear_requests(); }

  std::string seed_;
  int task_ms_ = 0;  // how long a simulated task runs: long enough to catch one running
  std::unique_ptr<pvesim::Simulator> sim_;
  std::unique_ptr<pve::Client> client_;
  policy::Policy policy_;
  std::vector<mcp::Tool> tools_;
  NullContext ctx_;
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace integration
