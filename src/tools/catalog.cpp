#include "tools/catalog.h"

#include "tools/areas.h"

namespace tools {

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& /*policy*/) {
  std::vector<mcp::Tool> all;
  for (auto area : {inventory_tools, guest_tools, snapshot_tools, backup_tools, task_tools}) {
    auto tools = area(api);
    all.insert(all.end(), std::make_move_iterator(tools.begin()),
               std::make_move_iterator(tools.end()));
  }
  return all;
}

}  // namespace tools
