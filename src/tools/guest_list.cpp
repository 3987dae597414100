#include "tools/guest_list.h"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "pve/error.h"
#include "tools/fanout.h"
#include "tools/values.h"

namespace tools {
namespace {

bool wanted(const GuestQuery& q, const std::string& type) {
  return (type == "qemu" && q.qemu) || (type == "lxc" && q.lxc);
}

// The members of a guest entry (of /cluster/resources or a node's list) a row reads, in this
// order. A node's list names neither the type nor the node: its request does.
enum Member : std::size_t {
  kType,
  kNode,
  kVmid,
  kName,
  kStatus,
  kCpu,
  kMaxcpu,
  kCpus,
  kMem,
  kMaxmem,
  kUptime,
  kTemplate,
  kLock,
  kTags,
  kMembers
};
constexpr std::array<std::string_view, kMembers> kMemberKeys = {
    "type", "node", "vmid",   "name",   "status",   "cpu",  "maxcpu",
    "cpus", "mem",  "maxmem", "uptime", "template", "lock", "tags"};

GuestRow row_from(const pve::Row& item, std::string node, std::string type) {
  GuestRow row;
  row.vmid = integer_value(item[kVmid]).value_or(0);
  row.name = text_value(item[kName]);
  row.node = std::move(node);
  row.type = std::move(type);
  row.status = text_value(item[kStatus]);
  if (row.status.empty()) row.status = "unknown";
  row.cpu = number_value(item[kCpu]);
  row.maxcpu = number_value(item[kMaxcpu]);
  if (!row.maxcpu) row.maxcpu = number_value(item[kCpus]);
  row.mem = number_value(item[kMem]);
  row.maxmem = number_value(item[kMaxmem]);
  row.uptime = integer_value(item[kUptime]);
  row.is_template = flag_value(item[kTemplate]);
  row.lock = text_value(item[kLock]);
  row.tags = text_value(item[kTags]);
  return row;
}

GuestListing from_cluster_resources(const std::vector<pve::Row>& resources, const GuestQuery& q) {
  GuestListing out;
  std::set<std::string> unknown_nodes;
  for (const pve::Row& item : resources) {
    std::string type = text_value(item[kType]);
    if (!wanted(q, type)) continue;
    std::string node = text_value(item[kNode]);
    if (q.node && node != *q.node) continue;
    GuestRow row = row_from(item, std::move(node), std::move(type));
    if (row.status == "unknown") unknown_nodes.insert(row.node);
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
    std::optional<std::vector<pve::Row>> items = pve::rows_of(replies[i].data, kMemberKeys);
    if (!items) continue;
    for (const pve::Row& item : *items)
      out.guests.push_back(row_from(item, replies[i].node, types[i]));
  }
  for (const auto& node : offline) {
    out.warnings.push_back(offline_warning(node, "its guests are not listed"));
  }
  return out;
}

}  // namespace

GuestListing list_guests(pve::Api& api, const GuestQuery& query) {
  std::optional<std::vector<pve::Row>> resources;
  try {
    resources = api.get_rows("/cluster/resources", {{"type", "vm"}}, kMemberKeys);
  } catch (const pve::Error& e) {
    if (!worth_per_node_fallback(e)) throw;
  }
  GuestListing out;
  if (resources) {
    if (query.node) {
      const bool listed = std::any_of(resources->begin(), resources->end(), [&](const pve::Row& r) {
        return text_value(r[kNode]) == *query.node;
      });
      if (!listed) require_known_node(api, *query.node);
    }
    out = from_cluster_resources(*resources, query);
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
