// The catalogue over a FakeApi, with a call helper: what every tool test starts from.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_api.h"
#include "mcp/argument_validator.h"
#include "policy/policy.h"
#include "tools/catalog.h"
#include "tools/container_exec.h"

namespace tools::testing {

class Harness {
 public:
  // Every tool is the server's: container commands are set up (to reach no node).
  Harness() : tools_(make_tools(api, policy_, nullptr, &containers_)) {}
  // A catalogue under another policy: elevated mode, or basic mode listing every tool.
  explicit Harness(policy::Settings settings)
      : policy_(settings), tools_(make_tools(api, policy_, nullptr, &containers_)) {}
  // The same, its calls that change things recorded in `audit` (which must outlive it).
  Harness(policy::Settings settings, const audit::Log& audit)
      : policy_(settings), tools_(make_tools(api, policy_, &audit, &containers_)) {}
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  const mcp::Tool& tool(const std::string& name) const {
    for (const auto& t : tools_) {
      if (t.name == name) return t;
    }
    throw std::out_of_range("no tool " + name);
  }
  // Calls the tool; a successful result's structuredContent must satisfy its outputSchema.
  mcp::ToolResult call(const std::string& name, const nlohmann::json& args = nlohmann::json()) {
    const mcp::Tool& t = tool(name);
    mcp::ToolResult r = t.handler(args, ctx);
    if (!r.is_error) {
      auto problem = mcp::check_arguments(t.output_schema, r.structured);
      EXPECT_FALSE(problem.has_value()) << name << ": " << problem.value_or("");
    }
    return r;
  }
  const std::vector<mcp::Tool>& tools() const { return tools_; }
  // The names tools/list would show, in catalogue order.
  std::vector<std::string> listed_names() const {
    std::vector<std::string> names;
    for (const auto& t : tools_) {
      if (t.listed) names.push_back(t.name);
    }
    return names;
  }

  FakeApi api;
  FakeContext ctx;

 private:
  policy::Policy policy_;
  ContainerShell containers_{.credentials = {"/nonexistent/key", "/nonexistent/known_hosts"}};
  std::vector<mcp::Tool> tools_;
};

}  // namespace tools::testing
