// Backup tools: listing the vzdump archives on a storage.
#include <algorithm>

#include "tools/guest_reads.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kBackupsOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "storage": {"type": "string"},
    "backups": {"type": "array", "items": {"type": "object", "properties": {
      "volid": {"type": "string"}, "file": {"type": "string"}, "vmid": {"type": "integer"},
      "guest_type": {"type": "string"}, "size": {"type": "number"},
      "ctime": {"type": "integer"}, "created": {"type": "string"},
      "notes": {"type": "string"}, "protected": {"type": "boolean"}},
      "required": ["volid", "file"]}},
    "count": {"type": "integer", "description": "backups listed"},
    "total": {"type": "integer", "description": "backups matching the filter"}
  },
  "required": ["node", "storage", "backups", "count", "total"]
})";

namespace {

// "local:backup/vzdump-lxc-115-….tar.zst" → "vzdump-lxc-115-….tar.zst".
std::string file_name(const std::string& volid) {
  std::size_t slash = volid.rfind('/');
  if (slash != std::string::npos) return volid.substr(slash + 1);
  std::size_t colon = volid.find(':');
  return colon == std::string::npos ? volid : volid.substr(colon + 1);
}

// PVE tags backups with `subtype`; older versions only encode it in the file name.
std::string guest_type_of(const json& item, const std::string& file) {
  std::string subtype = text_field(item, "subtype");
  if (subtype == "qemu" || subtype == "lxc") return subtype;
  if (file.rfind("vzdump-qemu-", 0) == 0) return "qemu";
  if (file.rfind("vzdump-lxc-", 0) == 0 || file.rfind("vzdump-openvz-", 0) == 0) return "lxc";
  return "";
}

}  // namespace

mcp::ToolResult list_backups(const Call& call, const BackupListArgs& a) {
  pve::Api& api = call.api;
  const std::string& node = a.node;
  const std::string& storage = a.storage;
  const std::optional<std::int64_t>& vmid = a.vmid;
  auto limit = static_cast<std::size_t>(a.limit);

  pve::Params params = {{"content", "backup"}};
  if (vmid) params.emplace_back("vmid", std::to_string(*vmid));
  json items = api.get(pve::path({"nodes", node, "storage", storage, "content"}), params);

  std::vector<json> backups;
  if (items.is_array()) {
    for (const auto& i : items) {
      std::string content = text_field(i, "content");
      if (!content.empty() && content != "backup") continue;
      if (vmid && integer_field(i, "vmid") != vmid) continue;
      backups.push_back(i);
    }
  }
  std::sort(backups.begin(), backups.end(), [](const json& a, const json& b) {
    auto ta = integer_field(a, "ctime").value_or(0);
    auto tb = integer_field(b, "ctime").value_or(0);
    return ta != tb ? ta > tb : text_field(a, "volid") < text_field(b, "volid");
  });

  std::string text = md::heading("📦", "Backups on " + storage) + "\n\n";
  json rows = json::array();
  for (std::size_t i = 0; i < backups.size() && i < limit; ++i) {
    const json& b = backups[i];
    std::string volid = text_field(b, "volid");
    std::string file = file_name(volid);
    std::string type = guest_type_of(b, file);
    json row = {{"volid", volid}, {"file", file}};
    text += "• **" + md::one_line(file) + "**\n";
    if (auto id = integer_field(b, "vmid")) {
      std::string label = type.empty() ? "" : (type == "lxc" ? " (LXC)" : " (QEMU)");
      text += "  VM ID: " + std::to_string(*id) + label + "\n";
      row["vmid"] = *id;
    }
    if (!type.empty()) row["guest_type"] = type;
    if (auto size = number_field(b, "size")) {
      text += "  Size: " + md::bytes(*size) + "\n";
      row["size"] = *size;
    }
    if (auto ctime = integer_field(b, "ctime")) {
      text += "  Created: " + md::iso_time(*ctime) + "\n";
      row["ctime"] = *ctime;
      row["created"] = md::iso_time(*ctime);
    }
    if (std::string notes = text_field(b, "notes"); !notes.empty()) {
      text += "  Notes: " + md::one_line(notes) + "\n";
      row["notes"] = notes;
    }
    if (flag_field(b, "protected")) {
      text += "  Protected: yes\n";
      row["protected"] = true;
    }
    text += "  Volume: " + md::one_line(volid) + "\n\n";
    rows.push_back(std::move(row));
  }
  std::string scope = vmid ? " for VM " + std::to_string(*vmid) : "";
  if (backups.empty()) {
    text += "No backups" + scope + " on storage " + storage + " (node " + node + ").\n";
  } else if (rows.size() < backups.size()) {
    text += "**Total**: " + std::to_string(backups.size()) + " backup(s)" + scope + "; newest " +
            std::to_string(rows.size()) + " shown (raise limit for more)\n";
  } else {
    text += "**Total**: " + std::to_string(backups.size()) + " backup(s)" + scope + "\n";
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = {{"node", node},
                  {"storage", storage},
                  {"backups", rows},
                  {"count", rows.size()},
                  {"total", backups.size()}};
  return r;
}

}  // namespace tools
