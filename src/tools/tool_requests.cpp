// The requests of the read tools, and the lookup over every tool.
#include "tools/tool_requests.h"

#include <algorithm>

#include "tools/tool_requests_paths.h"

namespace tools {

namespace {

using namespace request_paths;

std::vector<ToolRequests> inventory_requests() {
  return {
      {"proxmox_get_nodes", {{"GET /nodes", {{"Sys.Audit", kNode}}}}},
      {"proxmox_get_node_status", {{"GET /nodes"}, {"GET /nodes/{node}/status"}}},
      {"proxmox_get_vms",
       {{"GET /cluster/resources", {{"VM.Audit", kVm}}},
        {"GET /nodes"},
        {"GET /nodes/{node}/qemu", {{"VM.Audit", kVm}}},
        {"GET /nodes/{node}/lxc", {{"VM.Audit", kVm}}}}},
      {"proxmox_get_storage",
       {{"GET /cluster/resources", {{"Datastore.Audit", kStorage}}},
        {"GET /nodes"},
        {"GET /nodes/{node}/storage", {{"Datastore.Audit", kStorage}}}}},
      {"proxmox_get_cluster_status",
       {{"GET /cluster/status"}, {"GET /cluster/resources", {{"Sys.Audit", kNode}}}}},
      {"proxmox_get_next_vmid", {{"GET /cluster/nextid"}}},
      {"proxmox_list_templates", {{"GET /nodes/{node}/storage/{storage}/content"}}},
      {"proxmox_get_vm_status",
       {{"GET /nodes/{node}/qemu/{vmid}/status/current"},
        {"GET /nodes/{node}/lxc/{vmid}/status/current"}}},
      {"proxmox_get_vm_config",
       {{"GET /nodes/{node}/qemu/{vmid}/config"}, {"GET /nodes/{node}/lxc/{vmid}/config"}}},
      {"proxmox_whoami", {{"GET /access/permissions"}}},
      {"proxmox_get_pools",
       {{"GET /pools", {{"Pool.Audit", kPool}}}, {"GET /pools/{poolid}", {{"Pool.Audit", kPool}}}}},
      {"proxmox_get_guest_ips",
       {{"GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces"},
        {"GET /nodes/{node}/lxc/{vmid}/interfaces"}}},
      {"proxmox_get_ha_resources",
       {{"GET /cluster/ha/resources"}, {"GET /cluster/ha/status/current"}}},
      {"proxmox_get_firewall_rules",
       {{"GET /cluster/firewall/rules"},
        {"GET /nodes/{node}/firewall/rules"},
        {"GET /nodes/{node}/qemu/{vmid}/firewall/rules"},
        {"GET /nodes/{node}/lxc/{vmid}/firewall/rules"}}},
      {"proxmox_get_rrd_data",
       {{"GET /nodes/{node}/rrddata"},
        {"GET /nodes/{node}/qemu/{vmid}/rrddata"},
        {"GET /nodes/{node}/lxc/{vmid}/rrddata"}}},
      {"proxmox_api_search", {}},
      {"proxmox_api_describe", {}},
  };
}

// Another user's tasks need Sys.Audit on their node (their owner's need nothing).
std::vector<ToolRequests> list_requests() {
  return {
      {"proxmox_list_snapshots_vm", {{"GET /nodes/{node}/qemu/{vmid}/snapshot"}}},
      {"proxmox_list_snapshots_lxc", {{"GET /nodes/{node}/lxc/{vmid}/snapshot"}}},
      {"proxmox_list_backups",
       {{"GET /nodes/{node}/storage", {{"Datastore.Audit", kStorage}}},
        {"GET /nodes/{node}/storage/{storage}/content"}}},
      {"proxmox_get_task_status",
       {{"GET /nodes/{node}/tasks/{upid}/status", {{"Sys.Audit", kNode}}},
        {"GET /nodes/{node}/tasks", {{"Sys.Audit", kNode}}},
        {"GET /nodes/{node}/tasks/{upid}/log", {{"Sys.Audit", kNode}}}}},
      {"proxmox_list_tasks", {{"GET /nodes/{node}/tasks", {{"Sys.Audit", kNode}}}}},
      {"proxmox_get_task_log", {{"GET /nodes/{node}/tasks/{upid}/log", {{"Sys.Audit", kNode}}}}},
      {"proxmox_cancel_task",
       {{"GET /nodes/{node}/tasks/{upid}/status", {{"Sys.Audit", kNode}}},
        {"GET /nodes/{node}/tasks/{upid}/log", {{"Sys.Audit", kNode}}},
        {"DELETE /nodes/{node}/tasks/{upid}", {{"Sys.Modify", kNode}}}}},
  };
}

}  // namespace

std::vector<ToolRequests> joined_tables(
    std::initializer_list<std::vector<ToolRequests> (*)()> tables) {
  std::vector<ToolRequests> all;
  for (auto table : tables) {
    std::vector<ToolRequests> more = table();
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

const std::vector<ToolRequests>& tool_requests() {
  static const std::vector<ToolRequests> table =
      joined_tables({inventory_requests, list_requests, guest_write_requests, data_write_requests,
                     device_write_requests});
  return table;
}

const ToolRequests* requests_of(std::string_view tool) {
  const std::vector<ToolRequests>& table = tool_requests();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const ToolRequests& entry) { return entry.tool == tool; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace tools
