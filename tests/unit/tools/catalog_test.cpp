#include <algorithm>
#include <optional>
#include <set>

#include <gtest/gtest.h>

#include "harness.h"
#include "tools/tool_requests.h"

namespace tools::testing {
namespace {

TEST(Catalog, TheReadToolsWithReferenceNames) {
  Harness h;
  std::vector<std::string> names;
  for (const auto& t : h.tools()) {
    if (t.annotations.read_only) names.push_back(t.name);
  }
  EXPECT_EQ(
      names,
      (std::vector<std::string>{
          "proxmox_get_nodes",          "proxmox_get_node_status",    "proxmox_get_vms",
          "proxmox_get_storage",        "proxmox_get_cluster_status", "proxmox_get_next_vmid",
          "proxmox_list_templates",     "proxmox_get_vm_status",      "proxmox_list_snapshots_vm",
          "proxmox_list_snapshots_lxc", "proxmox_list_backups",       "proxmox_get_task_status",
          "proxmox_list_tasks",         "proxmox_get_vm_config",      "proxmox_whoami",
          "proxmox_get_pools",          "proxmox_get_task_log",       "proxmox_get_guest_ips",
          "proxmox_get_ha_resources",   "proxmox_get_firewall_rules", "proxmox_get_rrd_data",
          "proxmox_api_search",         "proxmox_api_describe"}));
}

TEST(Catalog, BasicModeListsOnlyTheReadToolsAndTheApiCall) {
  Harness h;
  std::vector<std::string> read;
  for (const auto& t : h.tools()) {
    if (t.annotations.read_only) read.push_back(t.name);
  }
  // proxmox_api_call may write, so it is not read-only; it sends only GET in basic mode.
  read.push_back("proxmox_api_call");
  EXPECT_EQ(h.listed_names(), read);
  EXPECT_GT(h.tools().size(), read.size()) << "write tools exist, unlisted, in basic mode";
}

// The default API writes name the write tools that send them: each a write tool of ours, and
// every write tool's requests covered, so that turning a tool off turns off the same request
// through proxmox_api_call.
TEST(Catalog, TheDefaultApiWritesNameOurWriteTools) {
  // Every write tool that changes things through the API (a container command runs over SSH).
  std::set<std::string> writes;
  for (const policy::ToolMeta& meta : tool_metas()) {
    const ToolRequests* sent = requests_of(meta.name);
    if (meta.access == policy::Access::write &&
        (sent == nullptr ||
         std::any_of(sent->requests.begin(), sent->requests.end(),
                     [](const ToolRequest& r) { return !r.request.starts_with("GET "); }))) {
      writes.insert(meta.name);
    }
  }
  std::set<std::string> named;
  for (const policy::DefaultApiWrite& write : policy::default_api_writes()) {
    for (std::string_view tool : write.tools) {
      EXPECT_TRUE(writes.contains(std::string(tool))) << tool << " in " << write.pattern;
      named.insert(std::string(tool));
    }
  }
  EXPECT_EQ(named, writes);
}

// PROXMOX_TOOLSETS hides and refuses the tools of other toolsets, reads included.
TEST(Catalog, ToolsetsDecideWhatIsListedAndCallable) {
  Harness h(policy::Settings{.mode = policy::Mode::elevated,
                             .tools = {.toolsets = {"snapshots"}, .tools = {"proxmox_get_vms"}}});
  std::vector<std::string> listed;
  for (const auto& t : h.tools()) {
    if (t.listed) listed.push_back(t.name);
  }
  EXPECT_EQ(listed,
            (std::vector<std::string>{"proxmox_get_vms", "proxmox_list_snapshots_vm",
                                      "proxmox_list_snapshots_lxc", "proxmox_create_snapshot_vm",
                                      "proxmox_create_snapshot_lxc", "proxmox_rollback_snapshot_vm",
                                      "proxmox_rollback_snapshot_lxc", "proxmox_delete_snapshot_vm",
                                      "proxmox_delete_snapshot_lxc"}));
  auto r = h.call("proxmox_get_nodes", nlohmann::json::object());
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "proxmox_get_nodes is not enabled on this server: it is in the inventory toolset. Add "
            "inventory to PROXMOX_TOOLSETS (or proxmox_get_nodes to PROXMOX_TOOLS) and restart "
            "the server.");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST(Catalog, EveryToolIsComplete) {
  Harness h;
  for (const auto& t : h.tools()) {
    SCOPED_TRACE(t.name);
    EXPECT_FALSE(t.title.empty());
    EXPECT_GE(t.description.size(), 10u);
    EXPECT_EQ(t.input_schema["type"], "object");
    EXPECT_TRUE(t.input_schema["properties"].is_object());
    EXPECT_EQ(t.output_schema["type"], "object");
    // A write tool may answer a dry run instead: its fields are described, none required.
    EXPECT_EQ(t.output_schema.get().contains("required"), t.annotations.read_only);
    if (!t.annotations.read_only) {
      EXPECT_EQ(t.output_schema["properties"]["dry_run"], nlohmann::json({{"type", "boolean"}}));
    }
    if (t.annotations.read_only) {
      EXPECT_FALSE(t.annotations.destructive);
      EXPECT_TRUE(t.annotations.idempotent);
    }
    EXPECT_FALSE(t.annotations.open_world);
    EXPECT_TRUE(static_cast<bool>(t.handler));
    // Every required input is a declared property.
    for (const auto& r : t.input_schema.get().value("required", nlohmann::json::array())) {
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
    return h.tool(name).input_schema.get().value("required", nlohmann::json::array());
  };
  EXPECT_EQ(props("proxmox_get_vms"),
            (std::set<std::string>{"node", "type", "tag", "limit", "cursor"}));
  EXPECT_EQ(required("proxmox_get_vms"), nlohmann::json::array());
  // A guest tool finds the node itself, and its vmid may be the guest's name.
  EXPECT_EQ(required("proxmox_get_vm_status"), nlohmann::json::array());
  EXPECT_EQ(h.tool("proxmox_get_vm_status").input_schema["properties"]["type"]["enum"],
            (nlohmann::json{"qemu", "lxc"}));
  EXPECT_EQ(h.tool("proxmox_get_vm_status").input_schema["properties"]["vmid"]["type"], "integer");
  // Strict clients check a model's arguments against the advertised schema, so a vmid stays an
  // integer there; the server also takes a name in it.
  EXPECT_FALSE(
      h.tool("proxmox_get_vm_status").accepted_schema["properties"]["vmid"].contains("type"));
  EXPECT_TRUE(h.tool("proxmox_create_vm").accepted_schema.is_null());
  EXPECT_EQ(required("proxmox_create_vm"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_list_templates"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_list_backups"), (nlohmann::json{"node"}));
  EXPECT_EQ(required("proxmox_list_snapshots_lxc"), nlohmann::json::array());
  EXPECT_EQ(required("proxmox_restore_backup_lxc"), (nlohmann::json{"archive"}));
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

// What the MCP layer runs before a handler (mcp::accept_arguments, on a copy here).
std::optional<std::string> accept(const nlohmann::json& schema, nlohmann::json args) {
  return mcp::accept_arguments(schema, args);
}

// What a call through the MCP layer answers when it is refused: the layer's check of the
// advertised schema (types, required), then the server's own rules in the handler.
std::optional<std::string> refusal(Harness& h, const std::string& name, nlohmann::json args) {
  if (auto problem = mcp::accept_arguments(mcp::accepted_input(h.tool(name)), args)) return problem;
  mcp::ToolResult r = h.call(name, args);
  if (r.is_error) return r.text;
  return std::nullopt;
}

// The advertised schema accepts what the reference accepted (vmid as a string); what would reach
// a URL wrongly is refused by the server before anything is sent, with the rule it broke.
TEST(Catalog, ArgumentsAreCheckedByTheLayerThenByTheServersOwnRules) {
  Harness h;
  const auto& status = h.tool("proxmox_get_vm_status").input_schema;
  EXPECT_FALSE(accept(status, {{"node", "pve1"}, {"vmid", "100"}}).has_value());
  EXPECT_FALSE(accept(status, {{"node", "pve1"}, {"vmid", 100}, {"type", "lxc"}}).has_value());
  // A guest's vmid may be its name, and its node is found when left out.
  const auto& accepted = h.tool("proxmox_get_vm_status").accepted_schema;
  EXPECT_EQ(accept(status, {{"node", "pve1"}, {"vmid", "10a"}}),
            "Invalid arguments: 'vmid' must be an integer");
  EXPECT_FALSE(accept(accepted, {{"node", "pve1"}, {"vmid", "10a"}}).has_value());
  EXPECT_FALSE(accept(status, {{"vmid", 100}}).has_value());
  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"node", "pve1"}}),
            "Invalid argument 'vmid': is required (a VMID, or the guest's name)");
  EXPECT_TRUE(accept(status, {{"node", "pve1"}, {"vmid", 100}, {"type", "qemu/x"}}).has_value());
  EXPECT_FALSE(accept(h.tool("proxmox_get_vms").input_schema, nlohmann::json::object()));

  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", "99"}}),
            "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
            "numeric string)");
  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"vmid", "99"}}),
            "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
            "numeric string)");
  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"vmid", "web\n01"}}),
            "Invalid argument 'vmid': must be a VMID or a guest's name (at most 255 characters, "
            "none of them control characters)");
  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"vmid", true}}),
            "Invalid argument 'vmid': must be a VMID or a guest's name (at most 255 characters, "
            "none of them control characters)");
  EXPECT_EQ(refusal(h, "proxmox_list_snapshots_vm", {{"name", std::string(256, 'a')}}),
            "Invalid argument 'name': must be a VMID or a guest's name (at most 255 characters, "
            "none of them control characters)");
  EXPECT_EQ(refusal(h, "proxmox_get_vm_status", {{"node", "pve/1"}, {"vmid", 100}}),
            "Invalid argument 'node': must be a node name (letters, digits and inner hyphens, at "
            "most 63 characters)");
  EXPECT_EQ(refusal(h, "proxmox_list_templates", {{"node", "pve1"}, {"storage", "../x"}}),
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')");
  EXPECT_EQ(refusal(h, "proxmox_get_task_status", {{"upid", "nope"}}),
            "Invalid argument 'upid': not a Proxmox task id "
            "(UPID:node:pid:pstart:starttime:type:id:user:)");
  EXPECT_TRUE(h.api.calls().empty());
}

