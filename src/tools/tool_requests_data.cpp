// The requests of the snapshot, backup, disk, network and command tools.
#include "tools/tool_requests_paths.h"

namespace tools {

namespace {

using namespace request_paths;

// A config change of one guest type: the config and pending reads, then `write` with `needs`.
std::vector<ToolRequest> config_change(std::string_view type, std::string_view write,
                                       std::vector<Need> needs) {
  const std::string_view config = type == "qemu" ? "GET /nodes/{node}/qemu/{vmid}/config"
                                                 : "GET /nodes/{node}/lxc/{vmid}/config";
  const std::string_view pending = type == "qemu" ? "GET /nodes/{node}/qemu/{vmid}/pending"
                                                  : "GET /nodes/{node}/lxc/{vmid}/pending";
  return {{config}, {pending}, {write, std::move(needs)}};
}

std::vector<ToolRequests> snapshot_requests() {
  return {
      {"proxmox_create_snapshot_vm",
       {{"GET /nodes/{node}/tasks"}, {"POST /nodes/{node}/qemu/{vmid}/snapshot"}}},
      {"proxmox_create_snapshot_lxc",
       {{"GET /nodes/{node}/tasks"}, {"POST /nodes/{node}/lxc/{vmid}/snapshot"}}},
      {"proxmox_rollback_snapshot_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"POST /nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback",
         {{"VM.Snapshot.Rollback", kVm}}}}},
      {"proxmox_rollback_snapshot_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"},
        {"POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback",
         {{"VM.Snapshot.Rollback", kVm}}}}},
      {"proxmox_delete_snapshot_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"DELETE /nodes/{node}/qemu/{vmid}/snapshot/{snapname}"}}},
      {"proxmox_delete_snapshot_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"},
        {"DELETE /nodes/{node}/lxc/{vmid}/snapshot/{snapname}"}}},
  };
}

// vzdump and the restores: VM.Backup on the guest and space on the backup storage (their
// permission descriptions); a restore reads the archive (check_volume_access) and allocates the
// guest, its disks and its bridges. A backup volume is deleted with space rights on its storage
// and VM.Backup on its guest (the content DELETE's description), not Datastore.Allocate.
std::vector<ToolRequests> backup_requests() {
  const std::vector<Need> backup = {{"VM.Backup", kVm}, {"Datastore.AllocateSpace", kStorage}};
  const std::vector<Need> restore = {{"VM.Allocate", kVm},
                                     {"VM.Backup", kVm},
                                     {"Datastore.AllocateSpace", kStorage},
                                     {"SDN.Use", kBridge}};
  return {
      {"proxmox_create_backup_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"}, {"POST /nodes/{node}/vzdump", backup}}},
      {"proxmox_create_backup_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"}, {"POST /nodes/{node}/vzdump", backup}}},
      {"proxmox_restore_backup_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/vzdump/extractconfig", backup},
        {"POST /nodes/{node}/qemu", restore}}},
      {"proxmox_restore_backup_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"},
        {"GET /nodes/{node}/vzdump/extractconfig", backup},
        {"POST /nodes/{node}/lxc", restore}}},
      {"proxmox_delete_backup",
       {{"GET /nodes/{node}/storage/{storage}/content"},
        {"DELETE /nodes/{node}/storage/{storage}/content/{volume}", backup}}},
      {"proxmox_set_cloudinit", config_change("qemu", "PUT /nodes/{node}/qemu/{vmid}/config",
                                              {{"VM.Config.Cloudinit", kVm}})},
  };
}

}  // namespace

std::vector<ToolRequests> data_write_requests() {
  return joined_tables({snapshot_requests, backup_requests});
}

// New volumes need space on their storage (check_storage_access, resize_vm, move_vm_disk);
// a NIC on a bridge needs SDN.Use on it (check_bridge_access).
std::vector<ToolRequests> device_write_requests() {
  const Need disk{"VM.Config.Disk", kVm};
  const Need space{"Datastore.AllocateSpace", kStorage};
  const Need nic{"VM.Config.Network", kVm};
  const Need bridge{"SDN.Use", kBridge};
  std::vector<ToolRequest> remove_disk =
      config_change("qemu", "POST /nodes/{node}/qemu/{vmid}/config", {disk});
  remove_disk.push_back({"GET /nodes/{node}/storage/{storage}/content"});
  std::vector<ToolRequest> move_vm =
      config_change("qemu", "POST /nodes/{node}/qemu/{vmid}/move_disk", {disk, space});
  std::vector<ToolRequest> move_lxc =
      config_change("lxc", "POST /nodes/{node}/lxc/{vmid}/move_volume", {disk, space});
  return {
      {"proxmox_add_disk_vm",
       config_change("qemu", "POST /nodes/{node}/qemu/{vmid}/config", {disk, space})},
      {"proxmox_add_mountpoint_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/config", {disk, space})},
      {"proxmox_remove_disk_vm", remove_disk},
      {"proxmox_remove_mountpoint_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/config", {disk})},
      {"proxmox_resize_disk_vm",
       config_change("qemu", "PUT /nodes/{node}/qemu/{vmid}/resize", {disk, space})},
      {"proxmox_resize_disk_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/resize", {disk, space})},
      {"proxmox_move_disk_vm", move_vm},
      {"proxmox_move_disk_lxc", move_lxc},
      {"proxmox_add_network_vm",
       config_change("qemu", "PUT /nodes/{node}/qemu/{vmid}/config", {nic, bridge})},
      {"proxmox_update_network_vm",
       config_change("qemu", "PUT /nodes/{node}/qemu/{vmid}/config", {nic, bridge})},
      {"proxmox_remove_network_vm",
       config_change("qemu", "PUT /nodes/{node}/qemu/{vmid}/config", {nic})},
      {"proxmox_add_network_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/config", {nic, bridge})},
      {"proxmox_update_network_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/config", {nic, bridge})},
      {"proxmox_remove_network_lxc",
       config_change("lxc", "PUT /nodes/{node}/lxc/{vmid}/config", {nic})},
      {"proxmox_execute_vm_command",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/qemu/{vmid}/status/current"},
        {"POST /nodes/{node}/qemu/{vmid}/agent/exec"},
        {"GET /nodes/{node}/qemu/{vmid}/agent/exec-status"}}},
      // The command itself goes to the node over SSH, not through the API.
      {"proxmox_execute_lxc_command",
       {{"GET /nodes/{node}/lxc/{vmid}/config"}, {"GET /cluster/status"}}},
  };
}

}  // namespace tools
