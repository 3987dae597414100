// The route table: which schema paths the model serves, and with which handler.
#include <map>
#include <utility>

#include "cluster_handlers.h"

namespace pvesim {
namespace {

using Routes = std::map<std::pair<std::string, std::string>, Handler>;

// Reads of the cluster, nodes, guests, storages and tasks.
Routes read_routes() {
  return {
      {{"GET", "/version"}, get_version},
      {{"GET", "/nodes/{node}/version"}, get_version},
      {{"GET", "/cluster/status"}, get_cluster_status},
      {{"GET", "/cluster/resources"}, get_cluster_resources},
      {{"GET", "/cluster/nextid"}, get_cluster_nextid},
      {{"GET", "/access/permissions"}, get_access_permissions},
      // What pveum sends to set up a token (cluster_write_access.cpp).
      {{"POST", "/access/roles"}, post_access_roles},
      {{"POST", "/access/users"}, post_access_users},
      {{"POST", "/access/users/{userid}/token/{tokenid}"}, post_access_user_token},
      {{"PUT", "/access/acl"}, put_access_acl},
      {{"GET", "/storage"}, get_storage_config},
      {{"GET", "/nodes"}, get_nodes},
      {{"GET", "/nodes/{node}/status"}, get_node_status},
      {{"GET", "/nodes/{node}/qemu"}, get_qemu_list},
      {{"GET", "/nodes/{node}/lxc"}, get_lxc_list},
      {{"GET", "/nodes/{node}/qemu/{vmid}/status/current"}, get_qemu_status},
      {{"GET", "/nodes/{node}/lxc/{vmid}/status/current"}, get_lxc_status},
      {{"GET", "/nodes/{node}/qemu/{vmid}/config"}, get_qemu_config},
      {{"GET", "/nodes/{node}/lxc/{vmid}/config"}, get_lxc_config},
      {{"GET", "/nodes/{node}/qemu/{vmid}/pending"}, get_qemu_pending},
      {{"GET", "/nodes/{node}/lxc/{vmid}/pending"}, get_lxc_pending},
      {{"GET", "/nodes/{node}/qemu/{vmid}/snapshot"}, get_qemu_snapshots},
      {{"GET", "/nodes/{node}/lxc/{vmid}/snapshot"}, get_lxc_snapshots},
      {{"GET", "/nodes/{node}/storage"}, get_node_storage},
      {{"GET", "/nodes/{node}/storage/{storage}/content"}, get_storage_content},
      {{"GET", "/nodes/{node}/storage/{storage}/status"}, get_storage_status},
      {{"GET", "/nodes/{node}/tasks"}, get_node_tasks},
      {{"GET", "/nodes/{node}/tasks/{upid}/status"}, get_task_status},
      {{"GET", "/nodes/{node}/tasks/{upid}/log"}, get_task_log},
      {{"DELETE", "/nodes/{node}/tasks/{upid}"}, delete_task},
      {{"GET", "/nodes/{node}/lxc/{vmid}/interfaces"}, get_lxc_interfaces},
  };
}

// HA, firewall rules and RRD history.
Routes observe_routes() {
  return {
      {{"GET", "/cluster/ha/resources"}, get_ha_resources},
      {{"GET", "/cluster/ha/resources/{sid}"}, get_ha_resource},
      {{"GET", "/cluster/ha/status/current"}, get_ha_status_current},
      {{"GET", "/cluster/firewall/rules"}, get_cluster_firewall_rules},
      {{"GET", "/nodes/{node}/firewall/rules"}, get_node_firewall_rules},
      {{"GET", "/nodes/{node}/qemu/{vmid}/firewall/rules"}, get_qemu_firewall_rules},
      {{"GET", "/nodes/{node}/lxc/{vmid}/firewall/rules"}, get_lxc_firewall_rules},
      {{"GET", "/nodes/{node}/rrddata"}, get_node_rrddata},
      {{"GET", "/nodes/{node}/qemu/{vmid}/rrddata"}, get_qemu_rrddata},
      {{"GET", "/nodes/{node}/lxc/{vmid}/rrddata"}, get_lxc_rrddata},
  };
}

// Snapshots, backups, pools and disks.
Routes data_routes() {
  return {
      // Snapshots (cluster_write_snapshots.cpp).
      {{"POST", "/nodes/{node}/qemu/{vmid}/snapshot"}, post_qemu_snapshot},
      {{"POST", "/nodes/{node}/lxc/{vmid}/snapshot"}, post_lxc_snapshot},
      {{"POST", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback"},
       post_qemu_snapshot_rollback},
      {{"POST", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback"},
       post_lxc_snapshot_rollback},
      {{"DELETE", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}"}, delete_qemu_snapshot},
      {{"DELETE", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}"}, delete_lxc_snapshot},
      {{"GET", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config"}, get_qemu_snapshot_config},
      {{"GET", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/config"}, get_lxc_snapshot_config},
      {{"PUT", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config"}, put_qemu_snapshot_config},
      {{"PUT", "/nodes/{node}/lxc/{vmid}/snapshot/{snapname}/config"}, put_lxc_snapshot_config},
      // Backups (cluster_write_backups.cpp).
      {{"POST", "/nodes/{node}/vzdump"}, post_vzdump},
      {{"DELETE", "/nodes/{node}/storage/{storage}/content/{volume}"}, delete_storage_volume},
      {{"GET", "/nodes/{node}/vzdump/extractconfig"}, get_vzdump_extractconfig},
      // Resource pools (cluster_read_pools.cpp, cluster_write_pools.cpp).
      {{"GET", "/pools"}, get_pools},
      {{"GET", "/pools/{poolid}"}, get_pool},
      {{"POST", "/pools"}, post_pools},
      {{"PUT", "/pools"}, put_pools},
      {{"PUT", "/pools/{poolid}"}, put_pools},
      {{"DELETE", "/pools"}, delete_pools},
      {{"DELETE", "/pools/{poolid}"}, delete_pools},
      // Disks (cluster_write_volumes.cpp).
      {{"PUT", "/nodes/{node}/qemu/{vmid}/resize"}, put_qemu_resize},
      {{"PUT", "/nodes/{node}/lxc/{vmid}/resize"}, put_lxc_resize},
      {{"POST", "/nodes/{node}/qemu/{vmid}/move_disk"}, post_qemu_move_disk},
      {{"POST", "/nodes/{node}/lxc/{vmid}/move_volume"}, post_lxc_move_volume},
  };
}

// The guest agent, the guest lifecycle and guest creation.
Routes guest_routes() {
  return {
      // Guest agent (cluster_agent.cpp).
      {{"POST", "/nodes/{node}/qemu/{vmid}/agent/exec"}, post_agent_exec},
      {{"GET", "/nodes/{node}/qemu/{vmid}/agent/exec-status"}, get_agent_exec_status},
      {{"POST", "/nodes/{node}/qemu/{vmid}/agent/ping"}, post_agent_ping},
      {{"GET", "/nodes/{node}/qemu/{vmid}/agent/get-osinfo"}, get_agent_osinfo},
      {{"GET", "/nodes/{node}/qemu/{vmid}/agent/get-host-name"}, get_agent_host_name},
      {{"GET", "/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces"},
       get_agent_network_interfaces},
      // Guest lifecycle (cluster_write_power.cpp, cluster_write_guests_*.cpp).
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/start"}, post_qemu_start},
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/stop"}, post_qemu_stop},
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/shutdown"}, post_qemu_shutdown},
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/reboot"}, post_qemu_reboot},
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/suspend"}, post_qemu_suspend},
      {{"POST", "/nodes/{node}/qemu/{vmid}/status/resume"}, post_qemu_resume},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/start"}, post_lxc_start},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/stop"}, post_lxc_stop},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/shutdown"}, post_lxc_shutdown},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/reboot"}, post_lxc_reboot},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/suspend"}, post_lxc_suspend},
      {{"POST", "/nodes/{node}/lxc/{vmid}/status/resume"}, post_lxc_resume},
      {{"DELETE", "/nodes/{node}/qemu/{vmid}"}, delete_qemu},
      {{"DELETE", "/nodes/{node}/lxc/{vmid}"}, delete_lxc},
      {{"POST", "/nodes/{node}/qemu/{vmid}/config"}, post_qemu_config},
      {{"PUT", "/nodes/{node}/qemu/{vmid}/config"}, put_qemu_config},
      {{"PUT", "/nodes/{node}/lxc/{vmid}/config"}, put_lxc_config},
      // Guest creation (cluster_write_create_*.cpp, cluster_write_restore_qemu.cpp,
      // cluster_write_clone.cpp).
      {{"POST", "/nodes/{node}/qemu"}, post_qemu_create},
      {{"POST", "/nodes/{node}/lxc"}, post_lxc_create},
      {{"POST", "/nodes/{node}/qemu/{vmid}/clone"}, post_qemu_clone},
      {{"POST", "/nodes/{node}/lxc/{vmid}/clone"}, post_lxc_clone},
      // Migration and templates (cluster_write_migrate_*.cpp, cluster_write_template.cpp).
      {{"GET", "/nodes/{node}/qemu/{vmid}/migrate"}, get_qemu_migrate},
      {{"POST", "/nodes/{node}/qemu/{vmid}/migrate"}, post_qemu_migrate},
      {{"GET", "/nodes/{node}/lxc/{vmid}/migrate"}, get_lxc_migrate},
      {{"POST", "/nodes/{node}/lxc/{vmid}/migrate"}, post_lxc_migrate},
      {{"POST", "/nodes/{node}/qemu/{vmid}/template"}, post_qemu_template},
      {{"POST", "/nodes/{node}/lxc/{vmid}/template"}, post_lxc_template},
  };
}

}  // namespace

Handler find_handler(const std::string& method, const std::string& template_path) {
  static const Routes routes = [] {
    Routes all = read_routes();
    all.merge(observe_routes());
    all.merge(data_routes());
    all.merge(guest_routes());
    return all;
  }();
  auto it = routes.find({method, template_path});
  return it == routes.end() ? nullptr : it->second;
}

}  // namespace pvesim
