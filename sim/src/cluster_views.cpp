#include "cluster_views.h"

#include <sstream>

#include "cluster_request.h"
#include "cluster_sha1.h"

namespace pvesim {
namespace {

int node_cpus(const ClusterState& state, const Guest& guest) {
  const Node* node = state.find_node(guest.node);
  return node != nullptr ? node->cpus : 1;
}

void add_optional_strings(Json& out, const Guest& guest) {
  if (auto it = guest.config.find("tags"); it != guest.config.end()) out["tags"] = *it;
  const std::string lock = guest_lock(guest);
  if (!lock.empty()) out["lock"] = lock;
}

}  // namespace

Json guest_metrics(const ClusterState& state, const Guest& guest) {
  const bool lxc = guest.type == GuestType::kLxc;
  Json out = {{"vmid", guest.vmid},
              {"name", guest_name(guest)},
              {"status", guest.running ? "running" : "stopped"},
              {"cpus", number(guest_cpus(guest, node_cpus(state, guest)))},
              {"cpu", guest.running ? number(guest.cpu) : Json(0)},
              {"maxmem", guest_maxmem(guest)},
              {"mem", guest.running ? guest.mem : 0},
              {"maxdisk", guest_maxdisk(guest)},
              {"disk", lxc ? guest.disk_used : 0},
              {"uptime", guest_uptime(guest, state.now_ms())},
              {"netin", guest.running ? guest.netin : 0},
              {"netout", guest.running ? guest.netout : 0},
              {"diskread", guest.running ? guest.diskread : 0},
              {"diskwrite", guest.running ? guest.diskwrite : 0}};
  if (guest.running) out["pid"] = guest.pid;
  if (guest_is_template(guest)) out["template"] = 1;
  if (lxc) {
    out["type"] = "lxc";
    out["maxswap"] = guest_maxswap(guest);
    out["swap"] = 0;
  } else if (guest.config.contains("serial0")) {
    out["serial"] = 1;
  }
  add_optional_strings(out, guest);
  return out;
}

Json guest_status(const ClusterState& state, const Guest& guest) {
  Json out = guest_metrics(state, guest);
  const std::string sid =
      std::string(guest.type == GuestType::kLxc ? "ct:" : "vm:") + std::to_string(guest.vmid);
  auto ha = state.ha_resources.find(sid);
  // get_service_status: the CRM's state of the service, which follows the requested one here.
  out["ha"] = ha == state.ha_resources.end()
                  ? Json{{"managed", 0}}
                  : Json{{"managed", 1}, {"state", ha->second.value("state", "started")}};
  if (guest.type == GuestType::kQemu) {
    out["qmpstatus"] = !guest.running ? "stopped" : guest.paused ? "paused" : "running";
    if (guest_agent_enabled(guest)) out["agent"] = 1;
    if (guest.running) {
      const std::string machine = guest.config.value("machine", std::string("pc-i440fx-10.0"));
      out["running-machine"] =
          machine.find("+pve") == std::string::npos ? machine + "+pve1" : machine;
      out["running-qemu"] = "10.0.2";
    }
  }
  return out;
}

Json guest_resource(const ClusterState& state, const Guest& guest) {
  const Node* node = state.find_node(guest.node);
  const char* type = guest_type_name(guest.type);
  Json out = {{"id", std::string(type) + "/" + std::to_string(guest.vmid)},
              {"type", type},
              {"vmid", guest.vmid},
              {"name", guest_name(guest)},
              {"node", guest.node},
              {"template", flag(guest_is_template(guest))},
              {"maxcpu", number(guest_cpus(guest, node_cpus(state, guest)))},
              {"maxmem", guest_maxmem(guest)},
              {"maxdisk", guest_maxdisk(guest)}};
  add_optional_strings(out, guest);
  if (node == nullptr || !node->online) {
    out["status"] = "unknown";  // the node's status data is stale
    return out;
  }
  const Json metrics = guest_metrics(state, guest);
  for (const char* key :
       {"status", "cpu", "mem", "disk", "uptime", "netin", "netout", "diskread", "diskwrite"}) {
    out[key] = metrics.at(key);
  }
  return out;
}

Json node_entry(const ClusterState& state, const Node& node, bool with_stats) {
  Json out = {{"id", "node/" + node.name},
              {"node", node.name},
              {"type", "node"},
              {"status", node.online ? "online" : "offline"}};
  if (!node.online || !with_stats) return out;
  const StoragePool* root = state.pool(node.name, "local");
  out["cpu"] = number(node.cpu);
  out["maxcpu"] = node.cpus;
  out["mem"] = state.node_mem_used(node);
  out["maxmem"] = node.memory_total;
  out["disk"] = root != nullptr ? state.pool_used(*root) : 0;
  out["maxdisk"] = root != nullptr ? root->total : 0;
  out["uptime"] = state.node_uptime(node);
  out["level"] = "";
  return out;
}

Json storage_entry(const ClusterState& state, const StorageDef& storage, const std::string& node) {
  Json out = {{"storage", storage.id},
              {"type", storage.type},
              {"content", join_content(storage.content)},
              {"shared", flag(storage.shared)},
              {"enabled", 1},
              {"active", 1}};
  if (const StoragePool* pool = state.pool(node, storage.id)) {
    const std::int64_t used = state.pool_used(*pool);
    out["total"] = pool->total;
    out["used"] = used;
    out["avail"] = pool->total - used;
    out["used_fraction"] =
        pool->total > 0 ? static_cast<double>(used) / static_cast<double>(pool->total) : 0.0;
  }
  return out;
}

Json storage_resource(const ClusterState& state, const StorageDef& storage, const Node& node) {
  Json out = {{"id", "storage/" + node.name + "/" + storage.id},
              {"type", "storage"},
              {"node", node.name},
              {"storage", storage.id},
              {"plugintype", storage.type},
              {"content", join_content(storage.content)},
              {"shared", flag(storage.shared)}};
  const StoragePool* pool = state.pool(node.name, storage.id);
  if (!node.online || pool == nullptr) {
    out["status"] = "unknown";
    return out;
  }
  out["status"] = "available";
  out["disk"] = state.pool_used(*pool);
  out["maxdisk"] = pool->total;
  return out;
}

std::string storage_config_digest(const ClusterState& state) {
  // storage.cfg as PVE writes it: "<type>: <id>" then indented options.
  std::ostringstream cfg;
  for (const auto& storage : state.storages) {
    cfg << storage.type << ": " << storage.id << "\n\tcontent " << join_content(storage.content)
        << "\n";
    for (const auto& [key, value] : storage.options.items()) {
      cfg << '\t' << key << ' ' << config_value_text(value) << '\n';
    }
    cfg << '\n';
  }
  return sha1_hex(cfg.str());
}

Json storage_config_entry(const StorageDef& storage, const std::string& digest) {
  Json out = storage.options;
  out["storage"] = storage.id;
  out["type"] = storage.type;
  out["content"] = join_content(storage.content);
  out["digest"] = digest;
  return out;
}

bool can_audit_guest(const ClusterState& state, const std::string& auth_id, int vmid) {
  return state.access.has_privilege(auth_id, "/vms/" + std::to_string(vmid), "VM.Audit");
}

bool can_audit_storage(const ClusterState& state, const std::string& auth_id,
                       const std::string& storage) {
  return state.access.has_any_privilege(auth_id, "/storage/" + storage,
                                        {"Datastore.Audit", "Datastore.AllocateSpace"});
}

bool can_audit_node(const ClusterState& state, const std::string& auth_id,
                    const std::string& node) {
  return state.access.has_privilege(auth_id, "/nodes/" + node, "Sys.Audit");
}

}  // namespace pvesim
