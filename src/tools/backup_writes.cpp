// Backup write tools: vzdump a guest, restore an archive as a VM or container, delete a backup.
#include <cctype>
#include <optional>

#include "pve/api.h"
#include "pve/api_enums.h"
#include "pve/error.h"
#include "pve/tasks.h"
#include "tools/areas.h"
#include "tools/args.h"
#include "tools/backup_config.h"
#include "tools/backup_volume.h"
#include "tools/guest_guard.h"
#include "tools/guest_write.h"
#include "tools/handler.h"
#include "tools/markdown.h"
#include "tools/outcome_heading.h"
#include "tools/task_follow.h"
#include "tools/values.h"
#include "tools/write_tool.h"

namespace tools {
namespace {

using nlohmann::json;

// A backup or restore copies whole disks: minutes are normal, an hour is not unusual.
constexpr int kBackupTimeout = 900;
constexpr int kDeleteTimeout = 120;
constexpr std::size_t kMaxNotes = 1024;     // vzdump notes-template maxLength
constexpr std::size_t kMaxArchive = 255;    // archive / ostemplate maxLength
constexpr std::size_t kLogLinesRead = 500;  // a one-guest vzdump log is far shorter

// vzdump's compress values by name: "0" (no compression) is offered as "none", as the Node.js
// server named it, and "1" (whatever Proxmox's default is) is left out.
std::span<const std::string_view> compressions() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names{"none"};
    for (std::string_view c : pve::api_enums::kVzdumpCompressions) {
      if (c != "0" && c != "1") names.push_back(c);
    }
    return names;
  }();
  return kNames;
}

constexpr std::string_view kCreateOutput = R"({
  "type": "object",
  "properties": {
    "storage": {"type": "string"},
    "mode": {"type": "string"}, "compress": {"type": "string"},
    "notes": {"type": "string"}, "protected": {"type": "boolean"},
    "volid": {"type": "string", "description": "the backup volume written, from the task log"}
  },
  "required": ["storage", "mode", "compress"]
})";

constexpr std::string_view kRestoreOutput = R"({
  "type": "object",
  "properties": {
    "archive": {"type": "string"}, "storage": {"type": "string"},
    "force": {"type": "boolean"}, "unique": {"type": "boolean"},
    "replaced": {"type": "boolean", "description": "an existing guest with this ID was overwritten"}
  },
  "required": ["archive", "force", "unique", "replaced"]
})";

constexpr std::string_view kDeleteOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "storage": {"type": "string"}, "volume": {"type": "string"},
    "vmid": {"type": "integer", "description": "the guest the backup belongs to"},
    "size": {"type": "number"}
  },
  "required": ["node", "storage", "volume"]
})";

json with_wait(json properties, int default_timeout) {
  properties.update(task_wait_properties(true, default_timeout));
  return properties;
}

// vzdump's notes-template is one line in which "\n" and "\\" are escapes; the caller's text is
// stored literally, so its backslashes and newlines are escaped here.
std::string notes_template(const std::string& notes) {
  std::string out;
  for (char c : notes) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (std::iscntrl(static_cast<unsigned char>(c)) != 0) {
      throw ArgError("Invalid argument 'notes': must not contain control characters");
    } else {
      out += c;
    }
  }
  if (out.size() > kMaxNotes) {
    throw ArgError("Invalid argument 'notes': at most 1024 characters (after escaping)");
  }
  return out;
}

// The log of a finished vzdump task names the archive it wrote. Best effort: without it the
// answer just has no volume line.
std::optional<std::string> produced_volid(pve::Api& api, const FollowedTask& task,
                                          const std::string& storage) {
  if (task.upid.empty() || !outcome_done(task)) return std::nullopt;
  try {
    json log = api.get(pve::path({"nodes", task.node, "tasks", task.upid, "log"}),
                       {{"start", "0"}, {"limit", std::to_string(kLogLinesRead)}});
    std::vector<std::string> lines;
    if (log.is_array()) {
      for (const auto& entry : log) lines.push_back(text_field(entry, "t"));
    }
    return volid_from_vzdump_log(lines, storage);
  } catch (const pve::Error&) {
    return std::nullopt;
  }
}

