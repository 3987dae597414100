// get_pools: resource pools with their comment and members (guests with node and status,
// storages).
#include "pve/error.h"
#include "tools/identity.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kPoolsOutput = R"({
  "type": "object",
  "properties": {
    "pools": {"type": "array", "items": {"type": "object", "properties": {
      "poolid": {"type": "string"}, "comment": {"type": "string"},
      "members": {"type": "array", "items": {"type": "object", "properties": {
        "type": {"type": "string"}, "id": {"type": "string"}, "vmid": {"type": "integer"},
        "name": {"type": "string"}, "node": {"type": "string"}, "status": {"type": "string"},
        "storage": {"type": "string"}}}}},
      "required": ["poolid", "members"]}},
    "count": {"type": "integer"},
    "unread": {"type": "integer", "description": "pools beyond the first 25, members not read"}
  },
  "required": ["pools", "count"]
})";

namespace {

// One request per pool: a cluster with many pools is listed without the members of the rest.
constexpr std::size_t kMaxPoolsRead = 25;

// GET /pools?poolid= (PVE 8.1 and later, nested pools); before that only /pools/{poolid},
// which refuses the unknown parameter with a 400.
json pool_config(pve::Api& api, const std::string& poolid) {
  try {
    json list = api.get("/pools", {{"poolid", poolid}});
    if (list.is_array() && !list.empty()) return list[0];
    return json::object();
  } catch (const pve::Error& e) {
    if (e.kind() != pve::ErrorKind::kBadRequest) throw;
  }
  return api.get(pve::path({"pools", poolid}));
}

json member_row(const json& m) {
  json row = {{"type", md::one_line(text_field(m, "type"))},
              {"id", md::one_line(text_field(m, "id"))}};
  for (const char* key : {"name", "node", "status", "storage"}) {
    if (std::string value = text_field(m, key); !value.empty()) row[key] = md::one_line(value);
  }
  put_integer(row, "vmid", integer_field(m, "vmid"));
  return row;
}

std::string member_line(const json& row) {
  const std::string type = row["type"];
  std::string line = "   • " + type + " ";
  if (type == "storage") {
    line += row.value("storage", row.value("id", ""));
  } else {
    line += std::to_string(row.value("vmid", 0)) +
            (row.contains("name") ? " " + row["name"].get<std::string>() : "");
  }
  std::string where = row.value("node", "");
  if (row.contains("status"))
    where += (where.empty() ? "" : ", ") + row["status"].get<std::string>();
  return line + (where.empty() ? "" : " (" + where + ")") + "\n";
}

}  // namespace

mcp::ToolResult get_pools(const Call& call, const PoolArgs& a) {
  json index = json::array();
  if (a.poolid) {
    index.push_back({{"poolid", *a.poolid}});
  } else {
    index = call.api.get("/pools");
    if (!index.is_array()) index = json::array();
  }
  std::string text = md::heading("🗂️", "Resource Pools") + "\n\n";
  json pools = json::array();
  std::size_t unread = 0;
  std::string more;
  for (const auto& entry : index) {
    const std::string poolid = text_field(entry, "poolid");
    if (pools.size() >= kMaxPoolsRead) {
      ++unread;
      more += (more.empty() ? "" : ", ") + md::one_line(poolid);
      continue;
    }
    const json config = pool_config(call.api, poolid);
    std::string comment = md::one_line(text_field(config, "comment"));
    if (comment.empty()) comment = md::one_line(text_field(entry, "comment"));
    json members = json::array();
    for (const auto& m : config.value("members", json::array())) members.push_back(member_row(m));
    text += "• **" + md::one_line(poolid) + "**" + (comment.empty() ? "" : " — " + comment) +
            (members.empty() ? ": no members" : "") + "\n";
    for (const auto& row : members) text += member_line(row);
    json pool = {{"poolid", md::one_line(poolid)}, {"members", members}};
    if (!comment.empty()) pool["comment"] = comment;
    pools.push_back(std::move(pool));
  }
  if (index.empty()) text += "No pools defined (or none the token may audit).\n";
  if (unread > 0) {
    text += "\n" + std::to_string(unread) +
            " more pool(s), members not read (ask by poolid): " + more + "\n";
  }
  json out = {{"pools", pools}, {"count", pools.size() + unread}};
  if (unread > 0) out["unread"] = unread;
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
