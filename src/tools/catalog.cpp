// The catalogue: every tool this server offers, one row each, in the order tools/list shows them.
#include "tools/catalog.h"

#include "tools/container_exec.h"

#include <iterator>
#include <memory>

#include "tools/catalog_rows.h"

namespace tools {

std::vector<Row> concat(std::initializer_list<std::vector<Row> (*)()> tables) {
  std::vector<std::vector<Row>> parts;
  std::size_t count = 0;
  for (auto table : tables) count += parts.emplace_back(table()).size();
  // Reserved once: every reallocation of rows this large touched fresh pages at start.
  std::vector<Row> rows;
  rows.reserve(count);
  for (std::vector<Row>& part : parts) {
    rows.insert(rows.end(), std::make_move_iterator(part.begin()),
                std::make_move_iterator(part.end()));
  }
  return rows;
}

const std::vector<Row>& all_rows() {
  // Each row's inputSchema is built from its argument struct: once a process is enough.
  static const std::vector<Row> rows = concat({read_rows, guest_rows, data_rows, device_rows});
  return rows;
}

const std::vector<policy::ToolMeta>& tool_metas() {
  static const std::vector<policy::ToolMeta> metas = [] {
    std::vector<policy::ToolMeta> out;
    for (const Row& row : all_rows()) out.push_back(tool_meta(row.about));
    return out;
  }();
  return metas;
}

std::vector<mcp::Tool> tool_entries() {
  std::vector<mcp::Tool> entries;
  for (const Row& row : all_rows()) entries.push_back(tool_entry(row));
  return entries;
}

std::vector<mcp::Tool> make_tools(pve::Api& api, const policy::Policy& policy,
                                  const audit::Log* audit, const ContainerShell* containers) {
  // One copy the tools share, so that a caller's policy need not outlive them.
  auto own = std::make_shared<policy::Policy>(policy);
  own->know_tools(tool_metas());
  const std::shared_ptr<const policy::Policy> shared = own;
  const auto guests = std::make_shared<GuestDirectory>(api);
  std::vector<mcp::Tool> all;
  for (const Row& row : all_rows()) {
    mcp::Tool tool = make_tool(row, api, shared, guests, audit, containers);
    if (containers == nullptr && row.about.name == kContainerCommandTool) {
      // Not a tool of this server until it is set up: offered, it could only refuse.
      tool.listed = false;
    }
    all.push_back(std::move(tool));
  }
  return all;
}

}  // namespace tools