mcp::ToolResult create_backup(pve::Api& api, GuestType type, const json& args,
                              mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string storage = args::storage(args, "storage", "local");
  std::string mode = args::choice(args, "mode", pve::api_enums::kVzdumpModes, "snapshot");
  std::string compress = args::choice(args, "compress", compressions(), "zstd");
  auto notes = args::optional_string(args, "notes");
  std::optional<std::string> notes_param;
  if (notes) notes_param = notes_template(*notes);
  bool is_protected = args::boolean(args, "protected", false);
  FollowOptions follow = follow_options(args, true, kBackupTimeout);

  // vzdump takes any guest ID; reading the config first makes a VM/container mix-up (or a
  // guest on another node) an error naming the guest instead of a backup of the wrong thing.
  guest_config(api, guest.node, type, guest.vmid);

  pve::Params params = {{"vmid", std::to_string(guest.vmid)},
                        {"storage", storage},
                        {"mode", mode},
                        {"compress", compress == "none" ? "0" : compress}};
  if (notes_param) params.emplace_back("notes-template", *notes_param);
  if (is_protected) params.push_back(pve::param_bool("protected", true));
  json answer = start_task(api, guest.node, guest.vmid, "vzdump", [&] {
    return api.post(pve::path({"nodes", guest.node, "vzdump"}), params);
  });
  if (answer.is_string() && !pve::Upid::parse(answer.get<std::string>())) {
    // "OK" without a task: none of the selected guests is on this node, nothing was written.
    throw ArgError("No backup was made: vzdump on node " + guest.node + " answered \"" +
                   md::one_line(answer.get<std::string>()) + "\" without starting a task, so " +
                   guest.label() + " is not on that node");
  }
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);
  std::optional<std::string> volid = produced_volid(api, task, storage);

  std::string text =
      outcome_heading(task, {"💾", "Backup Creation Started", "Backup Created", "Backup Failed"}) +
      "\n\n" + guest.bullets() + md::bullet("Storage", storage) + "\n" + md::bullet("Mode", mode) +
      "\n" + md::bullet("Compression", compress) + "\n";
  if (notes) text += md::bullet("Notes", md::one_line(*notes)) + "\n";
  if (is_protected) text += md::bullet("Protected", "yes") + "\n";
  json out = guest.fields();
  out["storage"] = storage;
  out["mode"] = mode;
  out["compress"] = compress;
  if (notes) out["notes"] = *notes;
  out["protected"] = is_protected;
  if (volid) out["volid"] = *volid;
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (volid) r.text += md::bullet("Backup Volume", *volid) + "\n";
  if (!r.is_error) {
    r.text += "\n**Tip**: Use `proxmox_list_backups` to view all backups.\n";
  }
  return r;
}

// The archive of a restore: a backup volume on a storage, of the right guest type when its
// name tells. (A file system path is root@pam-only in Proxmox and not offered here.)
std::string restore_archive(const json& args, GuestType type) {
  std::string archive = args::required_string(args, "archive");
  std::optional<BackupVolume> volume =
      archive.size() <= kMaxArchive ? parse_backup_volid(archive) : std::nullopt;
  if (!volume) {
    throw ArgError(
        "Invalid argument 'archive': must be a backup volume such as "
        "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst (see proxmox_list_backups)");
  }
  std::string archive_type = backup_guest_type(volume->name);
  if (!archive_type.empty() && archive_type != guest_type_name(type)) {
    bool lxc = archive_type == "lxc";
    throw ArgError("Invalid argument 'archive': " + archive + " is a " +
                   (lxc ? "container" : "VM") + " backup; restore it with " +
                   (lxc ? "proxmox_restore_backup_lxc" : "proxmox_restore_backup_vm"));
  }
  return archive;
}

// Whether a guest with this ID exists on the node; with `force`, one that does is checked for
// protection before anything is overwritten. Without `force` Proxmox would refuse anyway, but
// this says how to proceed.
bool check_restore_target(pve::Api& api, const GuestTarget& guest, bool force) {
  json config;
  try {
    config = guest_config(api, guest.node, guest.type, guest.vmid);
  } catch (const pve::Error& e) {
    if (e.kind() == pve::ErrorKind::kNotFound) return false;
    throw;
  }
  if (!force) {
    throw ArgError(guest.label() + " already exists on node " + guest.node +
                   ": restoring over it replaces its configuration and disks. Choose a free ID "
                   "(proxmox_get_next_vmid) or pass force=true to overwrite it.");
  }
  refuse_if_protected(config, guest.type, guest.vmid, "restore a backup over it");
  return true;
}

