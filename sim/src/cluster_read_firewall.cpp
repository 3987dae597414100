// Firewall rule lists: GET /cluster/firewall/rules, /nodes/{node}/firewall/rules and
// /nodes/{node}/{qemu,lxc}/{vmid}/firewall/rules (pve-firewall PVE::API2::Firewall::RulesBase
// get_rules). A guest without a <vmid>.fw has no rules; PVE does not check that it exists.
#include <vector>

#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_sha1.h"

namespace pvesim {
namespace {

// PVE::Firewall::copy_list_with_digest, then the position of each rule.
Json rules_with_digest(const std::vector<Json>& rules) {
  std::string hashed;
  for (const Json& rule : rules) {
    for (const auto& [key, value] : rule.items()) {  // nlohmann orders keys like Perl's sort
      hashed += key + ":" + config_value_text(value) + "\n";
    }
  }
  const std::string digest = sha1_hex(hashed);
  Json out = Json::array();
  for (const Json& rule : rules) {
    Json entry = rule;
    entry["digest"] = digest;
    entry["pos"] = out.size();
    out.push_back(std::move(entry));
  }
  return out;
}

template <class Key>
Json listed(const std::map<Key, std::vector<Json>>& files, const Key& key) {
  auto it = files.find(key);
  return rules_with_digest(it == files.end() ? std::vector<Json>{} : it->second);
}

ApiResponse guest_rules(const ClusterState& state, const ApiRequest& request) {
  const auto vmid = param_int(request, "vmid");
  return ApiResponse::ok(listed(state.firewall.guests, static_cast<int>(vmid.value_or(0))));
}

}  // namespace

ApiResponse get_cluster_firewall_rules(ClusterState& state, const ApiRequest& /*request*/) {
  return ApiResponse::ok(rules_with_digest(state.firewall.cluster));
}

ApiResponse get_node_firewall_rules(ClusterState& state, const ApiRequest& request) {
  return ApiResponse::ok(listed(state.firewall.hosts, param_string(request, "node").value_or("")));
}

ApiResponse get_qemu_firewall_rules(ClusterState& state, const ApiRequest& request) {
  return guest_rules(state, request);
}

ApiResponse get_lxc_firewall_rules(ClusterState& state, const ApiRequest& request) {
  return guest_rules(state, request);
}

}  // namespace pvesim
