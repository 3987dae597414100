// proxmox_list_backups: the backups on one storage of a node, or on all its backup storages.
#include <algorithm>

#include "pve/error.h"
#include "tools/backup_entry.h"
#include "tools/guest_reads.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kBackupsOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"},
    "storage": {"type": "string", "description": "the storage named in the call"},
    "storages": {"type": "array", "items": {"type": "string"}, "description": "storages read"},
    "unreadable": {"type": "array", "items": {"type": "object", "properties": {
      "storage": {"type": "string"}, "error": {"type": "string"}},
      "required": ["storage", "error"]}},
    "backups": {"type": "array", "items": {"type": "object", "properties": {
      "volid": {"type": "string"}, "file": {"type": "string"}, "storage": {"type": "string"},
      "vmid": {"type": "integer"}, "guest_type": {"type": "string"}, "size": {"type": "number"},
      "ctime": {"type": "integer"}, "created": {"type": "string"},
      "notes": {"type": "string"}, "protected": {"type": "boolean"},
      "verification": {"type": "string", "description": "PBS verify state: ok or failed"},
      "encrypted": {"type": "boolean"}, "key_fingerprint": {"type": "string"}},
      "required": ["volid", "file"]}},
    "count": {"type": "integer", "description": "backups listed"},
    "total": {"type": "integer", "description": "backups matching the filter"}
  },
  "required": ["node", "storages", "unreadable", "backups", "count", "total"]
})";

namespace {

struct Unreadable {
  std::string storage;
  std::string error;
};

// The backups of every storage read, and the storages that could not be.
struct Gathered {
  std::vector<std::string> storages;
  std::vector<json> backups;
  std::vector<Unreadable> unreadable;
};

// Failures every storage of the node would share end the call; the others (a PBS server that
// is down, a storage that times out or refuses this token) only cost that storage's backups.
bool storage_specific(const pve::Error& e) {
  switch (e.kind()) {
    case pve::ErrorKind::kServer:
    case pve::ErrorKind::kTimeout:
    case pve::ErrorKind::kPermission:
    case pve::ErrorKind::kNotFound:
    case pve::ErrorKind::kNotImplemented:
    case pve::ErrorKind::kProtocol:
      return true;
    default:
      return false;
  }
}

void read_storage(pve::Api& api, const BackupListArgs& a, const std::string& storage,
                  Gathered& out) {
  pve::Params params = {{"content", "backup"}};
  if (a.vmid) params.emplace_back("vmid", std::to_string(*a.vmid));
  json items = api.get(pve::path({"nodes", a.node, "storage", storage, "content"}), params);
  out.storages.push_back(storage);
  if (!items.is_array()) return;
  for (const auto& i : items) {
    std::string content = text_field(i, "content");
    if (!content.empty() && content != "backup") continue;
    if (a.vmid && integer_field(i, "vmid") != a.vmid) continue;
    out.backups.push_back(i);
  }
}

Gathered gather(pve::Api& api, const BackupListArgs& a) {
  Gathered out;
  if (a.storage) {
    read_storage(api, a, *a.storage, out);
    return out;
  }
  json storages =
      api.get(pve::path({"nodes", a.node, "storage"}), {{"content", "backup"}, {"enabled", "1"}});
  std::vector<std::string> ids;
  if (storages.is_array()) {
    for (const auto& s : storages) {
      if (std::string id = text_field(s, "storage"); !id.empty()) ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    try {
      read_storage(api, a, id, out);
    } catch (const pve::Error& e) {
      if (!storage_specific(e)) throw;
      out.unreadable.push_back({id, e.what()});
    }
  }
  return out;
}

std::string totals_text(const BackupListArgs& a, std::size_t total, std::size_t shown) {
  std::string scope = a.vmid ? " for VM " + std::to_string(*a.vmid) : "";
  if (total == 0) {
    std::string where = a.storage ? "storage " + *a.storage : "the node's backup storages";
    return "No backups" + scope + " on " + where + " (node " + a.node + ").\n";
  }
  std::string text = "**Total**: " + std::to_string(total) + " backup(s)" + scope;
  if (shown < total) {
    text += "; newest " + std::to_string(shown) + " shown (raise limit for more)";
  }
  return text + "\n";
}

std::string heading_text(const BackupListArgs& a, const Gathered& g) {
  if (a.storage) return md::heading("📦", "Backups on " + *a.storage) + "\n\n";
  std::string text = md::heading("📦", "Backups on node " + a.node) + "\n\n";
  std::string read;
  for (const auto& s : g.storages) read += (read.empty() ? "" : ", ") + s;
  text += "Storages read: " + (read.empty() ? std::string("none") : read) + "\n";
  for (const auto& u : g.unreadable) {
    text += "⚠️ Storage " + u.storage + " could not be read: " + md::one_line(u.error) + "\n";
  }
  return text + "\n";
}

}  // namespace

mcp::ToolResult list_backups(const Call& call, const BackupListArgs& a) {
  Gathered g = gather(call.api, a);
  std::sort(g.backups.begin(), g.backups.end(), [](const json& x, const json& y) {
    auto tx = integer_field(x, "ctime").value_or(0);
    auto ty = integer_field(y, "ctime").value_or(0);
    return tx != ty ? tx > ty : text_field(x, "volid") < text_field(y, "volid");
  });

  std::string text = heading_text(a, g);
  json rows = json::array();
  auto limit = static_cast<std::size_t>(a.limit);
  for (std::size_t i = 0; i < g.backups.size() && i < limit; ++i) {
    json row = backup_row(g.backups[i]);
    text += backup_markdown(row, !a.storage);
    rows.push_back(std::move(row));
  }
  text += totals_text(a, g.backups.size(), rows.size());

  json unreadable = json::array();
  for (const auto& u : g.unreadable) {
    unreadable.push_back({{"storage", u.storage}, {"error", u.error}});
  }
  mcp::ToolResult r;
  r.text = text;
  r.structured = {{"node", a.node},  {"storages", g.storages}, {"unreadable", unreadable},
                  {"backups", rows}, {"count", rows.size()},   {"total", g.backups.size()}};
  if (a.storage) r.structured["storage"] = *a.storage;
  return r;
}

}  // namespace tools
