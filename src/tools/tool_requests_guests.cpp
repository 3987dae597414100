// The requests of the tools that create, power, clone, resize, migrate and delete guests.
#include "tools/tool_requests_paths.h"

namespace tools {

namespace {

using namespace request_paths;

// A power action of both guest types: the status read, the POST, and the own-task list a lost
// answer is recovered from.
std::vector<ToolRequest> power(std::string_view qemu, std::string_view lxc) {
  std::vector<ToolRequest> out = {{"GET /nodes/{node}/tasks"}};
  for (std::string_view request : {qemu, lxc}) {
    if (!request.empty()) out.push_back({request});
  }
  return out;
}

std::vector<ToolRequest> confirmed(std::vector<ToolRequest> requests, std::string_view config) {
  requests.insert(requests.begin(), {config});
  return requests;
}

// qemu-server's create_vm checks each key it is given (check_vm_modify_config_perm), the
// storage of each new disk and ISO (check_storage_access) and the bridge (check_bridge_access).
// A privileged container (unprivileged=0) also needs Sys.Modify on /: left out, so that a role
// made from this table creates unprivileged ones only.
std::vector<ToolRequests> create_requests() {
  return {
      {"proxmox_create_vm",
       {{"GET /cluster/nextid"},
        {"GET /nodes/{node}/storage", {{"Datastore.Audit", kStorage}}},
        {"GET /nodes/{node}/storage/{storage}/content"},
        {"GET /nodes/{node}/qemu/{vmid}/pending"},
        {"POST /nodes/{node}/qemu",
         {{"VM.Allocate", kVm},
          {"VM.Config.CPU", kVm},
          {"VM.Config.Memory", kVm},
          {"VM.Config.Network", kVm},
          {"VM.Config.HWType", kVm},
          {"VM.Config.Options", kVm},
          {"VM.Config.Disk", kVm},
          {"Datastore.AllocateSpace", kStorage},
          {"SDN.Use", kBridge}}}}},
      {"proxmox_create_lxc",
       {{"GET /cluster/nextid"},
        {"GET /nodes/{node}/storage", {{"Datastore.Audit", kStorage}}},
        {"GET /nodes/{node}/storage/{storage}/content"},
        {"GET /nodes/{node}/lxc/{vmid}/pending"},
        {"POST /nodes/{node}/lxc",
         {{"VM.Allocate", kVm},
          {"VM.Config.CPU", kVm},
          {"VM.Config.Memory", kVm},
          {"VM.Config.Network", kVm},
          {"VM.Config.Options", kVm},
          {"VM.Config.Disk", kVm},
          {"Datastore.AllocateSpace", kStorage},
          {"SDN.Use", kBridge}}}}},
      {"proxmox_convert_to_template",
       {{"GET /cluster/resources", {{"VM.Audit", kVm}}},
        {"GET /nodes/{node}/tasks"},
        {"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/qemu/{vmid}/pending"},
        {"GET /nodes/{node}/qemu/{vmid}/status/current"},
        {"POST /nodes/{node}/qemu/{vmid}/template"},
        {"GET /nodes/{node}/lxc/{vmid}/config"},
        {"GET /nodes/{node}/lxc/{vmid}/pending"},
        {"GET /nodes/{node}/lxc/{vmid}/status/current"},
        {"POST /nodes/{node}/lxc/{vmid}/template"}}},
  };
}

std::vector<ToolRequests> power_requests() {
  return {
      {"proxmox_start_vm", power("POST /nodes/{node}/qemu/{vmid}/status/start", "")},
      {"proxmox_start_lxc", power("", "POST /nodes/{node}/lxc/{vmid}/status/start")},
      // A stop is confirmed against the guest's config digest (PROXMOX_CONFIRM).
      {"proxmox_stop_vm", confirmed(power("POST /nodes/{node}/qemu/{vmid}/status/stop", ""),
                                    "GET /nodes/{node}/qemu/{vmid}/config")},
      {"proxmox_stop_lxc", confirmed(power("", "POST /nodes/{node}/lxc/{vmid}/status/stop"),
                                     "GET /nodes/{node}/lxc/{vmid}/config")},
      {"proxmox_reboot_vm", power("POST /nodes/{node}/qemu/{vmid}/status/reboot", "")},
      {"proxmox_reboot_lxc", power("", "POST /nodes/{node}/lxc/{vmid}/status/reboot")},
      {"proxmox_shutdown_vm", power("POST /nodes/{node}/qemu/{vmid}/status/shutdown", "")},
      {"proxmox_shutdown_lxc", power("", "POST /nodes/{node}/lxc/{vmid}/status/shutdown")},
      {"proxmox_pause_vm", power("POST /nodes/{node}/qemu/{vmid}/status/suspend", "")},
      {"proxmox_resume_vm", power("POST /nodes/{node}/qemu/{vmid}/status/resume", "")},
  };
}

// A clone's new disks need space on their storage (PVE::API2::Qemu clone_vm, LXC clone_vm).
std::vector<ToolRequests> clone_requests() {
  return {
      {"proxmox_clone_vm",
       {{"GET /cluster/nextid"},
        {"GET /nodes/{node}/qemu/{vmid}/config"},
        {"POST /nodes/{node}/qemu/{vmid}/clone", {{"Datastore.AllocateSpace", kStorage}}}}},
      {"proxmox_clone_lxc",
       {{"GET /cluster/nextid"},
        {"GET /nodes/{node}/lxc/{vmid}/config"},
        {"POST /nodes/{node}/lxc/{vmid}/clone", {{"Datastore.AllocateSpace", kStorage}}}}},
  };
}

std::vector<ToolRequests> change_requests() {
  return {
      {"proxmox_resize_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/qemu/{vmid}/pending"},
        {"POST /nodes/{node}/qemu/{vmid}/config",
         {{"VM.Config.CPU", kVm}, {"VM.Config.Memory", kVm}}},
        {"PUT /nodes/{node}/qemu/{vmid}/config",
         {{"VM.Config.CPU", kVm}, {"VM.Config.Memory", kVm}}}}},
      {"proxmox_resize_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"},
        {"GET /nodes/{node}/lxc/{vmid}/pending"},
        {"PUT /nodes/{node}/lxc/{vmid}/config",
         {{"VM.Config.CPU", kVm}, {"VM.Config.Memory", kVm}}}}},
      {"proxmox_set_tags",
       {{"GET /cluster/resources", {{"VM.Audit", kVm}}},
        {"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/qemu/{vmid}/pending"},
        {"PUT /nodes/{node}/qemu/{vmid}/config", {{"VM.Config.Options", kVm}}},
        {"GET /nodes/{node}/lxc/{vmid}/config"},
        {"GET /nodes/{node}/lxc/{vmid}/pending"},
        {"PUT /nodes/{node}/lxc/{vmid}/config", {{"VM.Config.Options", kVm}}}}},
      {"proxmox_delete_vm",
       {{"GET /nodes/{node}/qemu/{vmid}/config"},
        {"GET /nodes/{node}/qemu/{vmid}/status/current"},
        {"DELETE /nodes/{node}/qemu/{vmid}"}}},
      {"proxmox_delete_lxc",
       {{"GET /nodes/{node}/lxc/{vmid}/config"},
        {"GET /nodes/{node}/lxc/{vmid}/status/current"},
        {"DELETE /nodes/{node}/lxc/{vmid}"}}},
      // proxmox_migrate_vm moves a container too when told type=lxc.
      {"proxmox_migrate_vm",
       {{"GET /cluster/resources", {{"VM.Audit", kVm}}},
        {"GET /nodes/{node}/qemu/{vmid}/status/current"},
        {"POST /nodes/{node}/qemu/{vmid}/migrate"},
        {"GET /nodes/{node}/lxc/{vmid}/status/current"},
        {"POST /nodes/{node}/lxc/{vmid}/migrate"}}},
      {"proxmox_migrate_lxc",
       {{"GET /cluster/resources", {{"VM.Audit", kVm}}},
        {"GET /nodes/{node}/lxc/{vmid}/status/current"},
        {"POST /nodes/{node}/lxc/{vmid}/migrate"}}},
  };
}

}  // namespace

std::vector<ToolRequests> guest_write_requests() {
  return joined_tables({create_requests, power_requests, clone_requests, change_requests});
}

}  // namespace tools
