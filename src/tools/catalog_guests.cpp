// Catalogue rows of the write tools that create guests, switch their power, clone, resize and
// delete them.
#include "tools/catalog_rows.h"
#include "tools/guest_create.h"
#include "tools/guest_lifecycle.h"
#include "tools/guest_migrate.h"

namespace tools {
namespace {

constexpr std::string_view kPower = "VM.PowerMgmt";

std::vector<Row> create_rows() {
  return {
      tool<CreateVmArgs>({.name = "proxmox_create_vm",
                          .title = "Create QEMU VM",
                          .description = "Create a VM (disk scsi0, net0, optional installer ISO).",
                          .toolset = Toolset::create,
                          .privileges = "VM.Allocate",
                          .annotations = writes(false, false),
                          .output = kCreateVmOutput,
                          .guest = GuestType::kQemu,
                          .reports = kGuestTask},
                         create_vm),
      tool<CreateLxcArgs>({.name = "proxmox_create_lxc",
                           .title = "Create LXC container",
                           .description = "Create a container from a template; without password or "
                                          "ssh_public_keys, root gets a random, unshown password.",
                           .toolset = Toolset::create,
                           .privileges = "VM.Allocate",
                           .annotations = writes(false, false),
                           .output = kCreateLxcOutput,
                           .guest = GuestType::kLxc,
                           .reports = kGuestTask},
                          create_lxc),
  };
}

// Start and stop, whatever state the guest is in.
std::vector<Row> power_rows() {
  return {
      tool<StartArgs>({.name = "proxmox_start_vm",
                       .title = "Start VM",
                       .description = "Start a VM.",
                       .toolset = Toolset::lifecycle,
                       .privileges = kPower,
                       .annotations = writes(false, true),
                       .output = kPowerOutput,
                       .guest = GuestType::kQemu,
                       .reports = kGuestTask},
                      start_guest),
      tool<StartArgs>({.name = "proxmox_start_lxc",
                       .title = "Start container",
                       .description = "Start a container.",
                       .toolset = Toolset::lifecycle,
                       .privileges = kPower,
                       .annotations = writes(false, true),
                       .output = kPowerOutput,
                       .guest = GuestType::kLxc,
                       .reports = kGuestTask},
                      start_guest),
      tool<StartArgs>({.name = "proxmox_stop_vm",
                       .title = "Stop VM",
                       .description = "Hard-stop a VM (like pulling the plug); prefer shutdown.",
                       .toolset = Toolset::lifecycle,
                       .privileges = kPower,
                       .annotations = writes(true, true),
                       .output = kPowerOutput,
                       .guest = GuestType::kQemu,
                       .reports = kGuestTask,
                       .confirm = Confirm::always},
                      stop_guest),
      tool<StartArgs>(
          {.name = "proxmox_stop_lxc",
           .title = "Stop container",
           .description = "Hard-stop a container (like pulling the plug); prefer shutdown.",
           .toolset = Toolset::lifecycle,
           .privileges = kPower,
           .annotations = writes(true, true),
           .output = kPowerOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask,
           .confirm = Confirm::always},
          stop_guest),
  };
}

// Reboot, shut down, pause and resume: asked of a running (or paused) guest.
std::vector<Row> restart_rows() {
  return {
      tool<RebootArgs>({.name = "proxmox_reboot_vm",
                        .title = "Reboot VM",
                        .description = "Reboot a VM through its OS.",
                        .toolset = Toolset::lifecycle,
                        .privileges = kPower,
                        .annotations = writes(true, false),
                        .output = kPowerOutput,
                        .guest = GuestType::kQemu,
                        .reports = kGuestTask},
                       reboot_guest),
      tool<RebootArgs>({.name = "proxmox_reboot_lxc",
                        .title = "Reboot container",
                        .description = "Reboot a container through its OS.",
                        .toolset = Toolset::lifecycle,
                        .privileges = kPower,
                        .annotations = writes(true, false),
                        .output = kPowerOutput,
                        .guest = GuestType::kLxc,
                        .reports = kGuestTask},
                       reboot_guest),
      tool<ShutdownArgs>({.name = "proxmox_shutdown_vm",
                          .title = "Shutdown VM",
                          .description = "Shut a VM down through its OS.",
                          .toolset = Toolset::lifecycle,
                          .privileges = kPower,
                          .annotations = writes(true, true),
                          .output = kPowerOutput,
                          .guest = GuestType::kQemu,
                          .reports = kGuestTask},
                         shutdown_guest),
      tool<ShutdownArgs>({.name = "proxmox_shutdown_lxc",
                          .title = "Shutdown container",
                          .description = "Shut a container down through its OS.",
                          .toolset = Toolset::lifecycle,
                          .privileges = kPower,
                          .annotations = writes(true, true),
                          .output = kPowerOutput,
                          .guest = GuestType::kLxc,
                          .reports = kGuestTask},
                         shutdown_guest),
      tool<PauseArgs>({.name = "proxmox_pause_vm",
                       .title = "Pause VM",
                       .description = "Freeze a running VM until resumed.",
                       .toolset = Toolset::lifecycle,
                       .privileges = kPower,
                       .annotations = writes(false, true),
                       .output = kPowerOutput,
                       .guest = GuestType::kQemu,
                       .reports = kGuestTask},
                      pause_guest),
      tool<PauseArgs>({.name = "proxmox_resume_vm",
                       .title = "Resume VM",
                       .description = "Resume a paused VM.",
                       .toolset = Toolset::lifecycle,
                       .privileges = kPower,
                       .annotations = writes(false, true),
                       .output = kPowerOutput,
                       .guest = GuestType::kQemu,
                       .reports = kGuestTask},
                      resume_guest),
  };
}

// Clone, resize and delete.
std::vector<Row> lifecycle_rows() {
  return {
      tool<CloneArgs>({.name = "proxmox_clone_vm",
                       .title = "Clone VM",
                       .description = "Clone a VM: a full copy, or a linked clone of a template.",
                       .toolset = Toolset::lifecycle,
                       .privileges = "VM.Clone (and VM.Allocate on the new ID)",
                       .annotations = writes(false, false),
                       .output = kCloneOutput,
                       .guest = GuestType::kQemu,
                       .reports = kGuestTask,
                       .copies_guest = true},
                      clone_guest),
      tool<CloneLxcArgs>(
          {.name = "proxmox_clone_lxc",
           .title = "Clone container",
           .description = "Clone a container: a full copy, or a linked clone of a template.",
           .toolset = Toolset::lifecycle,
           .privileges = "VM.Clone (and VM.Allocate on the new ID)",
           .annotations = writes(false, false),
           .output = kCloneOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask,
           .copies_guest = true},
          clone_guest),
      tool<ResizeArgs>({.name = "proxmox_resize_vm",
                        .title = "Resize VM CPU and memory",
                        .description = "Set a VM's cores and/or memory (may apply at next start).",
                        .toolset = Toolset::lifecycle,
                        .privileges = "VM.Config.CPU and VM.Config.Memory",
                        .annotations = writes(false, true),
                        .output = kResizeOutput,
                        .guest = GuestType::kQemu,
                        .reports = kGuestTask},
                       resize_guest),
      tool<ResizeArgs>(
          {.name = "proxmox_resize_lxc",
           .title = "Resize container CPU and memory",
           .description = "Set a container's cores and/or memory (may apply at next start).",
           .toolset = Toolset::lifecycle,
           .privileges = "VM.Config.CPU and VM.Config.Memory",
           .annotations = writes(false, true),
           .output = kResizeOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask},
          resize_guest),
      tool<DeleteArgs>({.name = "proxmox_delete_vm",
                        .title = "Delete VM",
                        .description = "Delete a stopped VM and its disks. Irreversible.",
                        .toolset = Toolset::remove,
                        .privileges = "VM.Allocate",
                        .annotations = writes(true, false),
                        .output = kDeleteOutput,
                        .guest = GuestType::kQemu,
                        .reports = kGuestTask,
                        .confirm = Confirm::always},
                       delete_guest),
      tool<DeleteLxcArgs>({.name = "proxmox_delete_lxc",
                           .title = "Delete container",
                           .description = "Delete a container and its disks (stop it first, or "
                                          "force). Irreversible.",
                           .toolset = Toolset::remove,
                           .privileges = "VM.Allocate",
                           .annotations = writes(true, false),
                           .output = kDeleteOutput,
                           .guest = GuestType::kLxc,
                           .reports = kGuestTask,
                           .confirm = Confirm::always},
                          delete_guest),
  };
}

// Migration between nodes and conversion to a template.
std::vector<Row> migrate_rows() {
  return {
      tool<MigrateVmArgs>({.name = "proxmox_migrate_vm",
                           .title = "Migrate VM",
                           .description = "Move a VM to another node.",
                           .toolset = Toolset::lifecycle,
                           .privileges = "VM.Migrate",
                           .annotations = writes(false, false),
                           .output = kMigrateOutput,
                           .guest = GuestType::kQemu,
                           .reports = kGuestTask | kEitherType},
                          migrate_vm),
      tool<MigrateLxcArgs>(
          {.name = "proxmox_migrate_lxc",
           .title = "Migrate container",
           .description = "Move a container to another node; restart=true if running.",
           .toolset = Toolset::lifecycle,
           .privileges = "VM.Migrate",
           .annotations = writes(false, false),
           .output = kMigrateOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask},
          migrate_lxc),
      tool<ConvertTemplateArgs>({.name = "proxmox_convert_to_template",
                                 .title = "Convert to template",
                                 .description = "Make a stopped guest a template. Irreversible.",
                                 .toolset = Toolset::create,
                                 .privileges = "VM.Allocate and VM.Audit",
                                 .annotations = writes(true, false),
                                 .output = kTemplateOutput,
                                 .guest = GuestType::kQemu,
                                 .reports = kGuestTask | kEitherType},
                                convert_to_template),
  };
}

}  // namespace

std::vector<Row> guest_rows() {
  return concat({create_rows, power_rows, restart_rows, lifecycle_rows, migrate_rows});
}

}  // namespace tools
