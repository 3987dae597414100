// Several clusters behind one catalogue: which cluster's tool a call reaches, with what, and how
// its answers and questions name the cluster.
#include "tools/cluster_routing.h"

#include <gtest/gtest.h>

#include "mcp/recording_call_context.h"

namespace tools {
namespace {

using nlohmann::json;

// What one cluster's tool saw: the arguments of each call.
struct Seen {
  std::vector<json> calls;
};

// Two tools per cluster: a read that answers the cluster's name, and a write that asks the
// person and then refuses in the policy's words.
ClusterTools cluster(const std::string& name, Seen& seen, bool lists_write) {
  mcp::Tool read;
  read.name = "proxmox_get_nodes";
  read.input_schema = json::parse(R"({"type":"object","properties":{}})");
  read.handler = [&seen, name](const json& args, mcp::CallContext&) {
    seen.calls.push_back(args);
    mcp::ToolResult result;
    result.text = "nodes of " + name;
    return result;
  };
  mcp::Tool write;
  write.name = "proxmox_start_vm";
  write.input_schema = json::parse(
      R"({"type":"object","properties":{"vmid":{"type":"integer"}},"additionalProperties":false})");
  write.accepted_schema = json::parse(R"({"type":"object","properties":{"vmid":{}}})");
  write.listed = lists_write;
  write.handler = [&seen](const json& args, mcp::CallContext& ctx) {
    seen.calls.push_back(args);
    (void)ctx.ask("Start VM 100?");
    return mcp::ToolResult::error(
        "proxmox_start_vm requires elevated mode: set PROXMOX_ALLOW_ELEVATED=true and restart "
        "it; guests outside PROXMOX_VMIDS are refused; PROXMOX_AUDIT_LOG is the server's.");
  };
  return ClusterTools{name, {read, write}};
}

const std::vector<std::string> kSettings = {"PROXMOX_ALLOW_ELEVATED", "PROXMOX_VMIDS"};

TEST(RouteByCluster, ACallRunsAsTheClusterItNames) {
  Seen home;
  Seen lab;
  std::vector<mcp::Tool> tools =
      route_by_cluster({cluster("home", home, true), cluster("lab", lab, false)}, "lab", kSettings);
  ASSERT_EQ(tools.size(), 2U);
  mcp::RecordingCallContext ctx;
  EXPECT_EQ(tools[0].handler(json::object(), ctx).text, "nodes of lab");  // the default
  EXPECT_EQ(tools[0].handler({{"cluster", "home"}}, ctx).text, "nodes of home");
  // The arguments reach the cluster's tool as given: the cluster is part of what a confirm
  // token binds and the audit log records.
  EXPECT_EQ(home.calls, std::vector<json>{json({{"cluster", "home"}})});
  EXPECT_EQ(lab.calls, std::vector<json>{json::object()});

  const mcp::ToolResult unknown = tools[0].handler({{"cluster", "prod"}}, ctx);
  EXPECT_TRUE(unknown.is_error);
  EXPECT_EQ(unknown.text, "Invalid argument 'cluster': must be one of home, lab.");
  EXPECT_EQ(home.calls.size() + lab.calls.size(), 2U);
}

TEST(RouteByCluster, AnswersAndQuestionsNameTheCluster) {
  Seen home;
  Seen lab;
  std::vector<mcp::Tool> tools = route_by_cluster(
      {cluster("home", home, true), cluster("lab", lab, false)}, "home", kSettings);
  mcp::RecordingCallContext ctx;
  const mcp::ToolResult refused = tools[1].handler({{"cluster", "lab"}, {"vmid", 100}}, ctx);
  EXPECT_TRUE(refused.is_error);
  EXPECT_EQ(refused.text,
            "Cluster lab: proxmox_start_vm requires elevated mode: set allow_elevated = true in "
            "[clusters.lab] and restart it; guests outside vmids in [clusters.lab] are refused; "
            "PROXMOX_AUDIT_LOG is the server's.");
  EXPECT_EQ(ctx.questions(), std::vector<std::string>{"Cluster lab: Start VM 100?"});
}

TEST(InClusterTerms, AValueGivenWithTheSettingStaysWhole) {
  EXPECT_EQ(
      in_cluster_terms("pin it: PROXMOX_FINGERPRINT=AB:CD:EF, or name its CA in "
                       "PROXMOX_CA_FILE. Set PROXMOX_ALLOW_ELEVATED=true.",
                       "lab", {"PROXMOX_FINGERPRINT", "PROXMOX_CA_FILE", "PROXMOX_ALLOW_ELEVATED"}),
      "pin it: fingerprint = AB:CD:EF in [clusters.lab], or name its CA in ca_file in "
      "[clusters.lab]. Set allow_elevated = true in [clusters.lab].");
  EXPECT_EQ(in_cluster_terms("PROXMOX_AUDIT_LOG", "lab", {"PROXMOX_VMIDS"}), "PROXMOX_AUDIT_LOG");
}

TEST(RouteByCluster, SchemasTakeTheClusterAndListingFollowsAnyCluster) {
  Seen home;
  Seen lab;
  std::vector<mcp::Tool> tools = route_by_cluster(
      {cluster("home", home, false), cluster("lab", lab, true)}, "home", kSettings);
  EXPECT_TRUE(tools[1].listed);  // lab lists it; home's policy refuses it there
  EXPECT_EQ(tools[1].listing, nullptr);
  EXPECT_FALSE(tools[1].input_schema.built());  // built when first read, as before
  EXPECT_EQ(tools[1].input_schema.get(), json::parse(R"({"type":"object","properties":{
      "vmid":{"type":"integer"},"cluster":{"enum":["home","lab"]}},
      "additionalProperties":false})"));
  EXPECT_EQ(tools[1].accepted_schema.get(), json::parse(R"({"type":"object","properties":{"vmid":{},
                "cluster":{"enum":["home","lab"]}}})"));
  // A tool with no accepted schema of its own accepts what it shows.
  EXPECT_EQ(tools[0].accepted_schema.get(), tools[0].input_schema.get());
  EXPECT_EQ(tools[0].input_schema.get()["properties"]["cluster"],
            json::parse(R"({"enum":["home","lab"]})"));
}

}  // namespace
}  // namespace tools
