// Catalogue rows of the read tools (and proxmox_api_call, which changes only what the policy
// allows).
#include "tools/api_call.h"
#include "tools/api_tools.h"
#include "tools/catalog_rows.h"
#include "tools/guest_config.h"
#include "tools/guest_reads.h"
#include "tools/identity.h"
#include "tools/inventory.h"
#include "tools/observe.h"
#include "tools/tasks.h"

namespace tools {

namespace {

std::vector<Row> inventory_rows() {
  return {
      tool<NoArgs>({.name = "proxmox_get_nodes",
                    .title = "List cluster nodes",
                    .description = "Nodes with status, uptime, CPU and memory.",
                    .toolset = Toolset::inventory,
                    .privileges = "Sys.Audit",
                    .annotations = kReadOnly,
                    .output = kNodesOutput},
                   get_nodes),
      tool<NodeArgs>({.name = "proxmox_get_node_status",
                      .title = "Node status",
                      .description = "A node's uptime, CPU, load, memory, disk and versions.",
                      .toolset = Toolset::inventory,
                      .privileges = "Sys.Audit",
                      .annotations = kReadOnly,
                      .output = kNodeStatusOutput},
                     get_node_status),
      tool<GuestListArgs>(
          {.name = "proxmox_get_vms",
           .title = "List VMs and containers",
           .description =
               "VMs and containers with node, status, CPU and memory; paged (limit, cursor).",
           .toolset = Toolset::inventory,
           .privileges = "VM.Audit",
           .annotations = kReadOnly,
           .output = kVmsOutput},
          get_vms),
      tool<NodeFilterArgs>(
          {.name = "proxmox_get_storage",
           .title = "List storage pools",
           .description = "Storage pools with their nodes, type, content and usage.",
           .toolset = Toolset::inventory,
           .privileges = "Datastore.Audit",
           .annotations = kReadOnly,
           .output = kStorageOutput},
          get_storage),
      tool<NoArgs>({.name = "proxmox_get_cluster_status",
                    .title = "Cluster status",
                    .description = "Quorum, nodes online, total CPU and memory.",
                    .toolset = Toolset::inventory,
                    .privileges = "Sys.Audit",
                    .annotations = kReadOnly,
                    .output = kClusterOutput},
                   get_cluster_status),
      tool<NoArgs>({.name = "proxmox_get_next_vmid",
                    .title = "Next free VMID",
                    .description = "Next free VMID.",
                    .toolset = Toolset::inventory,
                    .privileges = "",
                    .annotations = kReadOnly,
                    .output = kNextVmidOutput},
                   get_next_vmid),
      tool<TemplateArgs>({.name = "proxmox_list_templates",
                          .title = "List templates or ISO images",
                          .description = "Container templates or ISO images on a storage.",
                          .toolset = Toolset::inventory,
                          .privileges = "Datastore.Audit",
                          .annotations = kReadOnly,
                          .output = kTemplatesOutput},
                         list_templates),
  };
}

std::vector<Row> guest_read_rows() {
  return {
      tool<GuestStatusArgs>(
          {.name = "proxmox_get_vm_status",
           .title = "VM or container status",
           .description = "A guest's live state, uptime, CPU, memory, disk and net I/O.",
           .toolset = Toolset::inventory,
           .privileges = "VM.Audit",
           .annotations = kReadOnly,
           .output = kVmStatusOutput},
          get_vm_status),
      tool<GuestArgs>({.name = "proxmox_list_snapshots_vm",
                       .title = "List VM snapshots",
                       .description = "A VM's snapshots with time, parent and description.",
                       .toolset = Toolset::snapshots,
                       .privileges = "VM.Audit",
                       .annotations = kReadOnly,
                       .output = kSnapshotsOutput,
                       .guest = GuestType::kQemu},
                      list_snapshots),
      tool<GuestArgs>({.name = "proxmox_list_snapshots_lxc",
                       .title = "List container snapshots",
                       .description = "A container's snapshots with time, parent and description.",
                       .toolset = Toolset::snapshots,
                       .privileges = "VM.Audit",
                       .annotations = kReadOnly,
                       .output = kSnapshotsOutput,
                       .guest = GuestType::kLxc},
                      list_snapshots),
      tool<BackupListArgs>(
          {.name = "proxmox_list_backups",
           .title = "List backups",
           .description = "Backups on one storage or all, newest first, with size and time.",
           .toolset = Toolset::backups,
           .privileges = "Datastore.Audit",
           .annotations = kReadOnly,
           .output = kBackupsOutput},
          list_backups),
  };
}

std::vector<Row> task_rows() {
  return {
      tool<TaskStatusArgs>({.name = "proxmox_get_task_status",
                            .title = "Task status",
                            .description = "A task's state, exit status, duration, log tail on "
                                           "failure; wait=true waits for its end.",
                            .toolset = Toolset::tasks,
                            .privileges = "Sys.Audit",
                            .annotations = kReadOnly,
                            .output = kTaskStatusOutput},
                           get_task_status),
      tool<TaskListArgs>(
          {.name = "proxmox_list_tasks",
           .title = "List tasks",
           .description = "Recent tasks on a node with type, guest, user, result and UPID.",
           .toolset = Toolset::tasks,
           .privileges = "Sys.Audit",
           .annotations = kReadOnly,
           .output = kTaskListOutput},
          list_tasks),
  };
}

std::vector<Row> config_read_rows() {
  return {
      tool<GuestConfigArgs>({.name = "proxmox_get_vm_config",
                             .title = "VM or container config",
                             .description = "A VM's or container's whole config.",
                             .toolset = Toolset::inventory,
                             .privileges = "VM.Audit",
                             .annotations = kReadOnly,
                             .output = kVmConfigOutput},
                            get_vm_config),
      tool<WhoamiArgs>({.name = "proxmox_whoami",
                        .title = "Identity and privileges",
                        .description = "The token in use and its privileges.",
                        .toolset = Toolset::inventory,
                        .privileges = "",
                        .annotations = kReadOnly,
                        .output = kWhoamiOutput},
                       whoami),
      tool<PoolArgs>({.name = "proxmox_get_pools",
                      .title = "Resource pools",
                      .description = "Resource pools and their members.",
                      .toolset = Toolset::inventory,
                      .privileges = "Pool.Audit",
                      .annotations = kReadOnly,
                      .output = kPoolsOutput},
                     get_pools),
      tool<TaskLogArgs>({.name = "proxmox_get_task_log",
                         .title = "Task log",
                         .description = "A task's log: the last limit lines, or from start.",
                         .toolset = Toolset::tasks,
                         .privileges = "Sys.Audit",
                         .annotations = kReadOnly,
                         .output = kTaskLogOutput},
                        get_task_log),
      tool<GuestIpsArgs>({.name = "proxmox_get_guest_ips",
                          .title = "Guest IP addresses",
                          .description = "A running guest's IP addresses.",
                          .toolset = Toolset::inventory,
                          .privileges = "VM.Audit (VM: VM.GuestAgent.Audit)",
                          .annotations = kReadOnly,
                          .output = kGuestIpsOutput},
                         get_guest_ips),
  };
}

std::vector<Row> observe_rows() {
  return {
      tool<NoArgs>({.name = "proxmox_get_ha_resources",
                    .title = "HA resources",
                    .description = "HA resources with requested and current state.",
                    .toolset = Toolset::inventory,
                    .privileges = "Sys.Audit",
                    .annotations = kReadOnly,
                    .output = kHaResourcesOutput},
                   get_ha_resources),
      tool<FirewallRulesArgs>({.name = "proxmox_get_firewall_rules",
                               .title = "Firewall rules",
                               .description = "Ordered rule list.",
                               .toolset = Toolset::inventory,
                               .privileges = "Sys.Audit (guest: VM.Audit)",
                               .annotations = kReadOnly,
                               .output = kFirewallRulesOutput},
                              get_firewall_rules),
      tool<RrdDataArgs>({.name = "proxmox_get_rrd_data",
                         .title = "Performance history",
                         .description = "CPU, memory, net, disk history.",
                         .toolset = Toolset::inventory,
                         .privileges = "Sys.Audit (guest: VM.Audit)",
                         .annotations = kReadOnly,
                         .output = kRrdDataOutput},
                        get_rrd_data),
  };
}

std::vector<Row> api_rows() {
  return {
      tool<ApiSearchArgs>({.name = "proxmox_api_search",
                           .title = "Search the Proxmox API",
                           .description = "Endpoints by words or path prefix; then "
                                          "proxmox_api_describe, proxmox_api_call.",
                           .toolset = Toolset::inventory,
                           .privileges = "",
                           .annotations = kReadOnly,
                           .output = kApiSearchOutput},
                          api_search),
      tool<ApiDescribeArgs>({.name = "proxmox_api_describe",
                             .title = "Describe a Proxmox API endpoint",
                             .description = "One endpoint in full.",
                             .toolset = Toolset::inventory,
                             .privileges = "",
                             .annotations = kReadOnly,
                             .output = kApiDescribeOutput},
                            api_describe),
      tool<ApiCallArgs>(
          {.name = "proxmox_api_call",
           .title = "Call the Proxmox API",
           .description =
               "Call an endpoint from proxmox_api_search (params checked first); changes only "
               "where the policy allows. Lists: fields, filter k=v, limit, cursor.",
           .toolset = Toolset::inventory,
           .privileges = "",
           .annotations = writes(true, false),
           .output = kApiCallOutput,
           .policy_per_call = true},
          api_call),
  };
}

}  // namespace

std::vector<Row> read_rows() {
  return concat(
      {inventory_rows, guest_read_rows, task_rows, config_read_rows, observe_rows, api_rows});
}

}  // namespace tools
