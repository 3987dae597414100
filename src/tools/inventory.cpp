// Inventory tools: the guest list, storages, templates and ISO images.
#include <algorithm>

#include "policy/scope.h"
#include "tools/fanout.h"
#include "tools/guest_list.h"
#include "tools/inventory.h"
#include "tools/markdown.h"
#include "tools/storage_list.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

namespace {

std::string warnings_block(const std::vector<std::string>& warnings) {
  std::string text;
  for (const auto& w : warnings) text += w + "\n";
  return text.empty() ? text : text + "\n";
}

// ---- proxmox_get_vms --------------------------------------------------------------------------

std::size_t parse_cursor(const std::optional<std::string>& cursor) {
  return cursor ? std::stoul(*cursor) : 0;
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
  if (!g.protection.empty()) j["protected"] = true;
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
  if (!g.tags.empty()) text += md::field("Tags", md::one_line(g.tags)) + "\n";
  if (!g.protection.empty()) {
    text += md::field("Protected", "no write tool changes it (" + g.protection + ")") + "\n";
  }
  if (g.status == "running") {
    if (g.uptime) text += md::field("Uptime", md::uptime(*g.uptime)) + "\n";
    if (g.cpu) text += md::field("CPU", md::percent(*g.cpu)) + "\n";
    if (g.mem && g.maxmem) text += md::field("Memory", md::usage(*g.mem, *g.maxmem)) + "\n";
  }
  return text;
}

}  // namespace

mcp::ToolResult get_vms(const Call& call, const GuestListArgs& a) {
  pve::Api& api = call.api;
  GuestQuery query;
  query.node = a.node;
  const std::string& type = a.type;
  query.qemu = type != "lxc";
  query.lxc = type != "qemu";
  auto limit = static_cast<std::size_t>(a.limit);
  std::size_t offset = parse_cursor(a.cursor);

  GuestListing listing = list_guests(api, query);
  if (call.policy != nullptr) apply_scope(listing, call.policy->scope());
  if (a.tag) {
    std::erase_if(listing.guests,
                  [&](const GuestRow& g) { return !policy::has_tag(g.tags, *a.tag); });
  }
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
    text += a.tag ? "No guests tagged '" + *a.tag + "'.\n" : "No guests found.\n";
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

mcp::ToolResult get_storage(const Call& call, const NodeFilterArgs& a) {
  StorageListing listing = list_storage(call.api, a.node);
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

// ---- proxmox_list_templates -------------------------------------------------------------------

mcp::ToolResult list_templates(const Call& call, const TemplateArgs& a) {
  pve::Api& api = call.api;
  const std::string& node = a.node;
  const std::string& storage = a.storage;
  const std::string& content = a.content;
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

// ---- output schemas ---------------------------------------------------------------------------

extern const std::string_view kVmsOutput = R"({
  "type": "object",
  "properties": {
    "vms": {"type": "array", "items": {"type": "object", "properties": {
      "vmid": {"type": "integer"}, "name": {"type": "string"}, "node": {"type": "string"},
      "type": {"type": "string", "enum": ["qemu", "lxc"]}, "status": {"type": "string"},
      "template": {"type": "boolean"}, "cpu": {"type": "number"}, "maxcpu": {"type": "number"},
      "mem": {"type": "number"}, "maxmem": {"type": "number"}, "uptime": {"type": "integer"},
      "lock": {"type": "string"}, "tags": {"type": "string"},
      "protected": {"type": "boolean", "description": "no write tool of this server changes it"}},
      "required": ["vmid", "name", "node", "type", "status", "template"]}},
    "count": {"type": "integer", "description": "guests in this page"},
    "total": {"type": "integer", "description": "guests matching the filters"},
    "next_cursor": {"type": "string", "description": "pass as cursor to get the next page"},
    "warnings": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["vms", "count", "total", "warnings"]
})";

extern const std::string_view kStorageOutput = R"({
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

extern const std::string_view kTemplatesOutput = R"({
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

}  // namespace tools
