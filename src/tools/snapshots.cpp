// Listing a guest's snapshots (one handler for VMs and containers).
#include <algorithm>

#include "tools/guest_reads.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kSnapshotsOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "vmid": {"type": "integer"},
    "type": {"type": "string", "enum": ["qemu", "lxc"]},
    "snapshots": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "description": {"type": "string"},
      "snaptime": {"type": "integer"}, "created": {"type": "string"},
      "parent": {"type": "string"}, "vmstate": {"type": "boolean"}},
      "required": ["name", "vmstate"]}},
    "count": {"type": "integer"},
    "current_parent": {"type": "string", "description": "the snapshot the running state is based on"}
  },
  "required": ["node", "vmid", "type", "snapshots", "count"]
})";

mcp::ToolResult list_snapshots(const Call& call, const GuestArgs& a) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  const std::string& node = a.node;
  const std::int64_t vmid = a.vmid;
  std::string type_name = guest_type_name(type);
  json list = api.get(pve::path({"nodes", node, type_name, std::to_string(vmid), "snapshot"}));

  std::vector<json> snaps;
  std::string current_parent;
  if (list.is_array()) {
    for (const auto& s : list) {
      // "current" is not a snapshot but the live state ("You are here!").
      if (text_field(s, "name") == "current") {
        current_parent = text_field(s, "parent");
      } else {
        snaps.push_back(s);
      }
    }
  }
  std::sort(snaps.begin(), snaps.end(), [](const json& a, const json& b) {
    auto ta = integer_field(a, "snaptime").value_or(0);
    auto tb = integer_field(b, "snaptime").value_or(0);
    return ta != tb ? ta > tb : text_field(a, "name") < text_field(b, "name");
  });

  std::string who = (type == GuestType::kLxc ? "LXC " : "VM ") + std::to_string(vmid);
  std::string text = md::heading("📋", "Snapshots for " + who) + "\n\n";
  json rows = json::array();
  for (const auto& s : snaps) {
    std::string name = text_field(s, "name");
    json row = {{"name", name}, {"vmstate", flag_field(s, "vmstate")}};
    text += "• **" + md::one_line(name) + "**\n";
    if (auto t = integer_field(s, "snaptime")) {
      text += "  Created: " + md::iso_time(*t) + "\n";
      row["snaptime"] = *t;
      row["created"] = md::iso_time(*t);
    }
    if (std::string parent = text_field(s, "parent"); !parent.empty()) {
      text += "  Parent: " + md::one_line(parent) + "\n";
      row["parent"] = parent;
    }
    if (std::string d = text_field(s, "description"); !d.empty()) {
      text += "  Description: " + md::one_line(d) + "\n";
      row["description"] = d;
    }
    if (flag_field(s, "vmstate")) text += "  RAM state: saved\n";
    text += "\n";
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    text += "No snapshots.\n";
  } else {
    text += "**Total**: " + std::to_string(rows.size()) + " snapshot(s)\n";
  }
  if (!current_parent.empty()) {
    text += "**Current state** is based on: " + md::one_line(current_parent) + "\n";
  }
  json out = {{"node", node},
              {"vmid", vmid},
              {"type", type_name},
              {"snapshots", rows},
              {"count", rows.size()}};
  if (!current_parent.empty()) out["current_parent"] = current_parent;
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
