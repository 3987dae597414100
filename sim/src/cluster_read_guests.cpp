// Guest reads: lists, status/current, config (with or without pending changes), the pending
// list and snapshot lists, for qemu and lxc alike.
#include "cluster_handlers.h"
#include "cluster_request.h"
#include "cluster_views.h"
#include "guest_pending.h"

namespace pvesim {
namespace {

struct GuestLookup {
  const Guest* guest = nullptr;
  ApiResponse error;
};

// PVE reads the config from the node named in the path: a guest of the other type, on
// another node, or absent, all fail the same way.
GuestLookup find_guest(const ClusterState& state, const ApiRequest& request, GuestType type) {
  GuestLookup result;
  const std::string node = param_string(request, "node").value_or("");
  const auto vmid = param_int(request, "vmid");
  if (!vmid) {
    result.error = param_error("vmid", "type check ('integer') failed - got '" +
                                           param_string(request, "vmid").value_or("") + "'");
    return result;
  }
  auto it = state.guests.find(static_cast<int>(*vmid));
  if (it == state.guests.end() || it->second.type != type || it->second.node != node) {
    result.error = config_missing(type, node, *vmid);
    return result;
  }
  result.guest = &it->second;
  return result;
}

ApiResponse list_guests(const ClusterState& state, const ApiRequest& request, GuestType type) {
  const std::string node = param_string(request, "node").value_or("");
  const bool full = param_bool(request, "full", false);
  Json out = Json::array();
  for (const auto& [vmid, guest] : state.guests) {
    if (guest.type != type || guest.node != node) continue;
    if (!can_audit_guest(state, request.auth_id, vmid)) continue;
    out.push_back(type == GuestType::kQemu && full ? qemu_full_status(state, guest)
                                                   : guest_metrics(state, guest));
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse status_current(const ClusterState& state, const ApiRequest& request, GuestType type) {
  GuestLookup found = find_guest(state, request, type);
  if (found.guest == nullptr) return found.error;
  return ApiResponse::ok(guest_status(state, *found.guest));
}

ApiResponse config(const ClusterState& state, const ApiRequest& request, GuestType type) {
  GuestLookup found = find_guest(state, request, type);
  if (found.guest == nullptr) return found.error;
  const Guest& guest = *found.guest;
  const std::string digest = guest_config_digest(guest);
  const bool current = param_bool(request, "current", false);
  if (param_string(request, "snapshot") && current) {
    ApiResponse response =
        param_error("snapshot", "cannot use 'snapshot' parameter with 'current'");
    response.errors["current"] = "cannot use 'snapshot' parameter with 'current'";
    return response;
  }
  if (auto name = param_string(request, "snapshot")) {
    const Snapshot* snapshot = find_snapshot(guest, *name);
    if (snapshot == nullptr) {
      return param_error("snapshot", "snapshot '" + *name + "' does not exist");
    }
    Json out = snapshot->config;
    out["digest"] = digest;
    return ApiResponse::ok(std::move(out));
  }
  // load_current_config: pending values take part unless `current` asks for what is in effect.
  Json out = current ? guest.config : config_with_pending(guest);
  out["digest"] = digest;
  // vm_config never shows the cloud-init password, not even its hash.
  if (type == GuestType::kQemu && out.contains("cipassword")) out["cipassword"] = "**********";
  return ApiResponse::ok(std::move(out));
}

ApiResponse pending(const ClusterState& state, const ApiRequest& request, GuestType type) {
  GuestLookup found = find_guest(state, request, type);
  if (found.guest == nullptr) return found.error;
  Json out = pending_array(*found.guest);
  // vm_pending masks the password too; the pending one with a trailing space, so that the two
  // masks differ when the password changes.
  if (type == GuestType::kQemu) {
    for (auto& item : out) {
      if (item.value("key", "") != "cipassword") continue;
      if (item.contains("value")) item["value"] = "**********";
      if (item.contains("pending")) item["pending"] = "********** ";
    }
  }
  return ApiResponse::ok(std::move(out));
}

ApiResponse snapshots(const ClusterState& state, const ApiRequest& request, GuestType type) {
  GuestLookup found = find_guest(state, request, type);
  if (found.guest == nullptr) return found.error;
  const Guest& guest = *found.guest;
  Json out = Json::array();
  for (const auto& snapshot : guest.snapshots) {
    const Json& section = snapshot.config;
    Json item = {{"name", snapshot.name},
                 {"description", section.value("description", std::string())},
                 {"snaptime", section.value("snaptime", std::int64_t{0})}};
    if (auto parent = section.find("parent"); parent != section.end()) item["parent"] = *parent;
    if (auto state_it = section.find("snapstate"); state_it != section.end()) {
      item["snapstate"] = *state_it;
    }
    if (type == GuestType::kQemu) item["vmstate"] = flag(section.contains("vmstate"));
    out.push_back(std::move(item));
  }
  Json current = {{"name", "current"},
                  {"description", "You are here!"},
                  {"digest", guest_config_digest(guest)},
                  {"running", flag(guest.running)}};
  if (auto parent = guest.config.find("parent"); parent != guest.config.end()) {
    current["parent"] = *parent;
  }
  out.push_back(std::move(current));
  return ApiResponse::ok(std::move(out));
}

}  // namespace

ApiResponse get_qemu_list(ClusterState& state, const ApiRequest& request) {
  return list_guests(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_list(ClusterState& state, const ApiRequest& request) {
  return list_guests(state, request, GuestType::kLxc);
}
ApiResponse get_qemu_status(ClusterState& state, const ApiRequest& request) {
  return status_current(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_status(ClusterState& state, const ApiRequest& request) {
  return status_current(state, request, GuestType::kLxc);
}
ApiResponse get_qemu_config(ClusterState& state, const ApiRequest& request) {
  return config(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_config(ClusterState& state, const ApiRequest& request) {
  return config(state, request, GuestType::kLxc);
}
ApiResponse get_qemu_pending(ClusterState& state, const ApiRequest& request) {
  return pending(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_pending(ClusterState& state, const ApiRequest& request) {
  return pending(state, request, GuestType::kLxc);
}
ApiResponse get_qemu_snapshots(ClusterState& state, const ApiRequest& request) {
  return snapshots(state, request, GuestType::kQemu);
}
ApiResponse get_lxc_snapshots(ClusterState& state, const ApiRequest& request) {
  return snapshots(state, request, GuestType::kLxc);
}

}  // namespace pvesim
