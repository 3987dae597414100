// Restoring a backup as a VM or container (one handler for both).
#include <optional>

#include "pve/api.h"
#include "pve/error.h"
#include "tools/backup_config.h"
#include "tools/backup_volume.h"
#include "tools/data_writes.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/write_pipeline.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kBackupRestoreOutput = R"({
  "type": "object",
  "properties": {
    "archive": {"type": "string"}, "storage": {"type": "string"},
    "force": {"type": "boolean"}, "unique": {"type": "boolean"},
    "replaced": {"type": "boolean", "description": "an existing guest with this ID was overwritten"}
  },
  "required": ["archive", "force", "unique", "replaced"]
})";

namespace {

constexpr std::size_t kMaxArchive = 255;  // archive / ostemplate maxLength

// A backup of the other guest type cannot be restored by this tool; the archive name tells
// when it can.
void refuse_other_guest_type(const std::string& archive, GuestType type) {
  std::optional<BackupVolume> volume = parse_backup_volid(archive);
  std::string archive_type = volume ? backup_guest_type(volume->name) : "";
  if (archive_type.empty() || archive_type == guest_type_name(type)) return;
  bool lxc = archive_type == "lxc";
  throw ArgError("Invalid argument 'archive': " + archive + " is a " + (lxc ? "container" : "VM") +
                 " backup; restore it with " +
                 (lxc ? "proxmox_restore_backup_lxc" : "proxmox_restore_backup_vm"));
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

// Where the restored volumes go.
struct RestoreStorage {
  std::optional<std::string> storage;
  bool from_backup = false;  // the storage the backup's root disk was on
  std::string problem;       // why the backup's config could not tell
};

// Without a storage, Proxmox restores a container onto "local", which usually cannot hold
// container volumes; the storage its root disk came from is what a person means.
RestoreStorage restore_storage(pve::Api& api, const GuestTarget& guest,
                               const BackupRestoreArgs& args) {
  if (args.storage || guest.type != GuestType::kLxc) return {args.storage, false, ""};
  BackupRootfs rootfs = backup_rootfs_storage(api, guest.node, args.archive);
  return {rootfs.storage, rootfs.storage.has_value(), rootfs.problem};
}

std::vector<Fact> restore_facts(const GuestTarget& guest, const BackupRestoreArgs& args,
                                const RestoreStorage& target, bool replaced) {
  std::vector<Fact> facts = guest_facts(guest);
  facts.front().label = "New VM ID";
  facts.insert(facts.begin() + 1, fact("Archive", args.archive, "archive", args.archive));
  if (target.storage) {
    facts.push_back(
        fact("Storage",
             *target.storage + (target.from_backup ? " (where the backup's root disk was)" : ""),
             "storage", *target.storage));
  } else if (!target.problem.empty()) {
    facts.push_back(
        shown("Storage", "Proxmox's default (local): the backup's config could not be read (" +
                             md::one_line(target.problem) +
                             "); pass storage if local cannot hold container volumes"));
  }
  facts.push_back(
      replaced ? fact("Replaced", "the existing " + guest.label() + " (force)", "replaced", true)
               : field("replaced", false));
  facts.push_back(field("force", args.force));
  facts.push_back(args.unique ? fact("MAC Addresses", "new random ones (unique)", "unique", true)
                              : field("unique", false));
  return facts;
}

}  // namespace

// A backup volume on a storage. (A file system path is root@pam-only in Proxmox and not
// offered here.)
typed::Problem typed::backup_archive(const std::string& volid) {
  if (volid.size() <= kMaxArchive && parse_backup_volid(volid)) return std::nullopt;
  return "must be a backup volume such as "
         "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst (see proxmox_list_backups)";
}

mcp::ToolResult restore_backup(const Call& call, const BackupRestoreArgs& args) {
  pve::Api& api = call.api;
  const GuestType type = call.guest;
  const GuestTarget guest = GuestTarget::of(args, type);
  refuse_other_guest_type(args.archive, type);
  bool replaced = check_restore_target(api, guest, args.force);
  RestoreStorage target = restore_storage(api, guest, args);

  // qemu takes `archive`; a container is created from the archive as its `ostemplate` with
  // restore=1 (neither accepts the other's parameters).
  pve::Params params = {{"vmid", std::to_string(guest.vmid)}};
  if (type == GuestType::kLxc) {
    params.emplace_back("ostemplate", args.archive);
    params.push_back(pve::param_bool("restore", true));
  } else {
    params.emplace_back("archive", args.archive);
  }
  if (target.storage) params.emplace_back("storage", *target.storage);
  if (args.force) params.push_back(pve::param_bool("force", true));
  if (args.unique) params.push_back(pve::param_bool("unique", true));
  const WriteOutcome outcome = perform(
      call,
      {.node = guest.node,
       .vmid = guest.vmid,
       .task_type = guest_task_type(type, "restore"),
       .send =
           [&] {
             return api.post(pve::path({"nodes", guest.node, guest_type_name(type)}), params);
           }},
      args.follow());
  return render({{"♻️", "Backup Restore Started", "Backup Restored", "Backup Restore Failed"},
                 restore_facts(guest, args, target, replaced),
                 "\n**Note**: The restored " + guest_noun(type) + " has ID " +
                     std::to_string(guest.vmid) + ", whatever ID the backup was taken from.\n"},
                outcome);
}

}  // namespace tools