mcp::ToolResult restore_backup(pve::Api& api, GuestType type, const json& args,
                               mcp::CallContext& ctx) {
  GuestTarget guest = GuestTarget::from_args(args, type);
  std::string archive = restore_archive(args, type);
  std::optional<std::string> storage;
  if (std::string s = args::storage(args, "storage", ""); !s.empty()) storage = s;
  bool force = args::boolean(args, "force", false);
  bool unique = args::boolean(args, "unique", false);
  FollowOptions follow = follow_options(args, true, kBackupTimeout);
  bool replaced = check_restore_target(api, guest, force);
  // Without a storage, Proxmox restores a container onto "local", which usually cannot hold
  // container volumes; the storage its root disk came from is what a person means.
  bool storage_from_backup = false;
  std::string storage_problem;
  if (!storage && type == GuestType::kLxc) {
    BackupRootfs rootfs = backup_rootfs_storage(api, guest.node, archive);
    storage = rootfs.storage;
    storage_from_backup = storage.has_value();
    storage_problem = rootfs.problem;
  }

  // qemu takes `archive`; a container is created from the archive as its `ostemplate` with
  // restore=1 (neither accepts the other's parameters).
  pve::Params params = {{"vmid", std::to_string(guest.vmid)}};
  if (type == GuestType::kLxc) {
    params.emplace_back("ostemplate", archive);
    params.push_back(pve::param_bool("restore", true));
  } else {
    params.emplace_back("archive", archive);
  }
  if (storage) params.emplace_back("storage", *storage);
  if (force) params.push_back(pve::param_bool("force", true));
  if (unique) params.push_back(pve::param_bool("unique", true));
  json answer = start_task(api, guest.node, guest.vmid, guest_task_type(type, "restore"), [&] {
    return api.post(pve::path({"nodes", guest.node, guest_type_name(type)}), params);
  });
  FollowedTask task = follow_task(api, answer, guest.node, follow, ctx);

  std::string text =
      outcome_heading(
          task, {"♻️", "Backup Restore Started", "Backup Restored", "Backup Restore Failed"}) +
      "\n\n" + md::bullet("New VM ID", std::to_string(guest.vmid)) + "\n" +
      md::bullet("Archive", archive) + "\n" + md::bullet("Type", guest_type_label(type)) + "\n" +
      md::bullet("Node", guest.node) + "\n";
  if (storage) {
    text += md::bullet("Storage", *storage) +
            (storage_from_backup ? " (where the backup's root disk was)" : "") + "\n";
  } else if (!storage_problem.empty()) {
    text += md::bullet("Storage",
                       "Proxmox's default (local): the backup's config could not be "
                       "read (" +
                           md::one_line(storage_problem) +
                           "); pass storage if local cannot hold container volumes") +
            "\n";
  }
  if (replaced) text += md::bullet("Replaced", "the existing " + guest.label() + " (force)") + "\n";
  if (unique) text += md::bullet("MAC Addresses", "new random ones (unique)") + "\n";
  json out = guest.fields();
  out["archive"] = archive;
  if (storage) out["storage"] = *storage;
  out["force"] = force;
  out["unique"] = unique;
  out["replaced"] = replaced;
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (!r.is_error) {
    r.text += "\n**Note**: The restored " + guest_noun(type) + " has ID " +
              std::to_string(guest.vmid) + ", whatever ID the backup was taken from.\n";
  }
  return r;
}

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

mcp::ToolResult delete_backup(pve::Api& api, const json& args, mcp::CallContext& ctx) {
  std::string node = args::node(args);
  std::string storage = args::storage(args, "storage", "");
  if (storage.empty()) throw ArgError("Invalid argument 'storage': is required");
  std::string volume = args::required_string(args, "volume");
  FollowOptions follow = follow_options(args, true, kDeleteTimeout);
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

  json answer = api.del(pve::path({"nodes", node, "storage", storage, "content", volume}));
  FollowedTask task = follow_task(api, answer, node, follow, ctx);

  std::string text = outcome_heading(task, {"🗑️", "Backup Deletion Started", "Backup Deleted",
                                            "Backup Deletion Failed"}) +
                     "\n\n" + md::bullet("Node", node) + "\n" + md::bullet("Storage", storage) +
                     "\n" + md::bullet("Volume", volume) + "\n";
  json out = {{"node", node}, {"storage", storage}, {"volume", volume}};
  if (auto vmid = integer_field(backup, "vmid")) out["vmid"] = *vmid;
  if (auto size = number_field(backup, "size")) {
    out["size"] = *size;
    text += md::bullet("Size", md::bytes(*size)) + "\n";
  }
  mcp::ToolResult r = task_result(std::move(text), std::move(out), task);
  if (!r.is_error && !outcome_done(task)) {
    r.text += "\n**Note**: The backup file will be permanently deleted from storage.\n";
  }
  return r;
}

