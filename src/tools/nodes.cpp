// Node tools: the node list, one node's status, cluster health, the next free VMID.
#include <algorithm>
#include <map>

#include "tools/inventory.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

// ---- proxmox_get_nodes ------------------------------------------------------------------------

mcp::ToolResult get_nodes(const Call& call, const NoArgs& /*unused*/) {
  pve::Api& api = call.api;
  json nodes = api.get("/nodes");
  std::vector<json> sorted(nodes.begin(), nodes.end());
  std::sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
    return text_field(a, "node") < text_field(b, "node");
  });
  std::string text = md::heading("🖥️", "Proxmox Cluster Nodes") + "\n";
  json rows = json::array();
  for (const auto& n : sorted) {
    std::string name = text_field(n, "node");
    std::string status = text_field(n, "status");
    if (status.empty()) status = "unknown";
    json row = {{"node", name}, {"status", status}};
    text += "\n" + md::status_dot(status) + " **" + md::one_line(name) + "**\n";
    text += md::field("Status", status) + "\n";
    if (status == "online") {
      auto uptime = integer_field(n, "uptime");
      auto cpu = number_field(n, "cpu");
      auto maxcpu = number_field(n, "maxcpu");
      auto mem = number_field(n, "mem");
      auto maxmem = number_field(n, "maxmem");
      if (uptime) text += md::field("Uptime", md::uptime(*uptime)) + "\n";
      if (cpu) {
        std::string cores = maxcpu ? " of " + std::to_string(std::llround(*maxcpu)) + " cores" : "";
        text += md::field("CPU", md::percent(*cpu) + cores) + "\n";
      }
      if (mem && maxmem) text += md::field("Memory", md::usage(*mem, *maxmem)) + "\n";
      put_integer(row, "uptime", uptime);
      put_number(row, "cpu", cpu);
      put_number(row, "maxcpu", maxcpu);
      put_number(row, "mem", mem);
      put_number(row, "maxmem", maxmem);
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) text += "\nNo nodes visible to this token.\n";
  mcp::ToolResult r;
  r.text = text;
  r.structured = {{"nodes", rows}, {"count", rows.size()}};
  return r;
}

// ---- proxmox_get_node_status ------------------------------------------------------------------

std::string loadavg_text(const json& loadavg, json& numbers) {
  std::string text;
  if (!loadavg.is_array()) return text;
  for (std::size_t i = 0; i < loadavg.size(); ++i) {
    json holder = {{"v", loadavg[i]}};
    auto v = number_field(holder, "v");
    if (!v) continue;
    numbers.push_back(*v);
    text += (text.empty() ? "" : ", ") + text_field(holder, "v");
  }
  return text;
}

