#include "tools/offerings.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "mcp/argument_validator.h"
#include "mcp/jsonrpc.h"
#include "tools/inventory.h"

namespace tools {
namespace {

using nlohmann::json;
using Variables = std::map<std::string, std::string>;

// Runs a read tool of the client's for a resource (`uri`) or a completion (`uri` empty); its
// argument problems and Proxmox errors become the request's error.
mcp::ToolResult run_tool(const mcp::ToolRegistry& tools, const std::string& name, json args,
                         mcp::CallContext& ctx, const std::string& uri) {
  const json data = uri.empty() ? json() : json{{"uri", uri}};
  const mcp::Tool* tool = tools.find(name);
  if (tool == nullptr || !tool->listed) {
    throw mcp::RequestError(mcp::jsonrpc::kInvalidParams, "Resource not found: " + uri, data);
  }
  if (auto problem = mcp::accept_arguments(mcp::accepted_input(*tool), args)) {
    throw mcp::RequestError(mcp::jsonrpc::kInvalidParams, "Invalid params: " + *problem, data);
  }
  mcp::ToolResult result = tool->handler(args, ctx);
  if (result.is_error) throw mcp::RequestError(mcp::jsonrpc::kInternalError, result.text);
  return result;
}

// A resource whose text is what `tool` answers for the arguments `args` makes of the URI's
// variables: the same Markdown a tools/call shows.
mcp::Resource tool_resource(std::string uri, std::string name, std::string title,
                            std::string description, std::string tool,
                            std::function<json(const Variables&)> args) {
  mcp::Resource r;
  r.uri = std::move(uri);
  r.name = std::move(name);
  r.title = std::move(title);
  r.description = std::move(description);
  r.mime_type = "text/markdown";
  r.tools = {tool};
  if (r.uri.find("{node}") != std::string::npos) r.completions["node"] = "node";
  if (r.uri.find("/qemu/{vmid}") != std::string::npos) r.completions["vmid"] = "vmid-qemu";
  if (r.uri.find("/lxc/{vmid}") != std::string::npos) r.completions["vmid"] = "vmid-lxc";
  r.read = [tool = std::move(tool), args = std::move(args)](
               const std::string& uri, const Variables& variables, mcp::CallContext& ctx,
               const mcp::ToolRegistry& tools) {
    const mcp::ToolResult result = run_tool(tools, tool, args(variables), ctx, uri);
    return json::array({json{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", result.text}}});
  };
  return r;
}

json no_args(const Variables& /*variables*/) {
  return json::object();
}
json node_args(const Variables& v) {
  return json{{"node", v.at("node")}};
}
std::function<json(const Variables&)> guest_args(std::string type) {
  return [type = std::move(type)](const Variables& v) {
    return json{{"node", v.at("node")}, {"vmid", v.at("vmid")}, {"type", type}};
  };
}

std::vector<mcp::Resource> resources() {
  std::vector<mcp::Resource> out;
  out.push_back(tool_resource("proxmox://cluster", "cluster", "Cluster status",
                              "Quorum, nodes online, total CPU and memory.",
                              "proxmox_get_cluster_status", no_args));
  out.push_back(tool_resource("proxmox://nodes", "nodes", "Nodes",
                              "Every node with status, uptime, CPU and memory.",
                              "proxmox_get_nodes", no_args));
  out.push_back(tool_resource("proxmox://guests", "guests", "VMs and containers",
                              "The first 100 guests of the cluster with node, status, CPU and "
                              "memory.",
                              "proxmox_get_vms", no_args));
  out.push_back(tool_resource("proxmox://storage", "storage", "Storage",
                              "Storage pools with their nodes, type, content and usage.",
                              "proxmox_get_storage", no_args));
  out.push_back(tool_resource("proxmox://nodes/{node}", "node", "Node status",
                              "A node's uptime, CPU, load, memory, disk and versions.",
                              "proxmox_get_node_status", node_args));
  out.push_back(tool_resource("proxmox://nodes/{node}/guests", "node-guests",
                              "A node's VMs and containers", "The first 100 guests of a node.",
                              "proxmox_get_vms", node_args));
  out.push_back(tool_resource("proxmox://nodes/{node}/storage", "node-storage", "A node's storage",
                              "The storage pools a node can use.", "proxmox_get_storage",
                              node_args));
  out.push_back(tool_resource("proxmox://nodes/{node}/qemu/{vmid}", "vm", "VM status",
                              "A VM's live state, uptime, CPU, memory, disk and net I/O.",
                              "proxmox_get_vm_status", guest_args("qemu")));
  out.push_back(tool_resource("proxmox://nodes/{node}/lxc/{vmid}", "container", "Container status",
                              "A container's live state, uptime, CPU, memory, disk and net I/O.",
                              "proxmox_get_vm_status", guest_args("lxc")));
  return out;
}

// What the client's listed read tool `tool` answers for `args`: the values of `key` in the
// items of `list` of its structuredContent that start with `prefix`, sorted and without repeats;
// none when the client does not list the tool (a disabled one is registered only to refuse).
std::vector<std::string> listed_values(const mcp::ToolRegistry& tools, mcp::CallContext& ctx,
                                       const std::string& tool, json args, const std::string& list,
                                       const std::string& key, const std::string& prefix) {
  if (!mcp::offered_to({tool}, tools)) return {};
  const mcp::ToolResult result = run_tool(tools, tool, std::move(args), ctx, "");
  std::set<std::string> found;
  for (const json& item : result.structured.value(list, json::array())) {
    const json& value = item.contains(key) ? item.at(key) : json();
    const std::string text = value.is_string()           ? value.get<std::string>()
                             : value.is_number_integer() ? std::to_string(value.get<std::int64_t>())
                                                         : std::string();
    if (!text.empty() && text.starts_with(prefix)) found.insert(text);
  }
  return {found.begin(), found.end()};
}

// `args` with the node the context has chosen, if any.
json on_chosen_node(json args, const Variables& context) {
  if (const auto node = context.find("node"); node != context.end()) args["node"] = node->second;
  return args;
}

std::vector<std::string> complete_node(const std::string& prefix, const Variables& /*context*/,
                                       mcp::CallContext& ctx, const mcp::ToolRegistry& tools) {
  return listed_values(tools, ctx, "proxmox_get_nodes", json::object(), "nodes", "node", prefix);
}

// The VMIDs of one kind of guest (`type` qemu, lxc or all), on the chosen node if there is one:
// the first 1000 guests, which one request to Proxmox answers.
mcp::Completer vmid_completer(std::string type) {
  return [type = std::move(type)](const std::string& prefix, const Variables& context,
                                  mcp::CallContext& ctx, const mcp::ToolRegistry& tools) {
    return listed_values(tools, ctx, "proxmox_get_vms",
                         on_chosen_node({{"limit", kMaxGuestLimit}, {"type", type}}, context),
                         "vms", "vmid", prefix);
  };
}

std::vector<std::string> complete_storage(const std::string& prefix, const Variables& context,
                                          mcp::CallContext& ctx, const mcp::ToolRegistry& tools) {
  return listed_values(tools, ctx, "proxmox_get_storage", on_chosen_node(json::object(), context),
                       "storages", "storage", prefix);
}

json user_text(std::string text) {
  return json{{"messages", json::array({json{
                               {"role", "user"},
                               {"content", json{{"type", "text"}, {"text", std::move(text)}}}}})}};
}

std::string value_or(const Variables& arguments, const std::string& key, std::string fallback) {
  const auto it = arguments.find(key);
  return it == arguments.end() || it->second.empty() ? std::move(fallback) : it->second;
}

mcp::Prompt health_check() {
  return {
      .name = "cluster_health_check",
      .title = "Cluster health check",
      .description =
          "Check quorum, nodes, storage, guests and recent failed tasks, and report "
          "what needs attention.",
      .arguments = {{.name = "node",
                     .description = "Check only this node (default: the whole cluster)",
                     .required = false,
                     .completion = "node"}},
      .tools = {"proxmox_get_cluster_status", "proxmox_get_nodes", "proxmox_get_storage",
                "proxmox_get_vms", "proxmox_list_tasks"},
      .render =
          [](const Variables& a, mcp::CallContext& /*ctx*/) {
            const std::string where = a.count("node") != 0U && !a.at("node").empty()
                                          ? "node " + a.at("node")
                                          : "the Proxmox VE cluster";
            return user_text(
                "Run a health check of " + where +
                " and report what needs attention, most urgent first.\n\n"
                "1. proxmox_get_cluster_status: is the cluster quorate, are all nodes online?\n"
                "2. proxmox_get_nodes (and proxmox_get_node_status for each node in scope): CPU, "
                "memory and root disk use; flag anything above 85%.\n"
                "3. proxmox_get_storage: pools above 80% full, or not active.\n"
                "4. proxmox_get_vms: guests that are stopped but look like they should run "
                "(not templates), and guests with a lock.\n"
                "5. proxmox_list_tasks with errors=true on each node in scope: failed tasks of "
                "the last days (backups above all).\n\n"
                "Only read: change nothing. End with a short table: check, state (ok / warning / "
                "critical), detail.");
          },
  };
}

mcp::Prompt provisioning() {
  return {
      .name = "provision_guest",
      .title = "Provision a VM or container",
      .description =
          "Plan a new VM or container from a description of what it is for, check "
          "capacity, then create it after the plan is approved.",
      .arguments = {{.name = "purpose",
                     .description = "What the guest is for, e.g. 'a Debian web server, 2 cores, "
                                    "4 GiB'",
                     .required = true,
                     .completion = ""},
                    {.name = "node",
                     .description = "Node to create it on (default: the one with most free "
                                    "memory)",
                     .required = false,
                     .completion = "node"},
                    {.name = "storage",
                     .description = "Storage for its disks",
                     .required = false,
                     .completion = "storage"}},
      .tools = {"proxmox_get_nodes", "proxmox_get_storage", "proxmox_get_next_vmid",
                "proxmox_list_templates", "proxmox_create_vm", "proxmox_create_lxc"},
      .render =
          [](const Variables& a, mcp::CallContext& /*ctx*/) {
            return user_text(
                "Provision a new guest: " + a.at("purpose") +
                "\n\n"
                "1. Choose a container (proxmox_create_lxc) when a Linux service suffices, else a "
                "VM (proxmox_create_vm).\n"
                "2. Node: " +
                value_or(a, "node",
                         "pick the online node with the most free memory (proxmox_get_nodes)") +
                ".\n3. Storage: " +
                value_or(a, "storage",
                         "pick an active pool on that node with room for the disks and the "
                         "right content type (proxmox_get_storage)") +
                ".\n4. For a container, find its template with proxmox_list_templates; for a VM, "
                "an ISO image the same way.\n"
                "5. Take the VMID from proxmox_get_next_vmid.\n"
                "6. Show the plan (type, node, storage, VMID, cores, memory, disk, network) and "
                "wait for my approval before you create anything. Then create it, and report "
                "the task's result.");
          },
  };
}

mcp::Prompt permission_diagnosis() {
  return {
      .name = "diagnose_permissions",
      .title = "Diagnose a permission problem",
      .description =
          "Find out why an action was refused: the token's privileges on the path, "
          "what the action needs, and how to grant it.",
      .arguments = {{.name = "action",
                     .description = "What failed, e.g. 'start VM 101' or the error text",
                     .required = true,
                     .completion = ""},
                    {.name = "path",
                     .description = "ACL path involved, e.g. /vms/101 or /storage/local",
                     .required = false,
                     .completion = ""}},
      .tools = {"proxmox_whoami"},
      .render =
          [](const Variables& a, mcp::CallContext& /*ctx*/) {
            return user_text(
                "This failed with a permission problem: " + a.at("action") +
                "\n\n"
                "1. Call proxmox_whoami" +
                (a.count("path") != 0U && !a.at("path").empty()
                     ? " with path " + a.at("path")
                     : " with the ACL path the action touches (/vms/<vmid>, /nodes/<node>, "
                       "/storage/<storage>, /pool/<pool>)") +
                " to see the token and its privileges there.\n"
                "2. Name the privilege the action needs (for example VM.PowerMgmt to start or "
                "stop, VM.Allocate to create, Datastore.AllocateSpace for disks) and whether the "
                "token has it.\n"
                "3. If it lacks it, say exactly what to grant, as a pveum command (pveum acl "
                "modify PATH --tokens USER@REALM!TOKEN --roles ROLE), remembering that a "
                "privilege-separated token has at most its user's privileges. Change nothing "
                "yourself.");
          },
  };
}

}  // namespace

mcp::Offerings make_offerings() {
  mcp::Offerings o;
  o.prompts = {health_check(), provisioning(), permission_diagnosis()};
  o.resources = resources();
  o.completers["node"] = complete_node;
  o.completers["vmid-qemu"] = vmid_completer("qemu");
  o.completers["vmid-lxc"] = vmid_completer("lxc");
  o.completers["storage"] = complete_storage;
  return o;
}

}  // namespace tools
