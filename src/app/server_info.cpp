#include "app/server_info.h"

namespace app {

mcp::ServerInfo server_info(const policy::Policy& policy) {
  mcp::ServerInfo info;
  info.name = "proxmox-mcp";
  info.title = "Proxmox VE";
  info.version = PMCP_VERSION;
  info.instructions =
      "Tools for one Proxmox VE cluster. Overview: proxmox_get_cluster_status (quorum, nodes), "
      "proxmox_get_nodes, proxmox_get_node_status.\n"
      "Guests: proxmox_get_vms lists VMs and containers; proxmox_get_vm_status shows one (node, "
      "vmid, type qemu|lxc); snapshots: proxmox_list_snapshots_vm / _lxc.\n"
      "Storage: proxmox_get_storage; contents: proxmox_list_templates (container templates or "
      "ISO images) and proxmox_list_backups; proxmox_get_next_vmid suggests a free VMID.\n"
      "Tasks: operations return a UPID; follow it with proxmox_get_task_status (wait=true blocks "
      "until it ends); proxmox_list_tasks shows recent tasks.\n"
      "Anything else in the Proxmox API (HA, firewall, users, replication, Ceph, …): "
      "proxmox_api_search finds the endpoint, proxmox_api_describe shows its parameters, "
      "proxmox_api_call calls it (GET in any mode).\n";
  info.instructions +=
      policy.mode() == policy::Mode::elevated
          ? "Elevated mode: tools can change the cluster; confirm destructive actions with the "
            "user first. Every tool that starts a Proxmox task also takes wait (boolean, default "
            "true) and timeout (seconds, 0-3600; default 60 to 900 by operation): it follows the "
            "task and reports the outcome, or the UPID if the task outlasts timeout; wait=false "
            "returns the UPID at once."
          : "Basic mode: tools that change things are refused; the user enables them with "
            "PROXMOX_ALLOW_ELEVATED=true.";
  return info;
}

}  // namespace app