mcp::ToolResult get_node_status(const Call& call, const NodeArgs& a) {
  pve::Api& api = call.api;
  const std::string& node = a.node;
  json s = api.get(pve::path({"nodes", node, "status"}));
  std::string text = md::heading("🖥️", "Node " + node) + "\n\n";
  json out = {{"node", node}};

  if (auto uptime = integer_field(s, "uptime")) {
    text += md::bullet("Uptime", md::uptime(*uptime)) + "\n";
    out["uptime"] = *uptime;
  }
  const json cpuinfo = s.value("cpuinfo", json::object());
  auto cpus = number_field(cpuinfo, "cpus");
  std::string model = md::one_line(text_field(cpuinfo, "model"));
  if (auto cpu = number_field(s, "cpu")) {
    std::string detail = cpus ? " of " + std::to_string(std::llround(*cpus)) + " cores" : "";
    if (!model.empty()) detail += " (" + model + ")";
    text += md::bullet("CPU", md::percent(*cpu) + detail) + "\n";
    out["cpu"] = *cpu;
  }
  put_number(out, "cpus", cpus);
  if (!model.empty()) out["cpu_model"] = model;

  json load = json::array();
  std::string load_text = loadavg_text(s.value("loadavg", json()), load);
  if (!load_text.empty()) text += md::bullet("Load Average", load_text) + "\n";
  out["loadavg"] = load;

  struct Area {
    const char* key;
    const char* label;
  };
  for (Area a : {Area{"memory", "Memory"}, Area{"swap", "Swap"}, Area{"rootfs", "Root Disk"}}) {
    const json part = s.value(a.key, json::object());
    auto used = number_field(part, "used");
    auto total = number_field(part, "total");
    if (!used || !total) continue;
    text += md::bullet(a.label, md::usage(*used, *total)) + "\n";
    out[a.key] = {{"used", *used}, {"total", *total}};
  }
  if (std::string v = text_field(s, "pveversion"); !v.empty()) {
    text += md::bullet("PVE Version", md::one_line(v)) + "\n";
    out["pveversion"] = v;
  }
  std::string kernel = text_field(s.value("current-kernel", json::object()), "release");
  if (kernel.empty()) kernel = text_field(s, "kversion");
  if (!kernel.empty()) {
    text += md::bullet("Kernel", md::one_line(kernel)) + "\n";
    out["kernel"] = kernel;
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

// ---- proxmox_get_cluster_status ---------------------------------------------------------------

namespace {

// What /cluster/status and /cluster/resources say about the cluster and its nodes.
struct ClusterView {
  json cluster;                         // the "cluster" entry; null on a standalone node
  std::map<std::string, bool> online;   // node name → online, sorted
  std::map<std::string, json> metrics;  // node name → its /cluster/resources entry
};

ClusterView read_cluster(pve::Api& api) {
  json status = api.get("/cluster/status");
  json resources = api.get("/cluster/resources", {{"type", "node"}});
  ClusterView view;
  if (resources.is_array()) {
    for (const auto& r : resources) {
      if (text_field(r, "type") == "node") view.metrics[text_field(r, "node")] = r;
    }
  }
  if (status.is_array()) {
    for (const auto& e : status) {
      std::string type = text_field(e, "type");
      if (type == "cluster") view.cluster = e;
      if (type == "node") view.online[text_field(e, "name")] = flag_field(e, "online");
    }
  }
  for (const auto& [name, m] : view.metrics) {
    if (!view.online.count(name)) view.online[name] = text_field(m, "status") == "online";
  }
  return view;
}

// The CPU and memory of the online nodes together: Markdown lines and the totals object.
std::string resources_section(const ClusterView& view, json& totals) {
  double cpu_used = 0, cpu_total = 0, mem_used = 0, mem_total = 0;
  for (const auto& [name, m] : view.metrics) {
    if (!view.online.at(name)) continue;
    double maxcpu = number_field(m, "maxcpu").value_or(0);
    cpu_used += number_field(m, "cpu").value_or(0) * maxcpu;
    cpu_total += maxcpu;
    mem_used += number_field(m, "mem").value_or(0);
    mem_total += number_field(m, "maxmem").value_or(0);
  }
  totals = json::object();
  if (cpu_total <= 0 && mem_total <= 0) return "";
  std::string text = "\n**Resources** (online nodes):\n";
  if (cpu_total > 0) {
    text += md::bullet("CPU", md::percent(cpu_used / cpu_total) + " of " +
                                  std::to_string(std::llround(cpu_total)) + " cores") +
            "\n";
  }
  if (mem_total > 0) text += md::bullet("Memory", md::usage(mem_used, mem_total)) + "\n";
  totals = {{"cpu", cpu_total > 0 ? cpu_used / cpu_total : 0.0},
            {"maxcpu", cpu_total},
            {"mem", mem_used},
            {"maxmem", mem_total}};
  return text;
}

// One line per node, and the nodes array.
std::string node_details(const ClusterView& view, json& nodes) {
  std::string text = "\n**Node Details**:\n";
  nodes = json::array();
  for (const auto& [name, is_online] : view.online) {
    std::string state = is_online ? "online" : "offline";
    text += md::status_dot(state) + " " + md::one_line(name) + " - " + state;
    json node = {{"name", name}, {"online", is_online}};
    auto m = view.metrics.find(name);
    if (is_online && m != view.metrics.end()) {
      if (auto uptime = integer_field(m->second, "uptime")) {
        text += " (up " + md::uptime(*uptime) + ")";
        node["uptime"] = *uptime;
      }
      put_number(node, "cpu", number_field(m->second, "cpu"));
      put_number(node, "maxcpu", number_field(m->second, "maxcpu"));
      put_number(node, "mem", number_field(m->second, "mem"));
      put_number(node, "maxmem", number_field(m->second, "maxmem"));
    }
    text += "\n";
    nodes.push_back(std::move(node));
  }
  return text;
}

std::string health_text(std::optional<bool> quorate, std::size_t down) {
  if (quorate && !*quorate) return "🔴 No quorum";
  if (down == 0) return "🟢 Healthy";
  return "🟡 Degraded (" + std::to_string(down) + " node" + (down == 1 ? "" : "s") + " offline)";
}

}  // namespace

mcp::ToolResult get_cluster_status(const Call& call, const NoArgs& /*unused*/) {
  const ClusterView view = read_cluster(call.api);
  const json& cluster = view.cluster;
  bool standalone = cluster.is_null();
  std::optional<bool> quorate;
  if (!standalone) quorate = flag_field(cluster, "quorate");
  std::size_t up = static_cast<std::size_t>(std::count_if(view.online.begin(), view.online.end(),
                                                          [](const auto& p) { return p.second; }));

  std::string text = md::heading("🏗️", "Proxmox Cluster Status") + "\n\n";
  if (standalone) {
    text += "**Cluster**: Standalone node (no cluster configured)\n";
  } else {
    text += "**Cluster**: " + md::one_line(text_field(cluster, "name")) + "\n";
    text += std::string("**Quorum**: ") + (*quorate ? "🟢 quorate" : "🔴 not quorate") + "\n";
  }
  text += "**Cluster Health**: " + health_text(quorate, view.online.size() - up) + "\n";
  text +=
      "**Nodes**: " + std::to_string(up) + "/" + std::to_string(view.online.size()) + " online\n";
  json totals;
  json nodes;
  text += resources_section(view, totals);
  text += node_details(view, nodes);

  json out = {{"standalone", standalone},
              {"nodes_online", up},
              {"nodes_total", view.online.size()},
              {"nodes", nodes},
              {"totals", totals}};
  if (quorate) out["quorate"] = *quorate;
  if (!standalone) {
    out["cluster"] = {{"name", text_field(cluster, "name")}};
    put_integer(out["cluster"], "version", integer_field(cluster, "version"));
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

// ---- proxmox_get_next_vmid --------------------------------------------------------------------

mcp::ToolResult get_next_vmid(const Call& call, const NoArgs& /*unused*/) {
  pve::Api& api = call.api;
  json holder = {{"id", api.get("/cluster/nextid")}};
  auto id = integer_field(holder, "id");
  if (!id) {
    return mcp::ToolResult::error("Unexpected response from Proxmox: /cluster/nextid returned " +
                                  holder["id"].dump());
  }
  mcp::ToolResult r;
  r.text = "**Next Available VM/Container ID**: " + std::to_string(*id) + "\n";
  r.structured = {{"vmid", *id}};
  return r;
}

// ---- output schemas ---------------------------------------------------------------------------

extern const std::string_view kNodesOutput = R"({
  "type": "object",
  "properties": {
    "nodes": {"type": "array", "items": {"type": "object", "properties": {
      "node": {"type": "string"}, "status": {"type": "string"},
      "uptime": {"type": "integer"}, "cpu": {"type": "number"}, "maxcpu": {"type": "number"},
      "mem": {"type": "number"}, "maxmem": {"type": "number"}},
      "required": ["node", "status"]}},
    "count": {"type": "integer"}
  },
  "required": ["nodes", "count"]
})";

extern const std::string_view kNodeStatusOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "uptime": {"type": "integer"}, "cpu": {"type": "number"},
    "cpus": {"type": "number"}, "cpu_model": {"type": "string"},
    "loadavg": {"type": "array", "items": {"type": "number"}},
    "memory": {"type": "object", "properties": {"used": {"type": "number"}, "total": {"type": "number"}}, "required": ["used", "total"]},
    "swap": {"type": "object", "properties": {"used": {"type": "number"}, "total": {"type": "number"}}, "required": ["used", "total"]},
    "rootfs": {"type": "object", "properties": {"used": {"type": "number"}, "total": {"type": "number"}}, "required": ["used", "total"]},
    "pveversion": {"type": "string"}, "kernel": {"type": "string"}
  },
  "required": ["node", "loadavg"]
})";

extern const std::string_view kClusterOutput = R"({
  "type": "object",
  "properties": {
    "standalone": {"type": "boolean", "description": "true when the node is not in a cluster"},
    "quorate": {"type": "boolean", "description": "absent for a standalone node"},
    "cluster": {"type": "object", "properties": {
      "name": {"type": "string"}, "version": {"type": "integer"}}, "required": ["name"]},
    "nodes_online": {"type": "integer"}, "nodes_total": {"type": "integer"},
    "nodes": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "online": {"type": "boolean"}, "uptime": {"type": "integer"},
      "cpu": {"type": "number"}, "maxcpu": {"type": "number"}, "mem": {"type": "number"},
      "maxmem": {"type": "number"}}, "required": ["name", "online"]}},
    "totals": {"type": "object", "properties": {
      "cpu": {"type": "number"}, "maxcpu": {"type": "number"}, "mem": {"type": "number"},
      "maxmem": {"type": "number"}}}
  },
  "required": ["standalone", "nodes_online", "nodes_total", "nodes", "totals"]
})";

extern const std::string_view kNextVmidOutput = R"({
  "type": "object",
  "properties": {"vmid": {"type": "integer"}},
  "required": ["vmid"]
})";

}  // namespace tools
