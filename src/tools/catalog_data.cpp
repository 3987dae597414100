// Catalogue rows of the write tools for snapshots and backups.
#include "tools/catalog_rows.h"
#include "tools/data_writes.h"
#include "tools/guest_config.h"
#include "tools/tasks.h"

namespace tools {
namespace {

std::vector<Row> snapshot_rows() {
  return {
      tool<VmSnapshotCreateArgs>({.name = "proxmox_create_snapshot_vm",
                                  .title = "Create VM snapshot",
                                  .description = "Snapshot a VM as a restore point.",
                                  .toolset = Toolset::snapshots,
                                  .privileges = "VM.Snapshot",
                                  .annotations = writes(false, false),
                                  .output = kSnapshotWriteOutput,
                                  .guest = GuestType::kQemu,
                                  .reports = kGuestTask},
                                 create_snapshot),
      tool<SnapshotCreateArgs>({.name = "proxmox_create_snapshot_lxc",
                                .title = "Create container snapshot",
                                .description = "Snapshot a container as a restore point.",
                                .toolset = Toolset::snapshots,
                                .privileges = "VM.Snapshot",
                                .annotations = writes(false, false),
                                .output = kSnapshotWriteOutput,
                                .guest = GuestType::kLxc,
                                .reports = kGuestTask},
                               create_snapshot),
      tool<SnapshotRollbackArgs>(
          {.name = "proxmox_rollback_snapshot_vm",
           .title = "Roll back VM snapshot",
           .description = "Roll a VM back to a snapshot; every change since is lost.",
           .toolset = Toolset::snapshots,
           .privileges = "VM.Snapshot.Rollback",
           .annotations = writes(true, false),
           .output = kSnapshotWriteOutput,
           .guest = GuestType::kQemu,
           .reports = kGuestTask,
           .confirm = Confirm::always},
          rollback_snapshot),
      tool<SnapshotRollbackArgs>(
          {.name = "proxmox_rollback_snapshot_lxc",
           .title = "Roll back container snapshot",
           .description = "Roll a container back to a snapshot; every change since is lost.",
           .toolset = Toolset::snapshots,
           .privileges = "VM.Snapshot.Rollback",
           .annotations = writes(true, false),
           .output = kSnapshotWriteOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask,
           .confirm = Confirm::always},
          rollback_snapshot),
      tool<SnapshotDeleteArgs>({.name = "proxmox_delete_snapshot_vm",
                                .title = "Delete VM snapshot",
                                .description = "Delete a VM snapshot; the current state is kept.",
                                .toolset = Toolset::snapshots,
                                .privileges = "VM.Snapshot",
                                .annotations = writes(true, true),
                                .output = kSnapshotWriteOutput,
                                .guest = GuestType::kQemu,
                                .reports = kGuestTask},
                               delete_snapshot),
      tool<SnapshotDeleteArgs>({.name = "proxmox_delete_snapshot_lxc",
                                .title = "Delete container snapshot",
                                .description = "Delete a container snapshot; the current state "
                                               "is kept.",
                                .toolset = Toolset::snapshots,
                                .privileges = "VM.Snapshot",
                                .annotations = writes(true, true),
                                .output = kSnapshotWriteOutput,
                                .guest = GuestType::kLxc,
                                .reports = kGuestTask},
                               delete_snapshot),
  };
}

std::vector<Row> backup_rows() {
  return {
      tool<BackupCreateArgs>({.name = "proxmox_create_backup_vm",
                              .title = "Back up a VM",
                              .description = "Back up a VM (vzdump); reports the archive.",
                              .toolset = Toolset::backups,
                              .privileges = "VM.Backup",
                              .annotations = writes(false, false),
                              .output = kBackupCreateOutput,
                              .guest = GuestType::kQemu,
                              .reports = kGuestTask,
                              .copies_guest = true},
                             create_backup),
      tool<BackupCreateArgs>({.name = "proxmox_create_backup_lxc",
                              .title = "Back up a container",
                              .description = "Back up a container (vzdump); reports the archive.",
                              .toolset = Toolset::backups,
                              .privileges = "VM.Backup",
                              .annotations = writes(false, false),
                              .output = kBackupCreateOutput,
                              .guest = GuestType::kLxc,
                              .reports = kGuestTask,
                              .copies_guest = true},
                             create_backup),
      tool<BackupRestoreArgs>({.name = "proxmox_restore_backup_vm",
                               .title = "Restore a VM backup",
                               .description = "Restore a VM backup under vmid.",
                               .toolset = Toolset::backups,
                               .privileges = "VM.Allocate",
                               .annotations = writes(true, false),
                               .output = kBackupRestoreOutput,
                               .guest = GuestType::kQemu,
                               .reports = kGuestTask,
                               .vmid_may_be_new = true,
                               .confirm = Confirm::with_force},
                              restore_backup),
      tool<BackupRestoreArgs>({.name = "proxmox_restore_backup_lxc",
                               .title = "Restore a container backup",
                               .description = "Restore a container backup under vmid.",
                               .toolset = Toolset::backups,
                               .privileges = "VM.Allocate",
                               .annotations = writes(true, false),
                               .output = kBackupRestoreOutput,
                               .guest = GuestType::kLxc,
                               .reports = kGuestTask,
                               .vmid_may_be_new = true,
                               .confirm = Confirm::with_force},
                              restore_backup),
      tool<BackupDeleteArgs>({.name = "proxmox_delete_backup",
                              .title = "Delete a backup",
                              .description = "Delete a backup volume permanently.",
                              .toolset = Toolset::backups,
                              .privileges = "Datastore.AllocateSpace and VM.Backup",
                              .annotations = writes(true, true),
                              .output = kBackupDeleteOutput,
                              .reports = kTaskFields,
                              .confirm = Confirm::always},
                             delete_backup),
  };
}

// Cloud-init sits with the network tools: like update_network it rewrites config keys of an
// existing VM, and what it mostly sets is addressing.
std::vector<Row> config_write_rows() {
  return {
      tool<CloudinitArgs>({.name = "proxmox_set_cloudinit",
                           .title = "Set VM cloud-init",
                           .description = "Set a VM's cloud-init options (used at next boot).",
                           .toolset = Toolset::network,
                           .privileges = "VM.Config.Cloudinit",
                           .annotations = writes(false, true),
                           .output = kCloudinitOutput,
                           .guest = GuestType::kQemu,
                           .reports = kGuestTask},
                          set_cloudinit),
      tool<TaskRef>({.name = "proxmox_cancel_task",
                     .title = "Stop a task",
                     .description = "Stop a running task; report how it ended.",
                     .toolset = Toolset::tasks,
                     .privileges = "Sys.Modify",
                     .annotations = writes(true, true),
                     .output = kTaskCancelOutput},
                    cancel_task),
  };
}

}  // namespace

std::vector<Row> data_rows() {
  return concat({snapshot_rows, backup_rows, config_write_rows});
}

}  // namespace tools
