// The route table: which schema paths the model serves, and with which handler.
#include <map>
#include <utility>

#include "cluster_handlers.h"

namespace pvesim {

Handler find_handler(const std::string& method, const std::string& template_path) {
  static const std::map<std::pair<std::string, std::string>, Handler> routes = {
      {{"GET", "/version"}, get_version},
      {{"GET", "/cluster/status"}, get_cluster_status},
      {{"GET", "/cluster/resources"}, get_cluster_resources},
      {{"GET", "/cluster/nextid"}, get_cluster_nextid},
      {{"GET", "/access/permissions"}, get_access_permissions},
      {{"GET", "/storage"}, get_storage_config},
      {{"GET", "/nodes"}, get_nodes},
      {{"GET", "/nodes/{node}/status"}, get_node_status},
      {{"GET", "/nodes/{node}/qemu"}, get_qemu_list},
      {{"GET", "/nodes/{node}/lxc"}, get_lxc_list},
      {{"GET", "/nodes/{node}/qemu/{vmid}/status/current"}, get_qemu_status},
      {{"GET", "/nodes/{node}/lxc/{vmid}/status/current"}, get_lxc_status},
      {{"GET", "/nodes/{node}/qemu/{vmid}/config"}, get_qemu_config},
      {{"GET", "/nodes/{node}/lxc/{vmid}/config"}, get_lxc_config},
      {{"GET", "/nodes/{node}/qemu/{vmid}/snapshot"}, get_qemu_snapshots},
      {{"GET", "/nodes/{node}/lxc/{vmid}/snapshot"}, get_lxc_snapshots},
      {{"GET", "/nodes/{node}/storage"}, get_node_storage},
      {{"GET", "/nodes/{node}/storage/{storage}/content"}, get_storage_content},
      {{"GET", "/nodes/{node}/storage/{storage}/status"}, get_storage_status},
      {{"GET", "/nodes/{node}/tasks"}, get_node_tasks},
      {{"GET", "/nodes/{node}/tasks/{upid}/status"}, get_task_status},
      {{"GET", "/nodes/{node}/tasks/{upid}/log"}, get_task_log},
  };
  auto it = routes.find({method, template_path});
  return it == routes.end() ? nullptr : it->second;
}

}  // namespace pvesim
