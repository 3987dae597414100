// The catalogue: every tool this server offers, one row each, in the order tools/list shows them.
#include "tools/catalog.h"

#include "tools/areas.h"
#include "tools/catalog_rows.h"

namespace tools {

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> all;
  for (auto rows : {read_rows, guest_rows, data_rows, device_rows}) {
    for (const Row& row : rows()) all.push_back(make_tool(row, api, policy));
  }
  // Families not yet described by rows.
  auto append = [&all](std::vector<mcp::Tool> tools) {
    all.insert(all.end(), std::make_move_iterator(tools.begin()),
               std::make_move_iterator(tools.end()));
  };
  append(create_tools(api, policy));
  append(power_tools(api, policy));
  append(lifecycle_tools(api, policy));

  append(snapshot_write_tools(api, policy));
  append(backup_write_tools(api, policy));
  return all;
}

}  // namespace tools
