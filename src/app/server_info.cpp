#include "app/server_info.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace app {

namespace {

std::string names_of(const std::vector<ServedPolicy>& clusters, bool elevated) {
  std::string out;
  for (const ServedPolicy& cluster : clusters) {
    if ((cluster.policy->mode() == policy::Mode::elevated) != elevated) continue;
    out += (out.empty() ? "" : ", ") + cluster.name;
  }
  return out;
}

}  // namespace

mcp::ServerInfo server_info(const policy::Policy& policy) {
  return server_info({ServedPolicy{"", &policy}}, "");
}

mcp::ServerInfo server_info(const std::vector<ServedPolicy>& clusters,
                            const std::string& default_name) {
  const auto any = [&](auto&& test) {
    return std::any_of(clusters.begin(), clusters.end(),
                       [&](const ServedPolicy& cluster) { return test(*cluster.policy); });
  };
  const auto all = [&](auto&& test) {
    return std::all_of(clusters.begin(), clusters.end(),
                       [&](const ServedPolicy& cluster) { return test(*cluster.policy); });
  };
  const auto elevated = [](const policy::Policy& p) { return p.mode() == policy::Mode::elevated; };
  mcp::ServerInfo info;
  info.name = "proxmox-mcp";
  info.title = "Proxmox VE";
  info.version = PMCP_VERSION;
  // A line names tools: it is shown when every one of them is listed, so that a server limited
  // to a few toolsets does not point the model at tools it does not have.
  const struct {
    const char* text;
    std::vector<std::string_view> tools;
  } lines[] = {
      {"Overview: proxmox_get_cluster_status (quorum, nodes), proxmox_get_nodes, "
       "proxmox_get_node_status.\n",
       {"proxmox_get_cluster_status", "proxmox_get_nodes", "proxmox_get_node_status"}},
      {"Guests: proxmox_get_vms lists VMs and containers; proxmox_get_vm_status shows one. A "
       "guest tool needs vmid: a VMID or the guest's unique name (or give name); node may be "
       "left out: the server finds the guest.\n",
       {"proxmox_get_vms", "proxmox_get_vm_status"}},
      {"Snapshots: proxmox_list_snapshots_vm / _lxc.\n",
       {"proxmox_list_snapshots_vm", "proxmox_list_snapshots_lxc"}},
      {"Storage: proxmox_get_storage; contents: proxmox_list_templates (container templates or "
       "ISO images); proxmox_get_next_vmid suggests a free VMID.\n",
       {"proxmox_get_storage", "proxmox_list_templates", "proxmox_get_next_vmid"}},
      {"Backups: proxmox_list_backups.\n", {"proxmox_list_backups"}},
      {"Tasks: operations return a UPID; follow it with proxmox_get_task_status (wait=true blocks "
       "until it ends); proxmox_list_tasks shows recent tasks.\n",
       {"proxmox_get_task_status", "proxmox_list_tasks"}},
      {"Anything else in the Proxmox API (HA, firewall, users, replication, Ceph, …): "
       "proxmox_api_search finds the endpoint, proxmox_api_describe shows its parameters, "
       "proxmox_api_call calls it (GET in any mode).\n",
       {"proxmox_api_search", "proxmox_api_describe", "proxmox_api_call"}},
  };
  if (clusters.size() == 1) {
    info.instructions = "Tools for one Proxmox VE cluster.\n";
  } else {
    std::string names;
    for (const ServedPolicy& cluster : clusters) {
      names += (names.empty() ? "" : ", ") + cluster.name +
               (cluster.name == default_name ? " (the default)" : "");
    }
    info.instructions =
        "Tools for " + std::to_string(clusters.size()) + " Proxmox VE clusters: " + names +
        ". Every tool takes cluster, the one it acts on (left out: " + default_name +
        "); VMIDs, names and nodes are a cluster's own.\n";
  }
  for (const auto& line : lines) {
    if (std::all_of(line.tools.begin(), line.tools.end(), [&](std::string_view tool) {
          return any([&](const policy::Policy& p) { return p.lists(tool); });
        })) {
      info.instructions += line.text;
    }
  }
  const bool several = clusters.size() > 1;
  if (any(elevated)) {
    info.instructions +=
        (all(elevated) ? std::string("Elevated mode")
                       : "Elevated mode on " + names_of(clusters, true)) +
        ": tools can change the cluster; confirm destructive actions with the user first. Every "
        "tool that starts a Proxmox task also takes wait (boolean, default true) and timeout "
        "(seconds, 0-3600; default 60 to 900 by operation): it follows the task and reports the "
        "outcome, or the UPID if the task outlasts timeout; wait=false returns the UPID at once. "
        "Every tool that changes something also takes dry_run (boolean): it answers with the "
        "request it would send to Proxmox (and each config key's value before and after) and "
        "sends nothing.";
  }
  if (any([&](const policy::Policy& p) { return elevated(p) && p.confirms(); })) {
    info.instructions +=
        " Stopping or deleting a guest, deleting a backup, rolling back, restoring over a guest "
        "and removing a disk first answer with what they would do and a confirm token: show it "
        "to the user, and only if they agree call again with the same arguments and confirm.";
  }
  if (any(elevated) && !all(elevated)) {
    info.instructions += " Basic mode on " + names_of(clusters, false) +
                         ": tools that change things are refused there.";
  } else if (!any(elevated)) {
    info.instructions +=
        several ? "Basic mode: tools that change things are refused; the user enables them with "
                  "allow_elevated = true in a cluster's table of the clusters file."
                : "Basic mode: tools that change things are refused; the user enables them with "
                  "PROXMOX_ALLOW_ELEVATED=true.";
  }
  return info;
}

}  // namespace app