WriteSpec create_spec(pve::Api& api, GuestType type) {
  json props = {
      {"storage", storage_property("Storage for the backup", "local")},
      {"mode",
       {{"type", "string"},
        {"enum", enum_values(pve::api_enums::kVzdumpModes)},
        {"default", "snapshot"},
        {"description",
         "snapshot: no downtime; suspend: pauses the guest for consistency; stop: stops it "
         "for the backup (maximum consistency and downtime)"}}},
      {"compress",
       {{"type", "string"},
        {"enum", enum_values(compressions())},
        {"default", "zstd"},
        {"description", "Compression of the archive"}}},
      {"notes",
       {{"type", "string"},
        {"maxLength", kMaxNotes},
        {"description",
         "Notes stored with the backup; {{guestname}}, {{node}}, {{vmid}} and {{cluster}} are "
         "filled in by Proxmox"}}},
      {"protected",
       {{"type", "boolean"},
        {"default", false},
        {"description", "Protect the backup from pruning and deletion"}}}};
  WriteSpec s;
  s.name = "proxmox_create_backup" + tool_suffix(type);
  s.title = type == GuestType::kLxc ? "Back up a container" : "Back up a VM";
  s.description = "Back up " + guest_phrase(type) +
                  " with vzdump and wait for it to finish (requires elevated mode); reports the "
                  "backup volume written. Use it for full backups for disaster recovery.";
  s.input_schema = guest_input_schema(type, with_wait(std::move(props), kBackupTimeout));
  s.output_schema = kCreateOutput;
  s.annotations = write_annotations(false, false);
  s.privilege = "VM.Backup";
  s.body = bind_guest(api, type, create_backup);
  s.follows_task = true;
  s.guest = type;
  return s;
}

WriteSpec restore_spec(pve::Api& api, GuestType type) {
  bool lxc = type == GuestType::kLxc;
  json props = {
      {"node", node_property("Node where the " + guest_noun(type) + " will be restored")},
      {"vmid", vmid_property(lxc ? "New container ID for the restored container"
                                 : "New VM ID for the restored VM")},
      {"archive",
       {{"type", "string"},
        {"maxLength", kMaxArchive},
        {"description", std::string("Backup volume, e.g. ") +
                            (lxc ? "local:backup/vzdump-lxc-115-2025_11_06-09_12_00.tar.zst"
                                 : "local:backup/vzdump-qemu-101-2025_11_05-14_30_00.vma.zst")}}},
      {"storage",
       storage_property(lxc ? "Storage for the restored volumes (default: the storage the "
                              "backup's root disk was on)"
                            : "Storage for the restored disks (default: each disk's storage "
                              "in the backup)",
                        "")},
      {"force",
       {{"type", "boolean"},
        {"default", false},
        {"description",
         "Overwrite an existing " + guest_noun(type) +
             " with this ID (its disks are replaced; refused when it has protection=1)"}}},
      {"unique",
       {{"type", "boolean"},
        {"default", false},
        {"description", "Give the restored guest new random MAC addresses"}}}};
  WriteSpec s;
  s.name = "proxmox_restore_backup" + tool_suffix(type);
  s.title = lxc ? "Restore a container backup" : "Restore a VM backup";
  s.description = "Restore " + guest_phrase(type) +
                  " from a backup under the given ID and wait for it to finish (requires "
                  "elevated mode). Overwriting an existing guest needs force=true.";
  s.input_schema =
      guest_input_schema(type, with_wait(std::move(props), kBackupTimeout), {"archive"});
  s.output_schema = kRestoreOutput;
  s.annotations = write_annotations(true, false);
  s.privilege = "VM.Allocate";
  s.body = bind_guest(api, type, restore_backup);
  s.follows_task = true;
  s.guest = type;
  return s;
}

WriteSpec delete_backup_spec(pve::Api& api) {
  json props = {
      {"node", node_property("Node name")},
      {"storage", storage_property("Storage the backup is on", "")},
      {"volume",
       {{"type", "string"},
        {"description",
         "Backup volume ID, e.g. local:backup/vzdump-lxc-115-2025_11_06-09_12_00.tar.zst"}}}};
  WriteSpec s;
  s.name = "proxmox_delete_backup";
  s.title = "Delete a backup";
  s.description =
      "Permanently delete a backup (VM or container) from a storage (requires elevated mode). "
      "Only backup volumes are accepted: ISOs, templates and disk images are refused.";
  s.input_schema =
      object_schema(with_wait(std::move(props), kDeleteTimeout), {"node", "storage", "volume"});
  s.output_schema = kDeleteOutput;
  s.annotations = write_annotations(true, true);
  s.privilege = "Datastore.Allocate";
  s.body = [&api](const json& a, mcp::CallContext& ctx) { return delete_backup(api, a, ctx); };
  s.follows_task = true;
  return s;
}

}  // namespace

std::vector<mcp::Tool> backup_write_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> tools;
  for (auto make : {create_spec, restore_spec}) {
    for (GuestType type : {GuestType::kQemu, GuestType::kLxc}) {
      tools.push_back(write_tool(make(api, type), policy));
    }
  }
  tools.push_back(write_tool(delete_backup_spec(api), policy));
  return tools;
}

}  // namespace tools
