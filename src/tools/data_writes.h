// Write tools over a guest's data: snapshots (create, roll back, delete) and vzdump backups
// (create, restore, delete): their arguments, handlers and output schemas.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "pve/api_enums.h"
#include "tools/common_args.h"
#include "tools/snapshot_name.h"
#include "tools/tool_row.h"

namespace tools {

// Snapshots of guests with large disks (or RAM, with vmstate) take minutes.
inline constexpr std::int64_t kSnapshotTimeout = 300;
// A backup or restore copies whole disks: minutes are normal, an hour is not unusual.
inline constexpr std::int64_t kBackupTimeout = 900;
inline constexpr std::int64_t kDeleteBackupTimeout = 120;

namespace typed {

Problem vzdump_notes(const std::string& notes);    // one line once escaped, at most 1024
Problem backup_archive(const std::string& volid);  // "<storage>:backup/<name>", at most 255

}  // namespace typed

// vzdump's compress values by name: "none" for "0" (no compression).
std::vector<std::string_view> vzdump_compressions();

// ---- snapshots ----

// A guest's snapshot, by name.
struct SnapshotArgs : GuestTaskArgs<kSnapshotTimeout> {
  std::string snapname;

  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{typed::field(&SnapshotArgs::snapname, "snapname").checked(typed::snapshot_id)},
        TaskWait<kSnapshotTimeout>::fields());
  }
};

struct SnapshotCreateArgs : SnapshotArgs {
  std::optional<std::string> description;
  bool vmstate = false;  // offered to VMs only (VmSnapshotCreateArgs)

  static auto fields() {
    return std::tuple_cat(
        SnapshotArgs::fields(),
        std::tuple{typed::field(&SnapshotCreateArgs::description, "description")});
  }
};

// A VM's snapshot may also hold its RAM.
struct VmSnapshotCreateArgs : SnapshotCreateArgs {
  static auto fields() {
    return std::tuple_cat(
        SnapshotCreateArgs::fields(),
        std::tuple{typed::flag(&SnapshotCreateArgs::vmstate, "vmstate").about("Include RAM")});
  }
};

struct SnapshotRollbackArgs : SnapshotArgs {
  bool start = false;

  static auto fields() {
    return std::tuple_cat(SnapshotArgs::fields(),
                          std::tuple{typed::flag(&SnapshotRollbackArgs::start, "start")});
  }
};

struct SnapshotDeleteArgs : SnapshotArgs {
  bool force = false;

  static auto fields() {
    return std::tuple_cat(
        SnapshotArgs::fields(),
        std::tuple{
            typed::flag(&SnapshotDeleteArgs::force, "force").about("Even if disk snapshots fail")});
  }
};

mcp::ToolResult create_snapshot(const Call& call, const SnapshotCreateArgs& args);
mcp::ToolResult rollback_snapshot(const Call& call, const SnapshotRollbackArgs& args);
mcp::ToolResult delete_snapshot(const Call& call, const SnapshotDeleteArgs& args);
extern const std::string_view kSnapshotWriteOutput;

// ---- backups ----

struct BackupCreateArgs : GuestArgs, TaskWait<kBackupTimeout> {
  std::string storage;
  std::string mode;
  std::string compress;
  std::optional<std::string> notes;
  bool protect = false;

  static auto fields() {
    const auto& modes = pve::api_enums::kVzdumpModes;
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{
            typed::storage(&BackupCreateArgs::storage).or_default("local"),
            typed::field(&BackupCreateArgs::mode, "mode")
                .or_default("snapshot")
                .one_of(std::vector<std::string_view>(modes.begin(), modes.end())),
            typed::field(&BackupCreateArgs::compress, "compress")
                .or_default("zstd")
                .one_of(vzdump_compressions()),
            typed::field(&BackupCreateArgs::notes, "notes").checked(typed::vzdump_notes),
            typed::flag(&BackupCreateArgs::protect, "protected"),
        },
        TaskWait<kBackupTimeout>::fields());
  }
};

// A backup restored under the call's vmid, on the call's node.
struct BackupRestoreArgs : GuestArgs, TaskWait<kBackupTimeout> {
  std::string archive;
  std::optional<std::string> storage;
  bool force = false;
  bool unique = false;

  static auto fields() {
    return std::tuple_cat(
        GuestArgs::fields(),
        std::tuple{
            typed::field(&BackupRestoreArgs::archive, "archive")
                .about("From proxmox_list_backups")
                .checked(typed::backup_archive),
            typed::storage(&BackupRestoreArgs::storage),
            typed::flag(&BackupRestoreArgs::force, "force").about("Overwrite an existing guest"),
            typed::flag(&BackupRestoreArgs::unique, "unique").about("New random MACs"),
        },
        TaskWait<kBackupTimeout>::fields());
  }
};

struct BackupDeleteArgs : NodeArgs, TaskWait<kDeleteBackupTimeout> {
  std::string storage;
  std::string volume;

  static auto fields() {
    return std::tuple_cat(
        NodeArgs::fields(),
        std::tuple{typed::storage(&BackupDeleteArgs::storage),
                   typed::field(&BackupDeleteArgs::volume, "volume").about("Volume ID")},
        TaskWait<kDeleteBackupTimeout>::fields());
  }
};

mcp::ToolResult create_backup(const Call& call, const BackupCreateArgs& args);
mcp::ToolResult restore_backup(const Call& call, const BackupRestoreArgs& args);
mcp::ToolResult delete_backup(const Call& call, const BackupDeleteArgs& args);

extern const std::string_view kBackupCreateOutput;
extern const std::string_view kBackupRestoreOutput;
extern const std::string_view kBackupDeleteOutput;

}  // namespace tools
