#include "tools/catalog.h"

#include "tools/areas.h"

namespace tools {

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> all;
  auto append = [&all](std::vector<mcp::Tool> tools) {
    all.insert(all.end(), std::make_move_iterator(tools.begin()),
               std::make_move_iterator(tools.end()));
  };
  for (auto area : {inventory_tools, guest_tools, snapshot_tools, backup_tools, task_tools}) {
    append(area(api));
  }
  for (auto area : {create_tools, power_tools, lifecycle_tools, snapshot_write_tools,
                    backup_write_tools, disk_write_tools, network_write_tools, exec_tools}) {
    append(area(api, policy));
  }
  return all;
}

}  // namespace tools
