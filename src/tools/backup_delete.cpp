// Deleting a backup volume from a storage, after making sure it is one.
#include <optional>

#include "pve/api.h"
#include "tools/backup_volume.h"
#include "tools/data_writes.h"
#include "tools/markdown.h"
#include "tools/values.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kBackupDeleteOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "storage": {"type": "string"}, "volume": {"type": "string"},
    "vmid": {"type": "integer", "description": "the guest the backup belongs to"},
    "size": {"type": "number"}
  },
  "required": ["node", "storage", "volume"]
})";

namespace {

// The listing entry of `volid` among the storage's backups; the guard that delete_backup only
// ever deletes backups, whatever the volume ID claims.
json find_backup(pve::Api& api, const std::string& node, const std::string& storage,
                 const std::string& volid) {
  json items =
      api.get(pve::path({"nodes", node, "storage", storage, "content"}), {{"content", "backup"}});
  if (items.is_array()) {
    for (const auto& item : items) {
      if (text_field(item, "volid") != volid) continue;
      std::string content = text_field(item, "content");
      if (!content.empty() && content != "backup") break;
      return item;
    }
  }
  throw ArgError("No backup " + volid + " on storage " + storage + " of node " + node +
                 " (proxmox_list_backups shows the backups there)");
}

}  // namespace

mcp::ToolResult delete_backup(const Call& call, const BackupDeleteArgs& args) {
  pve::Api& api = call.api;
  const std::string& node = args.node;
  const std::string& storage = args.storage;
  const std::string& volume = args.volume;
  // The volume is checked here rather than as a field rule: the error names the storage too.
  std::optional<BackupVolume> parsed = parse_backup_volid(volume);
  if (!parsed) {
    throw ArgError("Invalid argument 'volume': " + md::one_line(volume) +
                   " is not a backup volume; proxmox_delete_backup deletes only backups, named "
                   "like " +
                   storage + ":backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst");
  }
  if (parsed->storage != storage) {
    throw ArgError("Invalid argument 'volume': " + volume + " is on storage " + parsed->storage +
                   ", not " + storage);
  }
  json backup = find_backup(api, node, storage, volume);
  if (flag_field(backup, "protected")) {
    throw ArgError("Backup " + volume +
                   " is protected: refusing to delete it. Remove its protection in Proxmox "
                   "first if this is intended.");
  }

  const WriteOutcome outcome = perform(
      call,
      {.node = node,
       .send =
           [&] {
             return api.del(pve::path({"nodes", node, "storage", storage, "content", volume}));
           }},
      args.follow());

  WriteReport report{
      {"🗑️", "Backup Deletion Started", "Backup Deleted", "Backup Deletion Failed"},
      {fact("Node", node, "node", node), fact("Storage", storage, "storage", storage),
       fact("Volume", volume, "volume", volume)},
      {},
      "\n**Note**: The backup file will be permanently deleted from storage.\n"};
  if (auto vmid = integer_field(backup, "vmid")) report.facts.push_back(field("vmid", *vmid));
  if (auto size = number_field(backup, "size")) {
    report.facts.push_back(fact("Size", md::bytes(*size), "size", *size));
  }
  return render(report, outcome);
}

}  // namespace tools
