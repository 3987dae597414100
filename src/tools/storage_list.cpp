#include "tools/storage_list.h"

#include <algorithm>
#include <map>
#include <set>

#include "pve/error.h"
#include "tools/fanout.h"
#include "tools/values.h"

namespace tools {
namespace {

// Merges one node's view of a storage into the listing, deduplicating shared storages.
class Collector {
 public:
  void add(StorageRow row) {
    std::string key = row.shared ? row.storage : row.storage + '\n' + row.nodes.front();
    auto it = rows_.find(key);
    if (it == rows_.end()) {
      rows_.emplace(std::move(key), std::move(row));
      return;
    }
    StorageRow& seen = it->second;
    seen.nodes.push_back(row.nodes.front());
    // Any node that can reach a shared storage has the real numbers; unknown ones do not.
    if (seen.status != "available" && row.status == "available") {
      seen.status = row.status;
      seen.used = row.used;
      seen.total = row.total;
    }
  }

  std::vector<StorageRow> rows() && {
    std::vector<StorageRow> out;
    for (auto& [key, row] : rows_) {
      std::sort(row.nodes.begin(), row.nodes.end());
      out.push_back(std::move(row));
    }
    std::sort(out.begin(), out.end(), [](const StorageRow& a, const StorageRow& b) {
      return a.storage != b.storage ? a.storage < b.storage : a.nodes < b.nodes;
    });
    return out;
  }

 private:
  std::map<std::string, StorageRow> rows_;
};

StorageListing from_cluster_resources(const nlohmann::json& resources,
                                      const std::optional<std::string>& node) {
  Collector collector;
  std::set<std::string> unknown_nodes;
  for (const auto& item : resources) {
    if (text_field(item, "type") != "storage") continue;
    StorageRow row;
    row.nodes.push_back(text_field(item, "node"));
    if (node && row.nodes.front() != *node) continue;
    row.storage = text_field(item, "storage");
    row.type = text_field(item, "plugintype");
    row.content = text_field(item, "content");
    row.shared = flag_field(item, "shared");
    row.status = text_field(item, "status");
    if (row.status.empty()) row.status = "unknown";
    row.used = number_field(item, "disk");
    row.total = number_field(item, "maxdisk");
    if (row.status == "unknown") unknown_nodes.insert(row.nodes.front());
    collector.add(std::move(row));
  }
  StorageListing out;
  out.storages = std::move(collector).rows();
  for (const auto& n : unknown_nodes) {
    out.warnings.push_back(offline_warning(n, "the status of its storages is unknown"));
  }
  return out;
}

std::string node_storage_status(const nlohmann::json& item) {
  if (item.contains("enabled") && !flag_field(item, "enabled")) return "disabled";
  return flag_field(item, "active") ? "available" : "unavailable";
}

StorageListing from_node_lists(pve::Api& api, const std::optional<std::string>& node) {
  StorageListing out;
  const std::vector<std::string> nodes =
      nodes_to_ask(api, node, "its storages are not listed", out.warnings);
  std::vector<NodeRequest> requests;
  for (const auto& n : nodes) requests.push_back({n, pve::path({"nodes", n, "storage"}), {}});
  Collector collector;
  for (const NodeReply& reply : get_per_node(api, requests)) {
    if (reply.offline) {
      out.warnings.push_back(offline_warning(reply.node, "its storages are not listed"));
      continue;
    }
    if (!reply.data.is_array()) continue;
    for (const auto& item : reply.data) {
      StorageRow row;
      row.nodes.push_back(reply.node);
      row.storage = text_field(item, "storage");
      row.type = text_field(item, "type");
      row.content = text_field(item, "content");
      row.shared = flag_field(item, "shared");
      row.status = node_storage_status(item);
      row.used = number_field(item, "used");
      row.total = number_field(item, "total");
      collector.add(std::move(row));
    }
  }
  out.storages = std::move(collector).rows();
  std::sort(out.warnings.begin(), out.warnings.end());
  return out;
}

}  // namespace

StorageListing list_storage(pve::Api& api, const std::optional<std::string>& node) {
  nlohmann::json resources;
  try {
    resources = api.get("/cluster/resources", {{"type", "storage"}});
  } catch (const pve::Error& e) {
    if (!worth_per_node_fallback(e)) throw;
  }
  if (!resources.is_array()) return from_node_lists(api, node);
  if (node) require_cluster_node(api, resources, *node);
  return from_cluster_resources(resources, node);
}

}  // namespace tools
