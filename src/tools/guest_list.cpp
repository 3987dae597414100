#include "tools/guest_list.h"

#include <algorithm>
#include <set>

#include "pve/error.h"
#include "tools/fanout.h"
#include "tools/values.h"

namespace tools {
namespace {

GuestRow row_from(const nlohmann::json& item, const std::string& node, const std::string& type) {
  GuestRow row;
  row.vmid = integer_field(item, "vmid").value_or(0);
  row.name = text_field(item, "name");
  row.node = node;
  row.type = type;
  row.status = text_field(item, "status");
  if (row.status.empty()) row.status = "unknown";
  row.cpu = number_field(item, "cpu");
  row.maxcpu = number_field(item, "maxcpu");
  if (!row.maxcpu) row.maxcpu = number_field(item, "cpus");
  row.mem = number_field(item, "mem");
  row.maxmem = number_field(item, "maxmem");
  row.uptime = integer_field(item, "uptime");
  row.is_template = flag_field(item, "template");
  row.lock = text_field(item, "lock");
  row.tags = text_field(item, "tags");
  return row;
}

bool wanted(const GuestQuery& q, const std::string& type) {
  return (type == "qemu" && q.qemu) || (type == "lxc" && q.lxc);
}

GuestListing from_cluster_resources(const nlohmann::json& resources, const GuestQuery& q) {
  GuestListing out;
  std::set<std::string> unknown_nodes;
  for (const auto& item : resources) {
    std::string type = text_field(item, "type");
    if (!wanted(q, type)) continue;
    std::string node = text_field(item, "node");
    if (q.node && node != *q.node) continue;
    GuestRow row = row_from(item, node, type);
    if (row.status == "unknown") unknown_nodes.insert(node);
    out.guests.push_back(std::move(row));
  }
  for (const auto& node : unknown_nodes) {
    out.warnings.push_back(offline_warning(node, "the status of its guests is unknown"));
  }
  return out;
}

GuestListing from_node_lists(pve::Api& api, const GuestQuery& q) {
  GuestListing out;
  out.per_node = true;
  const std::vector<std::string> nodes =
      nodes_to_ask(api, q.node, "its guests are not listed", out.warnings);
  std::vector<NodeRequest> requests;
  std::vector<std::string> types;
  for (const auto& node : nodes) {
    for (const char* type : {"qemu", "lxc"}) {
      if (!wanted(q, type)) continue;
      requests.push_back({node, pve::path({"nodes", node, type}), {}});
      types.emplace_back(type);
    }
  }
  std::vector<NodeReply> replies = get_per_node(api, requests);
  std::set<std::string> offline;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].offline) {
      offline.insert(replies[i].node);
      continue;
    }
    if (!replies[i].data.is_array()) continue;
    for (const auto& item : replies[i].data) {
      out.guests.push_back(row_from(item, replies[i].node, types[i]));
    }
  }
  for (const auto& node : offline) {
    out.warnings.push_back(offline_warning(node, "its guests are not listed"));
  }
  return out;
}

}  // namespace

GuestListing list_guests(pve::Api& api, const GuestQuery& query) {
  nlohmann::json resources;
  try {
    resources = api.get("/cluster/resources", {{"type", "vm"}});
  } catch (const pve::Error& e) {
    if (!worth_per_node_fallback(e)) throw;
  }
  GuestListing out;
  if (resources.is_array()) {
    if (query.node) require_cluster_node(api, resources, *query.node);
    out = from_cluster_resources(resources, query);
  } else {
    out = from_node_lists(api, query);
  }
  std::sort(out.guests.begin(), out.guests.end(), [](const GuestRow& a, const GuestRow& b) {
    return a.vmid != b.vmid ? a.vmid < b.vmid : a.node < b.node;
  });
  return out;
}

void apply_scope(GuestListing& listing, const policy::Scope& scope) {
  const auto outside = [&](const GuestRow& g) {
    return !scope.vmid_in(g.vmid) || !scope.node_in(g.node);
  };
  const auto left_out = std::count_if(listing.guests.begin(), listing.guests.end(), outside);
  std::erase_if(listing.guests, outside);
  if (left_out > 0) {
    listing.warnings.push_back("ℹ️ " + std::to_string(left_out) +
                               " guest(s) outside what this server acts on (PROXMOX_NODES, "
                               "PROXMOX_VMIDS) are not listed");
  }
  if (!scope.protects()) return;
  for (GuestRow& g : listing.guests) {
    if (scope.protected_id(g.vmid)) {
      g.protection = "PROXMOX_PROTECTED_VMIDS";
    } else if (std::optional<std::string> tag = scope.protected_tag(g.tags)) {
      g.protection = "tag '" + *tag + "' in PROXMOX_PROTECTED_TAGS";
    }
  }
}

}  // namespace tools
