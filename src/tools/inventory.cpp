// Inventory tools: nodes, the guest list, storages, cluster health, the next VMID, templates.
#include <algorithm>
#include <map>

#include "tools/areas.h"
#include "tools/args.h"
#include "tools/fanout.h"
#include "tools/guest_list.h"
#include "tools/handler.h"
#include "tools/markdown.h"
#include "tools/storage_list.h"
#include "tools/values.h"

namespace tools {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultGuestLimit = 100;
constexpr std::int64_t kMaxGuestLimit = 1000;

void put_number(json& obj, const char* key, const std::optional<double>& v) {
  if (v) obj[key] = *v;
}

void put_integer(json& obj, const char* key, const std::optional<std::int64_t>& v) {
  if (v) obj[key] = *v;
}

std::string warnings_block(const std::vector<std::string>& warnings) {
  std::string text;
  for (const auto& w : warnings) text += w + "\n";
  return text.empty() ? text : text + "\n";
}

// ---- proxmox_get_nodes ------------------------------------------------------------------------

mcp::ToolResult get_nodes(pve::Api& api) {
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

mcp::ToolResult get_node_status(pve::Api& api, const json& args) {
  std::string node = args::node(args);
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

// ---- proxmox_get_vms --------------------------------------------------------------------------

std::size_t parse_cursor(const json& args) {
  auto cursor = args::optional_string(args, "cursor");
  if (!cursor) return 0;
  bool digits =
      !cursor->empty() && cursor->size() <= 9 &&
      std::all_of(cursor->begin(), cursor->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    throw ArgError("Invalid argument 'cursor': use the next_cursor value of a previous call");
  }
  return std::stoul(*cursor);
}

json guest_json(const GuestRow& g) {
  json j = {{"vmid", g.vmid}, {"name", g.name},     {"node", g.node},
            {"type", g.type}, {"status", g.status}, {"template", g.is_template}};
  put_number(j, "cpu", g.cpu);
  put_number(j, "maxcpu", g.maxcpu);
  put_number(j, "mem", g.mem);
  put_number(j, "maxmem", g.maxmem);
  put_integer(j, "uptime", g.uptime);
  if (!g.lock.empty()) j["lock"] = g.lock;
  if (!g.tags.empty()) j["tags"] = g.tags;
  return j;
}

std::string guest_text(const GuestRow& g) {
  std::string name = g.name.empty() ? "(unnamed)" : md::one_line(g.name);
  std::string text = md::status_dot(g.status) + " " + md::guest_icon(g.type) + " **" + name +
                     "** (ID: " + std::to_string(g.vmid) + ")\n";
  text += md::field("Node", g.node) + "\n";
  text += md::field("Status", g.status) + "\n";
  text += md::field("Type", g.type == "lxc" ? "LXC" : "QEMU") + "\n";
  if (g.is_template) text += md::field("Template", "yes") + "\n";
  if (!g.lock.empty()) text += md::field("Lock", md::one_line(g.lock)) + "\n";
  if (g.status == "running") {
    if (g.uptime) text += md::field("Uptime", md::uptime(*g.uptime)) + "\n";
    if (g.cpu) text += md::field("CPU", md::percent(*g.cpu)) + "\n";
    if (g.mem && g.maxmem) text += md::field("Memory", md::usage(*g.mem, *g.maxmem)) + "\n";
  }
  return text;
}

mcp::ToolResult get_vms(pve::Api& api, const json& args) {
  GuestQuery query;
  query.node = args::optional_node(args);
  std::string type = args::choice(args, "type", {"qemu", "lxc", "all"}, "all");
  query.qemu = type != "lxc";
  query.lxc = type != "qemu";
  auto limit =
      static_cast<std::size_t>(args::integer(args, "limit", kDefaultGuestLimit, 1, kMaxGuestLimit));
  std::size_t offset = parse_cursor(args);

  GuestListing listing = list_guests(api, query);
  std::size_t total = listing.guests.size();
  std::size_t begin = std::min(offset, total);
  std::size_t end = std::min(total, begin + limit);

  std::string text =
      md::heading("💻", "Virtual Machines") + "\n\n" + warnings_block(listing.warnings);
  json vms = json::array();
  for (std::size_t i = begin; i < end; ++i) {
    text += guest_text(listing.guests[i]) + "\n";
    vms.push_back(guest_json(listing.guests[i]));
  }
  json out = {
      {"vms", vms}, {"count", vms.size()}, {"total", total}, {"warnings", listing.warnings}};
  if (total == 0) {
    text += "No guests found.\n";
  } else if (begin == 0 && end == total) {
    text += "**Total**: " + std::to_string(total) + " guest(s)\n";
  } else if (begin == end) {
    text += "**Showing**: none of " + std::to_string(total) +
            " guest(s); the cursor is past the end (the list may have shrunk)\n";
  } else {
    text += "**Showing**: " + std::to_string(begin + 1) + "–" + std::to_string(end) + " of " +
            std::to_string(total) + " guest(s)\n";
  }
  if (end < total) {
    out["next_cursor"] = std::to_string(end);
    text += "More: call again with cursor \"" + std::to_string(end) + "\"\n";
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

// ---- proxmox_get_storage ----------------------------------------------------------------------

mcp::ToolResult get_storage(pve::Api& api, const json& args) {
  StorageListing listing = list_storage(api, args::optional_node(args));
  std::string text = md::heading("💾", "Storage Pools") + "\n\n" + warnings_block(listing.warnings);
  json rows = json::array();
  for (const StorageRow& s : listing.storages) {
    std::string nodes;
    for (const auto& n : s.nodes) nodes += (nodes.empty() ? "" : ", ") + n;
    text += md::status_dot(s.status) + " **" + md::one_line(s.storage) + "**\n";
    text += (s.shared ? md::field("Nodes", nodes + " (shared)") : md::field("Node", nodes)) + "\n";
    text += md::field("Type", md::one_line(s.type)) + "\n";
    text += md::field("Content", md::one_line(s.content)) + "\n";
    if (s.used && s.total) text += md::field("Usage", md::usage(*s.used, *s.total)) + "\n";
    text += md::field("Status", s.status) + "\n\n";
    json row = {{"storage", s.storage}, {"type", s.type},   {"content", s.content},
                {"shared", s.shared},   {"nodes", s.nodes}, {"status", s.status}};
    put_number(row, "used", s.used);
    put_number(row, "total", s.total);
    rows.push_back(std::move(row));
  }
  text += rows.empty() ? "No storages found.\n"
                       : "**Total**: " + std::to_string(rows.size()) + " storage(s)\n";
  mcp::ToolResult r;
  r.text = text;
  r.structured = {{"storages", rows}, {"count", rows.size()}, {"warnings", listing.warnings}};
  return r;
}

// ---- proxmox_get_cluster_status ---------------------------------------------------------------

mcp::ToolResult get_cluster_status(pve::Api& api) {
  json status = api.get("/cluster/status");
  json resources = api.get("/cluster/resources", {{"type", "node"}});

  std::map<std::string, json> metrics;
  if (resources.is_array()) {
    for (const auto& r : resources) {
      if (text_field(r, "type") == "node") metrics[text_field(r, "node")] = r;
    }
  }
  json cluster;
  std::map<std::string, bool> online;  // node name → online, sorted
  if (status.is_array()) {
    for (const auto& e : status) {
      std::string type = text_field(e, "type");
      if (type == "cluster") cluster = e;
      if (type == "node") online[text_field(e, "name")] = flag_field(e, "online");
    }
  }
  for (const auto& [name, m] : metrics) {
    if (!online.count(name)) online[name] = text_field(m, "status") == "online";
  }

  bool standalone = cluster.is_null();
  std::optional<bool> quorate;
  if (!standalone) quorate = flag_field(cluster, "quorate");
  std::size_t up = static_cast<std::size_t>(
      std::count_if(online.begin(), online.end(), [](const auto& p) { return p.second; }));
  std::size_t down = online.size() - up;

  std::string health = "🟢 Healthy";
  if (quorate && !*quorate) {
    health = "🔴 No quorum";
  } else if (down > 0) {
    health =
        "🟡 Degraded (" + std::to_string(down) + " node" + (down == 1 ? "" : "s") + " offline)";
  }

  std::string text = md::heading("🏗️", "Proxmox Cluster Status") + "\n\n";
  if (standalone) {
    text += "**Cluster**: Standalone node (no cluster configured)\n";
  } else {
    std::string name = md::one_line(text_field(cluster, "name"));
    text += "**Cluster**: " + name + "\n";
    text += std::string("**Quorum**: ") + (*quorate ? "🟢 quorate" : "🔴 not quorate") + "\n";
  }
  text += "**Cluster Health**: " + health + "\n";
  text += "**Nodes**: " + std::to_string(up) + "/" + std::to_string(online.size()) + " online\n";

  double cpu_used = 0, cpu_total = 0, mem_used = 0, mem_total = 0;
  for (const auto& [name, m] : metrics) {
    if (!online[name]) continue;
    double maxcpu = number_field(m, "maxcpu").value_or(0);
    cpu_used += number_field(m, "cpu").value_or(0) * maxcpu;
    cpu_total += maxcpu;
    mem_used += number_field(m, "mem").value_or(0);
    mem_total += number_field(m, "maxmem").value_or(0);
  }
  json totals = json::object();
  if (cpu_total > 0 || mem_total > 0) {
    text += "\n**Resources** (online nodes):\n";
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
  }

  text += "\n**Node Details**:\n";
  json nodes = json::array();
  for (const auto& [name, is_online] : online) {
    std::string state = is_online ? "online" : "offline";
    text += md::status_dot(state) + " " + md::one_line(name) + " - " + state;
    json node = {{"name", name}, {"online", is_online}};
    auto m = metrics.find(name);
    if (is_online && m != metrics.end()) {
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

  json out = {{"standalone", standalone},
              {"nodes_online", up},
              {"nodes_total", online.size()},
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

mcp::ToolResult get_next_vmid(pve::Api& api) {
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

// ---- proxmox_list_templates -------------------------------------------------------------------

mcp::ToolResult list_templates(pve::Api& api, const json& args) {
  std::string node = args::node(args);
  std::string storage = args::storage(args, "storage", "local");
  std::string content = args::choice(args, "content", {"vztmpl", "iso"}, "vztmpl");
  bool iso = content == "iso";

  json items =
      api.get(pve::path({"nodes", node, "storage", storage, "content"}), {{"content", content}});
  std::vector<json> sorted;
  if (items.is_array()) {
    for (const auto& i : items) {
      // Older PVE ignores the filter on some storage types; keep only what was asked for.
      std::string kind = text_field(i, "content");
      if (kind.empty() || kind == content) sorted.push_back(i);
    }
  }
  std::sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
    return text_field(a, "volid") < text_field(b, "volid");
  });

  std::string text =
      iso ? md::heading("💿", "Available ISO Images") : md::heading("📦", "Available LXC Templates");
  text += "\n\n";
  json rows = json::array();
  for (const auto& i : sorted) {
    std::string volid = text_field(i, "volid");
    auto size = number_field(i, "size");
    text += "• **" + md::one_line(volid) + "**\n";
    if (size) text += "  Size: " + md::bytes(*size) + "\n";
    text += "\n";
    json row = {{"volid", volid}};
    put_number(row, "size", size);
    if (std::string f = text_field(i, "format"); !f.empty()) row["format"] = f;
    put_integer(row, "ctime", integer_field(i, "ctime"));
    rows.push_back(std::move(row));
  }
  std::string what = iso ? "ISO image(s)" : "template(s)";
  if (rows.empty()) {
    text += std::string("No ") + (iso ? "ISO images" : "LXC templates") + " on storage " + storage +
            " (node " + node + ").\n";
  } else {
    text += "**Total**: " + std::to_string(rows.size()) + " " + what + " on " + storage + " (" +
            node + ")\n";
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = {{"node", node},
                  {"storage", storage},
                  {"content", content},
                  {"items", rows},
                  {"count", rows.size()}};
  return r;
}

// ---- schemas ----------------------------------------------------------------------------------

constexpr std::string_view kNodesOutput = R"({
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

constexpr std::string_view kNodeStatusOutput = R"({
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

constexpr std::string_view kVmsOutput = R"({
  "type": "object",
  "properties": {
    "vms": {"type": "array", "items": {"type": "object", "properties": {
      "vmid": {"type": "integer"}, "name": {"type": "string"}, "node": {"type": "string"},
      "type": {"type": "string", "enum": ["qemu", "lxc"]}, "status": {"type": "string"},
      "template": {"type": "boolean"}, "cpu": {"type": "number"}, "maxcpu": {"type": "number"},
      "mem": {"type": "number"}, "maxmem": {"type": "number"}, "uptime": {"type": "integer"},
      "lock": {"type": "string"}, "tags": {"type": "string"}},
      "required": ["vmid", "name", "node", "type", "status", "template"]}},
    "count": {"type": "integer", "description": "guests in this page"},
    "total": {"type": "integer", "description": "guests matching the filters"},
    "next_cursor": {"type": "string", "description": "pass as cursor to get the next page"},
    "warnings": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["vms", "count", "total", "warnings"]
})";

constexpr std::string_view kStorageOutput = R"({
  "type": "object",
  "properties": {
    "storages": {"type": "array", "items": {"type": "object", "properties": {
      "storage": {"type": "string"}, "type": {"type": "string"}, "content": {"type": "string"},
      "shared": {"type": "boolean"}, "nodes": {"type": "array", "items": {"type": "string"}},
      "status": {"type": "string"}, "used": {"type": "number"}, "total": {"type": "number"}},
      "required": ["storage", "type", "content", "shared", "nodes", "status"]}},
    "count": {"type": "integer"},
    "warnings": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["storages", "count", "warnings"]
})";

constexpr std::string_view kClusterOutput = R"({
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

constexpr std::string_view kNextVmidOutput = R"({
  "type": "object",
  "properties": {"vmid": {"type": "integer"}},
  "required": ["vmid"]
})";

constexpr std::string_view kTemplatesOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "storage": {"type": "string"},
    "content": {"type": "string", "enum": ["vztmpl", "iso"]},
    "items": {"type": "array", "items": {"type": "object", "properties": {
      "volid": {"type": "string"}, "size": {"type": "number"}, "format": {"type": "string"},
      "ctime": {"type": "integer"}}, "required": ["volid"]}},
    "count": {"type": "integer"}
  },
  "required": ["node", "storage", "content", "items", "count"]
})";

}  // namespace

std::vector<mcp::Tool> inventory_tools(pve::Api& api) {
  std::vector<mcp::Tool> tools;
  tools.push_back(read_tool(
      "proxmox_get_nodes", "List cluster nodes",
      "List every node of the Proxmox cluster with its status, uptime, CPU and memory. Use it "
      "first to learn the node names other tools need.",
      object_schema(json::object()), kNodesOutput,
      [&api](const json&, mcp::CallContext&) { return get_nodes(api); }));
  tools.push_back(read_tool(
      "proxmox_get_node_status", "Node status",
      "Show one node's detailed status: uptime, CPU model and load, memory, swap, root disk, "
      "PVE and kernel versions. Use it to check a node's health.",
      object_schema({{"node", node_property("Node name, e.g. pve1")}}, {"node"}), kNodeStatusOutput,
      [&api](const json& a, mcp::CallContext&) { return get_node_status(api, a); }));
  tools.push_back(read_tool(
      "proxmox_get_vms", "List VMs and containers",
      "List QEMU VMs and LXC containers across the cluster with node, status, CPU and memory, "
      "sorted by VMID. Use it to find a guest's VMID and node. Offline nodes are reported as "
      "warnings, not errors; use limit and cursor to page through large clusters.",
      object_schema(
          {{"node", node_property("Only guests on this node")},
           {"type",
            {{"type", "string"},
             {"enum", {"qemu", "lxc", "all"}},
             {"default", "all"},
             {"description", "Guest type filter"}}},
           {"limit",
            {{"type", "integer"},
             {"minimum", 1},
             {"maximum", kMaxGuestLimit},
             {"default", kDefaultGuestLimit},
             {"description", "Most guests to return"}}},
           {"cursor",
            {{"type", "string"}, {"description", "next_cursor from the previous page"}}}}),
      kVmsOutput, [&api](const json& a, mcp::CallContext&) { return get_vms(api, a); }));
  tools.push_back(read_tool(
      "proxmox_get_storage", "List storage pools",
      "List storage pools with type, content types, usage and status; a shared storage appears "
      "once with every node that sees it. Use it to pick a storage for ISOs, templates or "
      "backups.",
      object_schema({{"node", node_property("Only storages on this node")}}), kStorageOutput,
      [&api](const json& a, mcp::CallContext&) { return get_storage(api, a); }));
  tools.push_back(read_tool(
      "proxmox_get_cluster_status", "Cluster status",
      "Show cluster health: quorum, how many nodes are online, total CPU and memory use, and "
      "each node's state. Recognises a standalone node.",
      object_schema(json::object()), kClusterOutput,
      [&api](const json&, mcp::CallContext&) { return get_cluster_status(api); }));
  tools.push_back(read_tool(
      "proxmox_get_next_vmid", "Next free VMID",
      "Get the next free VM/container ID. Use it right before creating a guest; the ID is not "
      "reserved.",
      object_schema(json::object()), kNextVmidOutput,
      [&api](const json&, mcp::CallContext&) { return get_next_vmid(api); }));
  tools.push_back(read_tool(
      "proxmox_list_templates", "List templates or ISO images",
      "List LXC container templates (content vztmpl, the default) or ISO images (content iso) "
      "on a node's storage. Use it to find the volume ID for creating a container or VM.",
      object_schema({{"node", node_property("Node name")},
                     {"storage", storage_property("Storage ID", "local")},
                     {"content",
                      {{"type", "string"},
                       {"enum", {"vztmpl", "iso"}},
                       {"default", "vztmpl"},
                       {"description", "vztmpl for container templates, iso for ISO images"}}}},
                    {"node"}),
      kTemplatesOutput,
      [&api](const json& a, mcp::CallContext&) { return list_templates(api, a); }));
  return tools;
}

}  // namespace tools
