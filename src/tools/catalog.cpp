// The catalogue: every tool this server offers, one row each, in the order tools/list shows them.
#include "tools/catalog.h"

#include "tools/catalog_rows.h"

namespace tools {

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> all;
  for (auto rows : {read_rows, guest_rows, data_rows, device_rows}) {
    for (const Row& row : rows()) all.push_back(make_tool(row, api, policy));
  }
  return all;
}

}  // namespace tools
