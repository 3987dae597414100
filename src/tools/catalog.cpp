// The catalogue: every tool this server offers, one row each, in the order tools/list shows them.
#include "tools/catalog.h"

#include <iterator>
#include <memory>

#include "tools/catalog_rows.h"

namespace tools {

std::vector<Row> concat(std::initializer_list<std::vector<Row> (*)()> tables) {
  std::vector<Row> rows;
  for (auto table : tables) {
    std::vector<Row> more = table();
    rows.insert(rows.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
  }
  return rows;
}

std::vector<Row> all_rows() {
  return concat({read_rows, guest_rows, data_rows, device_rows});
}

std::vector<policy::ToolMeta> tool_metas() {
  std::vector<policy::ToolMeta> metas;
  for (const Row& row : all_rows()) metas.push_back(tool_meta(row.about));
  return metas;
}

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy,
                                  const audit::Log* audit) {
  const std::vector<Row> rows = all_rows();
  // One copy the tools share, so that a caller's policy need not outlive them.
  auto own = std::make_shared<policy::Policy>(policy);
  std::vector<policy::ToolMeta> metas;
  for (const Row& row : rows) metas.push_back(tool_meta(row.about));
  own->know_tools(std::move(metas));
  const std::shared_ptr<const policy::Policy> shared = own;
  std::vector<mcp::Tool> all;
  for (const Row& row : rows) all.push_back(make_tool(row, api, shared, audit));
  return all;
}

}  // namespace tools
