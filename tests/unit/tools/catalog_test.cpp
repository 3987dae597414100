#include <set>

#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

TEST(Catalog, TheReadToolsWithReferenceNames) {
  Harness h;
  std::vector<std::string> names;
  for (const auto& t : h.tools()) {
    if (t.annotations.read_only) names.push_back(t.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "proxmox_get_nodes", "proxmox_get_node_status", "proxmox_get_vms",
                       "proxmox_get_storage", "proxmox_get_cluster_status", "proxmox_get_next_vmid",
                       "proxmox_list_templates", "proxmox_get_vm_status",
                       "proxmox_list_snapshots_vm", "proxmox_list_snapshots_lxc",
                       "proxmox_list_backups", "proxmox_get_task_status", "proxmox_list_tasks"}));
}

TEST(Catalog, BasicModeListsOnlyTheReadTools) {
  Harness h;
  std::vector<std::string> read;
  for (const auto& t : h.tools()) {
    if (t.annotations.read_only) read.push_back(t.name);
  }
  EXPECT_EQ(h.listed_names(), read);
  EXPECT_GT(h.tools().size(), read.size()) << "write tools exist, unlisted, in basic mode";
}

TEST(Catalog, EveryToolIsComplete) {
  Harness h;
  for (const auto& t : h.tools()) {
    SCOPED_TRACE(t.name);
    EXPECT_FALSE(t.title.empty());
    EXPECT_GT(t.description.size(), 40u);
    EXPECT_EQ(t.input_schema["type"], "object");
    EXPECT_TRUE(t.input_schema["properties"].is_object());
    EXPECT_EQ(t.output_schema["type"], "object");
    EXPECT_TRUE(t.output_schema["required"].is_array());
    if (t.annotations.read_only) {
      EXPECT_FALSE(t.annotations.destructive);
      EXPECT_TRUE(t.annotations.idempotent);
    }
    EXPECT_FALSE(t.annotations.open_world);
    EXPECT_TRUE(static_cast<bool>(t.handler));
    // Every required input is a declared property.
    for (const auto& r : t.input_schema.value("required", nlohmann::json::array())) {
      EXPECT_TRUE(t.input_schema["properties"].contains(r.get<std::string>())) << r;
    }
  }
  EXPECT_TRUE(h.api.calls().empty()) << "building the catalogue must not contact Proxmox";
}

TEST(Catalog, ReferenceArgumentNames) {
  Harness h;
  auto props = [&](const std::string& name) {
    std::set<std::string> keys;
    for (const auto& [k, v] : h.tool(name).input_schema["properties"].items()) keys.insert(k);
    return keys;
  };
  auto required = [&](const std::string& name) {
    return h.tool(name).input_schema.value("required", nlohmann::json::array());
  };
  EXPECT_EQ(props("proxmox_get_vms"), (std::set<std::string>{"node", "type", "limit", "cursor"}));
  EXPECT_EQ(required("proxmox_get_vms"), nlohmann::json::array());
  EXPECT_EQ(required("proxmox_get_vm_status"), (nlohmann::json{"node", "vmid"}));
  EXPECT_EQ(h.tool("proxmox_get_vm_status").input_schema["properties"]["type"]["enum"],
            (nlohmann::json{"qemu", "lxc"}));
  EXPECT_EQ(h.tool("proxmox_get_vm_status").input_schema["properties"]["vmid"]["type"],
            (nlohmann::json{"integer", "string"}));
  EXPECT_EQ(required("proxmox_list_templates"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_list_backups"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_list_snapshots_lxc"), (nlohmann::json{"node", "vmid"}));
  EXPECT_EQ(required("proxmox_get_node_status"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_get_task_status"), (nlohmann::json{"upid"}));
}

}  // namespace
}  // namespace tools::testing

namespace tools::testing {
namespace {

// The harness checks every result against its outputSchema; make sure that check has teeth.
TEST(Catalog, OutputSchemasRejectMismatchedContent) {
  Harness h;
  const auto& vms = h.tool("proxmox_get_vms").output_schema;
  EXPECT_TRUE(
      mcp::check_arguments(
          vms, {{"vms", "x"}, {"count", 0}, {"total", 0}, {"warnings", nlohmann::json::array()}})
          .has_value());
  EXPECT_TRUE(mcp::check_arguments(vms, nlohmann::json::object()).has_value());
  EXPECT_TRUE(mcp::check_arguments(vms, {{"vms", {{{"vmid", "100"}}}},
                                         {"count", 1},
                                         {"total", 1},
                                         {"warnings", nlohmann::json::array()}})
                  .has_value());
}

}  // namespace
}  // namespace tools::testing

namespace tools::testing {
namespace {

// The MCP layer enforces inputSchema before a handler runs: the schemas must accept what the
// reference accepted (vmid as a string) and refuse what would reach a URL wrongly.
TEST(Catalog, InputSchemasAsTheMcpLayerEnforcesThem) {
  Harness h;
  const auto& status = h.tool("proxmox_get_vm_status").input_schema;
  EXPECT_FALSE(mcp::check_arguments(status, {{"node", "pve1"}, {"vmid", "100"}}).has_value());
  EXPECT_FALSE(
      mcp::check_arguments(status, {{"node", "pve1"}, {"vmid", 100}, {"type", "lxc"}}).has_value());
  EXPECT_TRUE(mcp::check_arguments(status, {{"node", "pve1"}, {"vmid", "10a"}}).has_value());
  EXPECT_TRUE(mcp::check_arguments(status, {{"node", "pve1"}, {"vmid", 99}}).has_value());
  EXPECT_TRUE(mcp::check_arguments(status, {{"node", "pve1"}, {"vmid", 100}, {"type", "qemu/x"}})
                  .has_value());
  EXPECT_TRUE(mcp::check_arguments(status, {{"node", "pve/1"}, {"vmid", 100}}).has_value());
  EXPECT_TRUE(mcp::check_arguments(status, {{"vmid", 100}}).has_value());
  EXPECT_FALSE(
      mcp::check_arguments(h.tool("proxmox_get_vms").input_schema, nlohmann::json::object())
          .has_value());
  EXPECT_TRUE(mcp::check_arguments(h.tool("proxmox_list_templates").input_schema,
                                   {{"node", "pve1"}, {"storage", "../x"}})
                  .has_value());
  EXPECT_TRUE(
      mcp::check_arguments(h.tool("proxmox_get_task_status").input_schema, {{"upid", "nope"}})
          .has_value());
}

}  // namespace
}  // namespace tools::testing
