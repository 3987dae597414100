// HA reads: GET /cluster/ha/resources, /cluster/ha/resources/{sid} (pve-ha-manager
// PVE::API2::HA::Resources index and read) and /cluster/ha/status/current (PVE::API2::HA::Status
// status). Groups count as migrated to rules, as on PVE 9, so resources carry no `group`.
#include <ctime>
#include <optional>
#include <string>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_sha1.h"

namespace pvesim {
namespace {

// Digits only, as in a sid's name part; nullopt for anything else.
std::optional<int> parse_vmid(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoi(text);
}

// resources.cfg as SectionConfig writes it; its SHA-1 is the `digest`.
std::string resources_config_text(const ClusterState& state) {
  std::string text;
  for (const auto& [sid, section] : state.ha_resources) {
    text += section.value("type", std::string()) + ": " + sid.substr(sid.find(':') + 1) + "\n";
    for (const auto& [key, value] : section.items()) {
      if (key != "type") text += "\t" + key + " " + config_value_text(value) + "\n";
    }
    text += "\n";
  }
  return text;
}

Json resource_entry(const std::string& sid, const Json& section, const std::string& digest) {
  Json out = section;
  out["sid"] = sid;
  out["digest"] = digest;
  return out;
}

// PVE::HA::Tools::parse_sid: "100" names the guest of that id, whatever its type.
std::optional<std::string> full_sid(const ClusterState& state, const std::string& sid,
                                    std::string& error) {
  const size_t colon = sid.find(':');
  if (colon != std::string::npos && colon > 0 && colon + 1 < sid.size()) return sid;
  const auto vmid = parse_vmid(sid);
  if (!vmid) {
    error = "unable to parse service id '" + sid + "'\n";
    return std::nullopt;
  }
  auto it = state.guests.find(*vmid);
  if (it == state.guests.end()) {
    error = "unable do add resource - VM/CT " + sid + " does not exist\n";
    return std::nullopt;
  }
  return std::string(it->second.type == GuestType::kLxc ? "ct:" : "vm:") + sid;
}

const Guest* resource_guest(const ClusterState& state, const std::string& sid) {
  const auto vmid = parse_vmid(sid.substr(sid.find(':') + 1));
  auto it = vmid ? state.guests.find(*vmid) : state.guests.end();
  return it == state.guests.end() ? nullptr : &it->second;
}

// "Fri Dec  4 18:17:49 2026": Perl's scalar localtime, the host running in UTC.
std::string perl_localtime(std::int64_t epoch_s) {
  const std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a %b %e %H:%M:%S %Y", &tm);
  return buffer;
}

// The CRM's view of a service: a started resource runs on its guest's node, a stopped one stays.
Json service_entry(const ClusterState& state, const std::string& sid, const Json& section) {
  const Guest* guest = resource_guest(state, sid);
  const std::string requested = section.value("state", std::string("started"));
  const std::string node = guest != nullptr ? guest->node : "";
  const Node* host = state.find_node(node);
  std::string crm = requested == "started" || requested == "enabled" ? "started" : requested;
  if (host != nullptr && !host->online && crm == "started") crm = "fence";
  Json out = {{"id", "service:" + sid},
              {"type", "service"},
              {"sid", sid},
              {"node", node},
              {"crm_state", crm},
              {"state", crm},
              {"request_state", requested}};
  out["status"] = sid + " (" + node + ", " + crm + ")";
  for (const char* key : {"max_restart", "max_relocate", "failback", "comment"}) {
    if (section.contains(key)) out[key] = section[key];
  }
  return out;
}

// One lrm:<node> entry: "active" with services to run, "idle" without, "old timestamp - dead?"
// for a node that stopped reporting.
Json lrm_entry(const ClusterState& state, const Node& node, std::int64_t now_s) {
  bool has_active = false;
  for (const auto& [sid, section] : state.ha_resources) {
    const Guest* guest = resource_guest(state, sid);
    if (guest != nullptr && guest->node == node.name &&
        section.value("state", std::string("started")) != "stopped") {
      has_active = true;
    }
  }
  const std::int64_t timestamp = node.online ? now_s - 4 : now_s - 3 * 3600;
  const std::string status = !node.online ? "old timestamp - dead?"
                             : has_active ? "active"
                                          : "idle";
  return {{"id", "lrm:" + node.name},
          {"type", "lrm"},
          {"node", node.name},
          {"status", node.name + " (" + status + ", " + perl_localtime(timestamp) + ")"},
          {"timestamp", timestamp}};
}

}  // namespace

ApiResponse get_ha_resources(ClusterState& state, const ApiRequest& request) {
  const std::string type = param_string(request, "type").value_or("");
  const std::string digest = sha1_hex(resources_config_text(state));
  Json out = Json::array();
  for (const auto& [sid, section] : state.ha_resources) {
    if (!type.empty() && section.value("type", std::string()) != type) continue;
    out.push_back(resource_entry(sid, section, digest));
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse get_ha_resource(ClusterState& state, const ApiRequest& request) {
  std::string error;
  const auto sid = full_sid(state, param_string(request, "sid").value_or(""), error);
  if (!sid) return ApiResponse::error(500, error);
  auto it = state.ha_resources.find(*sid);
  if (it == state.ha_resources.end()) {
    return ApiResponse::error(500, "no such resource '" + *sid + "'\n");
  }
  return ApiResponse::ok(
      resource_entry(it->first, it->second, sha1_hex(resources_config_text(state))));
}

ApiResponse get_ha_status_current(ClusterState& state, const ApiRequest& /*request*/) {
  const std::int64_t now_s = state.now_ms() / 1000;
  const std::string& local = state.local_node;
  Json out = Json::array();
  if (state.quorate()) {
    out.push_back(
        {{"id", "quorum"}, {"type", "quorum"}, {"node", local}, {"status", "OK"}, {"quorate", 1}});
  } else {
    out.push_back({{"id", "quorum"},
                   {"type", "quorum"},
                   {"node", local},
                   {"status", "No quorum on node '" + local + "'!"},
                   {"quorate", 0}});
  }
  // Without resources the CRM never became master and no LRM ever wrote a status.
  if (state.ha_resources.empty()) return ApiResponse::ok(std::move(out));
  const std::int64_t master_time = now_s - 6;
  out.push_back({{"id", "master"},
                 {"type", "master"},
                 {"node", local},
                 {"status", local + " (active, " + perl_localtime(master_time) + ")"},
                 {"timestamp", master_time}});
  for (const auto& node : state.nodes) out.push_back(lrm_entry(state, node, now_s));
  for (const auto& [sid, section] : state.ha_resources) {
    out.push_back(service_entry(state, sid, section));
  }
  return ApiResponse::ok(std::move(out));
}

}  // namespace pvesim
