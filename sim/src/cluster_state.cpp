#include "cluster_state.h"

#include <algorithm>

namespace pvesim {

std::string storage_pool_key(const StorageDef& storage, const std::string& node) {
  return storage.shared ? storage.id : node + "/" + storage.id;
}

std::string join_content(const std::vector<std::string>& content) {
  std::string out;
  for (const auto& item : content) out += (out.empty() ? "" : ",") + item;
  return out;
}

Node* ClusterState::find_node(const std::string& name) {
  for (auto& node : nodes) {
    if (node.name == name) return &node;
  }
  return nullptr;
}

const Node* ClusterState::find_node(const std::string& name) const {
  return const_cast<ClusterState*>(this)->find_node(name);
}

const StorageDef* ClusterState::find_storage(const std::string& id) const {
  for (const auto& storage : storages) {
    if (storage.id == id) return &storage;
  }
  return nullptr;
}

StoragePool* ClusterState::pool(const std::string& node, const std::string& storage) {
  const StorageDef* def = find_storage(storage);
  if (def == nullptr) return nullptr;
  auto it = pools.find(storage_pool_key(*def, node));
  return it == pools.end() ? nullptr : &it->second;
}

const StoragePool* ClusterState::pool(const std::string& node, const std::string& storage) const {
  return const_cast<ClusterState*>(this)->pool(node, storage);
}

std::int64_t ClusterState::pool_used(const StoragePool& pool) const {
  std::int64_t used = pool.base_used;
  for (const auto& volume : pool.volumes) used += volume.used >= 0 ? volume.used : volume.size;
  return std::min(used, pool.total);
}

std::int64_t ClusterState::node_mem_used(const Node& node) const {
  std::int64_t used = node.host_mem_used;
  for (const auto& [vmid, guest] : guests) {
    if (guest.node == node.name && guest.running) used += guest.mem;
  }
  return std::min(used, node.memory_total);
}

std::int64_t ClusterState::node_uptime(const Node& node) const {
  return std::max<std::int64_t>(0, (now_ms() - node.booted_ms) / 1000);
}

bool ClusterState::quorate() const {
  const auto online =
      std::count_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.online; });
  return online * 2 > static_cast<long>(nodes.size());
}

}  // namespace pvesim
