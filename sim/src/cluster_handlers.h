// The endpoint handlers of the cluster model, one function per method and schema path.
#pragma once

// Adding an endpoint: write the handler in a cluster_<area>.cpp, declare it here and add it to
// the table in cluster_routes.cpp. Handlers run under the model's lock, after the request passed
// auth, routing, permissions, validation and the node check. An asynchronous write starts a
// task with state.tasks.start({node, type, id, request.auth_id, state.task_ms, exitstatus, log,
// on_finish}) and returns its UPID; on_finish applies the state change when the task ends.

#include <string>

#include "api_types.h"
#include "cluster_state.h"

namespace pvesim {

using Handler = ApiResponse (*)(ClusterState& state, const ApiRequest& request);

// The handler for "GET" + "/nodes/{node}/qemu", or nullptr when the model does not serve it.
Handler find_handler(const std::string& method, const std::string& template_path);

// cluster_read_cluster.cpp
ApiResponse get_version(ClusterState& state, const ApiRequest& request);
ApiResponse get_cluster_status(ClusterState& state, const ApiRequest& request);
ApiResponse get_cluster_resources(ClusterState& state, const ApiRequest& request);
ApiResponse get_cluster_nextid(ClusterState& state, const ApiRequest& request);
ApiResponse get_access_permissions(ClusterState& state, const ApiRequest& request);
ApiResponse get_storage_config(ClusterState& state, const ApiRequest& request);

// cluster_read_nodes.cpp
ApiResponse get_nodes(ClusterState& state, const ApiRequest& request);
ApiResponse get_node_status(ClusterState& state, const ApiRequest& request);

// cluster_read_guests.cpp
ApiResponse get_qemu_list(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_list(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_status(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_status(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_config(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_config(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_pending(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_pending(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_snapshots(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_snapshots(ClusterState& state, const ApiRequest& request);

// cluster_read_interfaces.cpp
ApiResponse get_lxc_interfaces(ClusterState& state, const ApiRequest& request);

// cluster_read_storage.cpp
ApiResponse get_node_storage(ClusterState& state, const ApiRequest& request);
ApiResponse get_storage_content(ClusterState& state, const ApiRequest& request);
ApiResponse get_storage_status(ClusterState& state, const ApiRequest& request);

// cluster_read_tasks.cpp
ApiResponse get_node_tasks(ClusterState& state, const ApiRequest& request);
ApiResponse get_task_status(ClusterState& state, const ApiRequest& request);
ApiResponse get_task_log(ClusterState& state, const ApiRequest& request);
ApiResponse delete_task(ClusterState& state, const ApiRequest& request);

// cluster_read_ha.cpp
ApiResponse get_ha_resources(ClusterState& state, const ApiRequest& request);
ApiResponse get_ha_resource(ClusterState& state, const ApiRequest& request);
ApiResponse get_ha_status_current(ClusterState& state, const ApiRequest& request);

// cluster_read_firewall.cpp
ApiResponse get_cluster_firewall_rules(ClusterState& state, const ApiRequest& request);
ApiResponse get_node_firewall_rules(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_firewall_rules(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_firewall_rules(ClusterState& state, const ApiRequest& request);

// cluster_read_rrd.cpp
ApiResponse get_node_rrddata(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_rrddata(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_rrddata(ClusterState& state, const ApiRequest& request);

// cluster_write_snapshots.cpp
ApiResponse post_qemu_snapshot(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_snapshot(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_snapshot_rollback(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_snapshot_rollback(ClusterState& state, const ApiRequest& request);
ApiResponse delete_qemu_snapshot(ClusterState& state, const ApiRequest& request);
ApiResponse delete_lxc_snapshot(ClusterState& state, const ApiRequest& request);
ApiResponse get_qemu_snapshot_config(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_snapshot_config(ClusterState& state, const ApiRequest& request);
ApiResponse put_qemu_snapshot_config(ClusterState& state, const ApiRequest& request);
ApiResponse put_lxc_snapshot_config(ClusterState& state, const ApiRequest& request);

// cluster_write_backups.cpp
ApiResponse post_vzdump(ClusterState& state, const ApiRequest& request);
ApiResponse delete_storage_volume(ClusterState& state, const ApiRequest& request);

// cluster_read_extractconfig.cpp
ApiResponse get_vzdump_extractconfig(ClusterState& state, const ApiRequest& request);

// cluster_write_access.cpp
ApiResponse post_access_roles(ClusterState& state, const ApiRequest& request);
ApiResponse post_access_users(ClusterState& state, const ApiRequest& request);
ApiResponse post_access_user_token(ClusterState& state, const ApiRequest& request);
ApiResponse put_access_acl(ClusterState& state, const ApiRequest& request);
// cluster_read_pools.cpp
ApiResponse get_pools(ClusterState& state, const ApiRequest& request);
ApiResponse get_pool(ClusterState& state, const ApiRequest& request);
// cluster_write_pools.cpp
ApiResponse post_pools(ClusterState& state, const ApiRequest& request);
ApiResponse put_pools(ClusterState& state, const ApiRequest& request);
ApiResponse delete_pools(ClusterState& state, const ApiRequest& request);

// cluster_write_volumes.cpp
ApiResponse put_qemu_resize(ClusterState& state, const ApiRequest& request);
ApiResponse put_lxc_resize(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_move_disk(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_move_volume(ClusterState& state, const ApiRequest& request);

// cluster_agent.cpp
ApiResponse post_agent_exec(ClusterState& state, const ApiRequest& request);
ApiResponse get_agent_exec_status(ClusterState& state, const ApiRequest& request);
ApiResponse post_agent_ping(ClusterState& state, const ApiRequest& request);
ApiResponse get_agent_osinfo(ClusterState& state, const ApiRequest& request);
ApiResponse get_agent_host_name(ClusterState& state, const ApiRequest& request);
ApiResponse get_agent_network_interfaces(ClusterState& state, const ApiRequest& request);

// cluster_write_power.cpp
ApiResponse post_qemu_start(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_stop(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_shutdown(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_reboot(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_suspend(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_resume(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_start(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_stop(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_shutdown(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_reboot(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_suspend(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_resume(ClusterState& state, const ApiRequest& request);

// cluster_write_guests_destroy.cpp
ApiResponse delete_qemu(ClusterState& state, const ApiRequest& request);
ApiResponse delete_lxc(ClusterState& state, const ApiRequest& request);

// cluster_write_config.cpp
ApiResponse post_qemu_config(ClusterState& state, const ApiRequest& request);
ApiResponse put_qemu_config(ClusterState& state, const ApiRequest& request);
ApiResponse put_lxc_config(ClusterState& state, const ApiRequest& request);

// cluster_write_create_qemu.cpp (with `archive`: cluster_write_restore_qemu.cpp)
ApiResponse post_qemu_create(ClusterState& state, const ApiRequest& request);
// cluster_write_create_lxc.cpp (create and restore)
ApiResponse post_lxc_create(ClusterState& state, const ApiRequest& request);

// cluster_write_clone.cpp
ApiResponse post_qemu_clone(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_clone(ClusterState& state, const ApiRequest& request);

// cluster_write_migrate_qemu.cpp, cluster_write_migrate_lxc.cpp
ApiResponse get_qemu_migrate(ClusterState& state, const ApiRequest& request);
ApiResponse post_qemu_migrate(ClusterState& state, const ApiRequest& request);
ApiResponse get_lxc_migrate(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_migrate(ClusterState& state, const ApiRequest& request);

// cluster_write_template.cpp
ApiResponse post_qemu_template(ClusterState& state, const ApiRequest& request);
ApiResponse post_lxc_template(ClusterState& state, const ApiRequest& request);

}  // namespace pvesim
