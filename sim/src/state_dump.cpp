#include "state_dump.h"

#include <limits>

namespace pvesim {

namespace {

Json dump_node(const ClusterState& state, const Node& node) {
  return {{"name", node.name},
          {"nodeid", node.nodeid},
          {"ip", node.ip},
          {"online", node.online},
          {"cpus", node.cpus},
          {"memory_total", node.memory_total},
          {"memory_used", state.node_mem_used(node)},
          {"uptime", state.node_uptime(node)}};
}

Json dump_guest(const ClusterState& state, const Guest& guest) {
  Json snapshots = Json::array();
  for (const auto& snapshot : guest.snapshots) {
    snapshots.push_back({{"name", snapshot.name}, {"config", snapshot.config}});
  }
  return {{"vmid", guest.vmid},
          {"type", guest_type_name(guest.type)},
          {"node", guest.node},
          {"running", guest.running},
          {"paused", guest.paused},
          {"uptime", guest_uptime(guest, state.now_ms())},
          {"mem", guest.mem},
          {"config", guest.config},
          {"pending", guest.pending},
          {"digest", guest_config_digest(guest)},
          {"snapshots", std::move(snapshots)}};
}

Json dump_volume(const Volume& volume) {
  return {{"volid", volume.volid},  {"content", volume.content}, {"format", volume.format},
          {"size", volume.size},    {"used", volume.used},       {"ctime", volume.ctime},
          {"vmid", volume.vmid},    {"notes", volume.notes},     {"protected", volume.is_protected},
          {"parent", volume.parent}};
}

}  // namespace

Json dump_cluster_state(const ClusterState& state) {
  Json out = Json::object();
  out["cluster_name"] = state.cluster_name;
  out["local_node"] = state.local_node;
  out["now_ms"] = state.now_ms();
  out["nodes"] = Json::array();
  for (const auto& node : state.nodes) out["nodes"].push_back(dump_node(state, node));
  out["guests"] = Json::array();
  for (const auto& [vmid, guest] : state.guests) out["guests"].push_back(dump_guest(state, guest));
  out["storages"] = Json::array();
  for (const auto& storage : state.storages) {
    out["storages"].push_back({{"id", storage.id},
                               {"type", storage.type},
                               {"content", storage.content},
                               {"shared", storage.shared},
                               {"options", storage.options}});
  }
  // "pools" are the resource pools of user.cfg, as PVE names them (/pools); the space of each
  // storage per node is "storage_pools".
  out["storage_pools"] = Json::object();
  for (const auto& [key, pool] : state.pools) {
    Json volumes = Json::array();
    for (const auto& volume : pool.volumes) volumes.push_back(dump_volume(volume));
    out["storage_pools"][key] = {
        {"total", pool.total}, {"used", state.pool_used(pool)}, {"volumes", std::move(volumes)}};
  }
  out["pools"] = Json::object();
  for (const auto& [poolid, pool] : state.resource_pools) {
    out["pools"][poolid] = {
        {"comment", pool.comment}, {"vms", pool.vms}, {"storage", pool.storage}};
  }
  out["ha_resources"] = state.ha_resources;
  out["firewall"] = {{"cluster", state.firewall.cluster},
                     {"hosts", state.firewall.hosts},
                     {"guests", Json::object()}};
  for (const auto& [vmid, rules] : state.firewall.guests) {
    out["firewall"]["guests"][std::to_string(vmid)] = rules;
  }
  out["tasks"] = Json::object();
  TaskQuery everything;
  everything.source = "all";
  everything.limit = std::numeric_limits<long>::max();
  for (const auto& node : state.nodes) {
    long total = 0;
    out["tasks"][node.name] = state.tasks.list(
        node.name, everything, [](const Task&) { return true; }, total);
  }
  out["users"] = state.access.user_ids();
  out["tokens"] = state.access.token_ids();
  return out;
}

}  // namespace pvesim
