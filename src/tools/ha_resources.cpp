// proxmox_get_ha_resources: the HA resources with what was requested and what the HA manager
// reports for each.
#include <map>

#include "pve/error.h"
#include "tools/markdown.h"
#include "tools/observe.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kHaResourcesOutput = R"({
  "type": "object",
  "properties": {
    "count": {"type": "integer"},
    "resources": {"type": "array", "items": {"type": "object", "properties": {
      "sid": {"type": "string"}, "type": {"type": "string"},
      "state": {"type": "string", "description": "requested"},
      "status": {"type": "string", "description": "as the HA manager sees it"},
      "node": {"type": "string"}, "group": {"type": "string"},
      "max_restart": {"type": "integer"}, "max_relocate": {"type": "integer"},
      "failback": {"type": "boolean"}, "comment": {"type": "string"}},
      "required": ["sid", "type"]}},
    "managers": {"type": "array", "items": {"type": "object", "properties": {
      "id": {"type": "string"}, "node": {"type": "string"}, "status": {"type": "string"}},
      "required": ["id", "status"]}},
    "status_error": {"type": "string", "description": "why the HA status is missing"}
  },
  "required": ["count", "resources"]
})";

namespace {

struct HaStatus {
  std::map<std::string, json> services;  // sid → its service entry
  json managers = json::array();         // quorum, master and lrm entries
  std::string error;
};

// The live side is a second request; without it the configured resources still tell most.
HaStatus read_ha_status(pve::Api& api) {
  HaStatus out;
  try {
    const json entries = api.get("/cluster/ha/status/current");
    for (const auto& entry : entries.is_array() ? entries : json::array()) {
      const std::string type = text_field(entry, "type");
      if (type == "service") {
        out.services[text_field(entry, "sid")] = entry;
      } else {
        out.managers.push_back({{"id", text_field(entry, "id")},
                                {"node", text_field(entry, "node")},
                                {"status", text_field(entry, "status")}});
      }
    }
  } catch (const pve::Error& error) {
    out.error = error.what();
  }
  return out;
}

json resource_facts(const json& resource, const HaStatus& status) {
  json out = {{"sid", text_field(resource, "sid")}, {"type", text_field(resource, "type")}};
  for (const char* key : {"state", "group", "comment"}) {
    if (resource.contains(key)) out[key] = text_field(resource, key);
  }
  put_integer(out, "max_restart", integer_field(resource, "max_restart"));
  put_integer(out, "max_relocate", integer_field(resource, "max_relocate"));
  if (resource.contains("failback")) out["failback"] = flag_field(resource, "failback");
  auto live = status.services.find(out["sid"].get<std::string>());
  if (live != status.services.end()) {
    out["status"] = text_field(live->second, "state");
    out["node"] = text_field(live->second, "node");
  }
  return out;
}

std::string limits(const json& facts) {
  auto value = [&](const char* key) {
    return facts.contains(key) ? std::to_string(facts[key].get<std::int64_t>()) : "default";
  };
  return value("max_restart") + " / " + value("max_relocate");
}

}  // namespace

mcp::ToolResult get_ha_resources(const Call& call, const NoArgs& /*args*/) {
  const json list = call.api.get("/cluster/ha/resources");
  mcp::ToolResult r;
  if (!list.is_array() || list.empty()) {
    r.text = md::heading("🛟", "HA resources") + "\n\nNo HA resources are configured.\n";
    r.structured = {{"count", 0}, {"resources", json::array()}};
    return r;
  }
  const HaStatus status = read_ha_status(call.api);
  json resources = json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& resource : list) {
    json facts = resource_facts(resource, status);
    std::string placement = facts.value("group", std::string());
    if (!placement.empty()) placement = "group " + placement;
    if (facts.contains("failback") && !facts["failback"].get<bool>()) {
      placement += std::string(placement.empty() ? "" : ", ") + "no failback";
    }
    rows.push_back({facts["sid"].get<std::string>(), facts.value("state", "started"),
                    facts.value("status", "?"), facts.value("node", ""), limits(facts), placement,
                    facts.value("comment", "")});
    resources.push_back(std::move(facts));
  }
  std::string text = md::heading("🛟", "HA resources (" + std::to_string(list.size()) + ")") +
                     "\n\n" +
                     md::table({"Resource", "Requested", "Current", "Node",
                                "Max restart / relocate", "Placement", "Comment"},
                               rows);
  r.structured = {{"count", resources.size()}, {"resources", resources}};
  if (!status.error.empty()) {
    text += "\nHA status unavailable: " + md::one_line(status.error) + "\n";
    r.structured["status_error"] = status.error;
  } else if (!status.managers.empty()) {
    text += "\n";
    for (const auto& manager : status.managers) {
      text += md::bullet(manager["id"].get<std::string>(),
                         md::one_line(manager["status"].get<std::string>())) +
              "\n";
    }
    r.structured["managers"] = status.managers;
  }
  r.text = text;
  return r;
}

}  // namespace tools
