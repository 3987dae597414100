#include "cluster_views.h"

#include <optional>
#include <sstream>

#include "cluster_request.h"
#include "cluster_sha1.h"
#include "guest_monitor.h"

namespace pvesim {
namespace {

int node_cpus(const ClusterState& state, const Guest& guest) {
  const Node* node = state.find_node(guest.node);
  return node != nullptr ? node->cpus : 1;
}

// get_service_status: the CRM's state of an HA resource, which follows the requested one here;
// nullopt when the guest is none.
std::optional<std::string> ha_state(const ClusterState& state, const Guest& guest) {
  const auto ha = state.ha_resources.find(guest_ha_sid(guest));
  if (ha == state.ha_resources.end()) return std::nullopt;
  return ha->second.value("state", "started");
}

// The figures vmstatus and the status line share: load, root disk use, uptime, traffic.
void add_load_figures(Json& out, const ClusterState& state, const Guest& guest) {
  const bool running = guest.running;
  out["cpu"] = running ? number(guest.cpu) : Json(0);
  out["disk"] = guest.type == GuestType::kLxc && running ? guest.disk_used : 0;
  out["uptime"] = guest_uptime(guest, state.now_ms());
  out["netin"] = running ? guest.netin : 0;
  out["netout"] = running ? guest.netout : 0;
}

void add_optional_strings(Json& out, const Guest& guest) {
  if (auto it = guest.config.find("tags"); it != guest.config.end()) out["tags"] = *it;
  const std::string lock = guest_lock(guest);
  if (!lock.empty()) out["lock"] = lock;
}

}  // namespace

Json guest_metrics(const ClusterState& state, const Guest& guest) {
  const bool lxc = guest.type == GuestType::kLxc;
  const bool running = guest.running;
  Json out = {{"vmid", guest.vmid},
              {"name", guest_name(guest)},
              {"status", running ? "running" : "stopped"},
              {"cpus", lxc ? lxc_cpus(guest, node_cpus(state, guest))
                           : number(guest_cpus(guest, node_cpus(state, guest)))},
              {"maxmem", guest_maxmem(guest)},
              {"mem", running ? guest.mem : 0},
              {"maxdisk", guest_maxdisk(guest)}};
  add_load_figures(out, state, guest);
  if (running) {
    out["pid"] = guest.pid;
    out.update(guest_pressure(guest));
  }
  if (guest_is_template(guest)) out["template"] = 1;
  if (lxc) {
    // pve-container reads the blkio counters of every container (0 when stopped); it has no
    // memhost.
    out["type"] = "lxc";
    out["maxswap"] = guest_maxswap(guest);
    out["swap"] = 0;
    out["diskread"] = running ? guest.diskread : 0;
    out["diskwrite"] = running ? guest.diskwrite : 0;
  } else {
    // qemu-server: memhost always (0 when stopped), and `mem` is that cgroup figure until the
    // balloon's statistics replace it (full, guest_monitor.cpp); diskread/diskwrite only from
    // the monitor's blockstats (qemu-server 9.0.24 and later), so only with `full`.
    out["memhost"] = running ? qemu_memhost(guest, guest_maxmem(guest)) : 0;
    out["mem"] = out["memhost"];
    if (guest.config.contains("serial0")) out["serial"] = 1;
    if (const auto balloon = guest_balloon(guest); balloon && *balloon != 0) {
      out["balloon_min"] = *balloon * 1024 * 1024;
      out["shares"] = guest.config.contains("shares") ? guest.config["shares"] : Json(1000);
    }
  }
  add_optional_strings(out, guest);
  return out;
}

Json qemu_full_status(const ClusterState& state, const Guest& guest) {
  Json out = guest_metrics(state, guest);
  out["qmpstatus"] = !guest.running ? "stopped" : guest.paused ? "paused" : "running";
  if (guest.running) out.update(qemu_monitor_fields(guest, guest_maxmem(guest), state.now_ms()));
  return out;
}

Json guest_status(const ClusterState& state, const Guest& guest) {
  const bool qemu = guest.type == GuestType::kQemu;
  Json out = qemu ? qemu_full_status(state, guest) : guest_metrics(state, guest);
  const auto ha = ha_state(state, guest);
  out["ha"] = ha ? Json{{"managed", 1}, {"state", *ha}} : Json{{"managed", 0}};
  if (!qemu) return out;
  // vm_status: with a `vga` line, spice for qxl/virtio displays and the clipboard option
  // (null unless clipboard=vnc).
  if (auto vga = guest.config.find("vga"); vga != guest.config.end() && vga->is_string()) {
    const std::string text = vga->get<std::string>();
    const std::string vga_type =
        property_value(text, "type").value_or(text.substr(0, text.find(',')));
    if (vga_type.starts_with("qxl") || vga_type.starts_with("virtio")) out["spice"] = 1;
    const auto clipboard = property_value(text, "clipboard");
    out["clipboard"] = clipboard ? Json(*clipboard) : Json(nullptr);
  }
  if (guest_agent_enabled(guest)) out["agent"] = 1;
  return out;
}

Json guest_resource(const ClusterState& state, const Guest& guest) {
  const Node* node = state.find_node(guest.node);
  const char* type = guest_type_name(guest.type);
  Json out = {{"id", std::string(type) + "/" + std::to_string(guest.vmid)},
              {"type", type},
              {"vmid", guest.vmid},
              {"node", guest.node},
              {"status", "unknown"}};  // no status data from the node (offline)
  add_optional_strings(out, guest);
  if (const auto ha = ha_state(state, guest)) out["hastate"] = *ha;
  if (node == nullptr || !node->online) return out;
  // extract_vm_stats: the node's last pve-vm-9.0 status line (pvestatd's full vmstatus), every
  // figure made a number; the status is the QMP one for qemu (paused), mem the balloon's
  // figure, memhost 0 for containers (they send none).
  const bool qemu = guest.type == GuestType::kQemu;
  const bool running = guest.running;
  const std::int64_t maxmem = guest_maxmem(guest);
  out["name"] = guest_name(guest);
  out["status"] = !running ? "stopped" : qemu && guest.paused ? "paused" : "running";
  out["template"] = flag(guest_is_template(guest));
  out["maxcpu"] = number(guest_cpus(guest, node_cpus(state, guest)));
  out["maxmem"] = maxmem;
  out["maxdisk"] = guest_maxdisk(guest);
  add_load_figures(out, state, guest);
  out["mem"] = running ? guest.mem : 0;
  out["diskread"] = running ? guest.diskread : 0;
  out["diskwrite"] = running ? guest.diskwrite : 0;
  out["memhost"] = qemu && running ? qemu_memhost(guest, maxmem) : 0;
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