// The write tools advertise no patterns, ranges, lengths or long lists: what the layer lets
// through, the server refuses with the rule it broke, before anything reaches Proxmox.
TEST(Catalog, GuestWriteRulesAreTheServersOwn) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  const nlohmann::json lxc = {
      {"node", "pve1"},
      {"vmid", 115},
      {"ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"}};
  nlohmann::json short_password = lxc;
  short_password["password"] = "éééé";  // 8 bytes, 4 characters
  EXPECT_EQ(refusal(h, "proxmox_create_lxc", short_password),
            "Invalid argument 'password': must be 5 to 256 characters without control characters");
  EXPECT_EQ(refusal(h, "proxmox_create_vm", {{"node", "pve1"}, {"ostype", "linux"}}),
            "Invalid argument 'ostype': must be one of: other, wxp, w2k, w2k3, w2k8, wvista, "
            "win7, win8, win10, win11, l24, l26, solaris");
  EXPECT_EQ(refusal(h, "proxmox_create_vm", {{"node", "pve1"}, {"sockets", 0}}),
            "Invalid argument 'sockets': must be an integer between 1 and 64");
  EXPECT_EQ(refusal(h, "proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 100}, {"snapname", "1st"}}),
            "Invalid argument 'snapname': must start with a letter and continue with letters, "
            "digits, '_' or '-' (2 to 40 characters, Proxmox's configuration ID format)");
  EXPECT_EQ(refusal(h, "proxmox_clone_vm",
                    {{"node", "pve1"}, {"vmid", 100}, {"snapname", std::string(41, 'a')}}),
            "Invalid argument 'snapname': must start with a letter and continue with letters, "
            "digits, '_' or '-' (2 to 40 characters, Proxmox's configuration ID format)");
  EXPECT_EQ(refusal(h, "proxmox_resize_lxc", {{"node", "pve1"}, {"vmid", 101}, {"memory", 8}}),
            "Invalid argument 'memory': must be an integer between 16 and 4194304");
  EXPECT_EQ(refusal(h, "proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}, {"timeout", 3601}}),
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  EXPECT_TRUE(h.api.calls().empty());
}

// Every tool advertises one type, a short description, a default and short choices per
// argument; patterns, ranges and long lists are the server's own rules.
TEST(Catalog, ToolsAdvertiseNoServerRules) {
  Harness h;
  for (const auto& tool : h.tools()) {
    for (const auto& [key, property] : tool.input_schema["properties"].items()) {
      SCOPED_TRACE(tool.name + "." + key);
      EXPECT_TRUE(property["type"].is_string());
      for (const char* rule : {"pattern", "minimum", "maximum", "minLength", "maxLength"}) {
        EXPECT_FALSE(property.contains(rule)) << rule;
      }
      EXPECT_LE(property.value("enum", nlohmann::json::array()).size(), 4u);
    }
  }
}

// Models send integers and booleans as text ("memory": "2048", "vlan": "30"); the Node.js
// server took them, so every integer and boolean argument of every tool must too.
TEST(Catalog, NumericAndBooleanStringsAreAcceptedWhereverTheSchemaWantsThem) {
  Harness h(policy::Settings{policy::Mode::elevated, true});
  auto create = h.tool("proxmox_create_vm").input_schema;
  nlohmann::json args = {{"node", "pve1"}, {"vmid", "200"},   {"memory", "2048"},
                         {"cores", "2"},   {"start", "true"}, {"disk_size", 16}};
  EXPECT_EQ(mcp::accept_arguments(create, args), std::nullopt);
  EXPECT_EQ(args, (nlohmann::json{{"node", "pve1"},
                                  {"vmid", 200},
                                  {"memory", 2048},
                                  {"cores", 2},
                                  {"start", true},
                                  {"disk_size", "16"}}));
  nlohmann::json nic = {{"node", "pve1"},    {"vmid", "100"}, {"net", "net1"},
                        {"bridge", "vmbr0"}, {"vlan", "30"},  {"firewall", "false"}};
  EXPECT_EQ(mcp::accept_arguments(h.tool("proxmox_add_network_vm").input_schema, nic),
            std::nullopt);
  EXPECT_EQ(nic["vlan"], 30);
  EXPECT_EQ(nic["firewall"], false);
  nlohmann::json bad = {{"node", "pve1"}, {"memory", "2 GB"}};
  EXPECT_EQ(mcp::accept_arguments(create, bad), "Invalid arguments: 'memory' must be an integer");
}

// Each schema keyword "type" names one type: the MCP Inspector warns about unions, and some
// clients reject them. Walks every tool (elevated mode, all listed), input and output.
void expect_single_types(const nlohmann::json& schema, const std::string& where) {
  if (!schema.is_object()) return;
  if (const auto t = schema.find("type"); t != schema.end()) {
    EXPECT_TRUE(t->is_string()) << where << " has type " << t->dump();
  }
  if (const auto p = schema.find("properties"); p != schema.end() && p->is_object()) {
    for (const auto& [name, sub] : p->items()) expect_single_types(sub, where + "." + name);
  }
  for (const char* key : {"items", "additionalProperties"}) {
    if (const auto sub = schema.find(key); sub != schema.end()) {
      expect_single_types(*sub, where + "." + key);
    }
  }
  for (const char* key : {"anyOf", "oneOf", "allOf"}) {
    EXPECT_FALSE(schema.contains(key)) << where << " uses " << key;
  }
}

TEST(Catalog, EveryPropertyHasExactlyOneType) {
  Harness h(policy::Settings{policy::Mode::elevated, true});
  EXPECT_EQ(h.listed_names().size(), h.tools().size());
  for (const auto& t : h.tools()) {
    expect_single_types(t.input_schema, t.name + " input");
    expect_single_types(t.output_schema, t.name + " output");
  }
}

}  // namespace
}  // namespace tools::testing
