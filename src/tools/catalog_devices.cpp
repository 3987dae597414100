// Catalogue rows of the write tools for disks, network interfaces, command execution.
#include "tools/catalog_rows.h"
#include "tools/container_exec.h"
#include "tools/disks.h"
#include "tools/exec.h"
#include "tools/network.h"

namespace tools {
namespace {

std::vector<Row> disk_slot_rows() {
  return {
      tool<AddDiskArgs>({.name = "proxmox_add_disk_vm",
                         .title = "Add disk to VM",
                         .description = "Add a new disk to a VM.",
                         .toolset = Toolset::disks,
                         .privileges = "VM.Config.Disk",
                         .annotations = writes(false, false),
                         .output = kAddVolumeOutput,
                         .guest = GuestType::kQemu,
                         .reports = kGuestTask},
                        add_volume),
      tool<AddMountpointArgs>({.name = "proxmox_add_mountpoint_lxc",
                               .title = "Add mount point to container",
                               .description = "Add a new volume to a container, mounted at path.",
                               .toolset = Toolset::disks,
                               .privileges = "VM.Config.Disk",
                               .annotations = writes(false, false),
                               .output = kAddVolumeOutput,
                               .guest = GuestType::kLxc,
                               .reports = kGuestTask},
                              add_volume),
      tool<RemoveDiskArgs>(
          {.name = "proxmox_remove_disk_vm",
           .title = "Remove disk from VM",
           .description = "Remove a VM disk: a slot becomes unusedN; an unusedN is destroyed.",
           .toolset = Toolset::disks,
           .privileges = "VM.Config.Disk",
           .annotations = writes(true, false),
           .output = kRemoveVolumeOutput,
           .guest = GuestType::kQemu,
           .reports = kGuestTask,
           .confirm = Confirm::always},
          remove_volume),
      tool<RemoveMountpointArgs>(
          {.name = "proxmox_remove_mountpoint_lxc",
           .title = "Remove mount point from container",
           .description =
               "Remove a container mount point: an mpN becomes unusedN; an unusedN is destroyed.",
           .toolset = Toolset::disks,
           .privileges = "VM.Config.Disk",
           .annotations = writes(true, false),
           .output = kRemoveVolumeOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask,
           .confirm = Confirm::always},
          remove_volume),
  };
}

std::vector<Row> disk_storage_rows() {
  return {
      tool<ResizeDiskVmArgs>(
          {.name = "proxmox_resize_disk_vm",
           .title = "Resize VM disk",
           .description = "Grow a VM disk (no shrinking), then the filesystem inside.",
           .toolset = Toolset::disks,
           .privileges = "VM.Config.Disk",
           .annotations = writes(false, false),
           .output = kResizeVolumeOutput,
           .guest = GuestType::kQemu,
           .reports = kGuestTask},
          resize_volume),
      tool<ResizeDiskLxcArgs>({.name = "proxmox_resize_disk_lxc",
                               .title = "Resize container volume",
                               .description = "Grow a container's rootfs or mount point (cannot "
                                              "shrink).",
                               .toolset = Toolset::disks,
                               .privileges = "VM.Config.Disk",
                               .annotations = writes(false, false),
                               .output = kResizeVolumeOutput,
                               .guest = GuestType::kLxc,
                               .reports = kGuestTask},
                              resize_volume),
      // Destructive: with delete (the default) the source volume is destroyed once copied.
      tool<MoveDiskVmArgs>({.name = "proxmox_move_disk_vm",
                            .title = "Move VM disk to other storage",
                            .description = "Move a VM disk to another storage.",
                            .toolset = Toolset::disks,
                            .privileges = "VM.Config.Disk",
                            .annotations = writes(true, false),
                            .output = kMoveVolumeOutput,
                            .guest = GuestType::kQemu,
                            .reports = kGuestTask},
                           move_volume),
      tool<MoveDiskLxcArgs>(
          {.name = "proxmox_move_disk_lxc",
           .title = "Move container volume to other storage",
           .description = "Move a container volume (rootfs, mpN, unusedN) to another storage.",
           .toolset = Toolset::disks,
           .privileges = "VM.Config.Disk",
           .annotations = writes(true, false),
           .output = kMoveVolumeOutput,
           .guest = GuestType::kLxc,
           .reports = kGuestTask},
          move_volume),
  };
}

std::vector<Row> network_rows() {
  return {
      tool<AddNetworkVmArgs>({.name = "proxmox_add_network_vm",
                              .title = "Add network interface to VM",
                              .description = "Add a network interface to a VM.",
                              .toolset = Toolset::network,
                              .privileges = "VM.Config.Network",
                              .annotations = writes(false, false),
                              .output = kNetworkOutput,
                              .guest = GuestType::kQemu,
                              .reports = kGuestTask},
                             add_network),
      tool<UpdateNetworkVmArgs>(
          {.name = "proxmox_update_network_vm",
           .title = "Update network interface of VM",
           .description =
               "Change given options of a VM's network interface; the MAC and the rest are kept.",
           .toolset = Toolset::network,
           .privileges = "VM.Config.Network",
           .annotations = writes(false, true),
           .output = kNetworkOutput,
           .guest = GuestType::kQemu,
           .reports = kGuestTask},
          update_network),
      tool<NicSlot>(
          {.name = "proxmox_remove_network_vm",
           .title = "Remove network interface from VM",
           .description =
               "Change given options of a VM's network interface; the others and the MAC stay.",
           .toolset = Toolset::network,
           .privileges = "VM.Config.Network",
           .annotations = writes(true, true),
           .output = kNetworkOutput,
           .guest = GuestType::kQemu,
           .reports = kGuestTask},
          remove_network),
      tool<AddNetworkLxcArgs>({.name = "proxmox_add_network_lxc",
                               .title = "Add network interface to container",
                               .description = "Add a network interface to a container.",
                               .toolset = Toolset::network,
                               .privileges = "VM.Config.Network",
                               .annotations = writes(false, false),
                               .output = kNetworkOutput,
                               .guest = GuestType::kLxc,
                               .reports = kGuestTask},
                              add_network),
      tool<UpdateNetworkLxcArgs>({.name = "proxmox_update_network_lxc",
                                  .title = "Update network interface of container",
                                  .description = "Change given options of a container's network "
                                                 "interface; the others and the MAC stay.",
                                  .toolset = Toolset::network,
                                  .privileges = "VM.Config.Network",
                                  .annotations = writes(false, true),
                                  .output = kNetworkOutput,
                                  .guest = GuestType::kLxc,
                                  .reports = kGuestTask},
                                 update_network),
      tool<NicSlot>({.name = "proxmox_remove_network_lxc",
                     .title = "Remove network interface from container",
                     .description = "Remove a container's network interface.",
                     .toolset = Toolset::network,
                     .privileges = "VM.Config.Network",
                     .annotations = writes(true, true),
                     .output = kNetworkOutput,
                     .guest = GuestType::kLxc,
                     .reports = kGuestTask},
                    remove_network),
  };
}

std::vector<Row> exec_rows() {
  return {
      tool<ExecArgs>({.name = "proxmox_execute_vm_command",
                      .title = "Run command in VM",
                      .description = "Run a program in a running VM via the guest agent; returns "
                                     "stdout, stderr and exit code.",
                      .toolset = Toolset::exec,
                      .privileges = "VM.GuestAgent.Unrestricted and VM.Audit",
                      .annotations = writes(true, false),
                      .output = kExecOutput,
                      .guest = GuestType::kQemu,
                      .reports = kGuestFields},
                     execute_vm_command),
      tool<CommandArgs>({.name = kContainerCommandTool,
                         .title = "Run command in container",
                         .description = "Run a program in a running container (pct exec over "
                                        "SSH; stopped after timeout); returns stdout, stderr and "
                                        "exit code.",
                         .toolset = Toolset::exec,
                         .privileges = "VM.Audit",
                         .annotations = writes(true, false),
                         .output = kExecOutput,
                         .guest = GuestType::kLxc,
                         .reports = kGuestFields},
                        execute_lxc_command),
  };
}

}  // namespace

std::vector<Row> device_rows() {
  return concat({disk_slot_rows, disk_storage_rows, network_rows, exec_rows});
}

}  // namespace tools
