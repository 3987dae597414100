#include "tools/api_guard.h"

#include "policy/tool_choice.h"

namespace tools {

namespace {

constexpr std::string_view kQemuGuest = "/nodes/{node}/qemu/{vmid}";
constexpr std::string_view kLxcGuest = "/nodes/{node}/lxc/{vmid}";

std::string text_of(const nlohmann::json& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool set(const nlohmann::json& params, const char* key) {
  const std::string value = text_of(params, key);
  return value == "1" || value == "true";
}

std::optional<GuestAtRisk> at_risk(const nlohmann::json& params, GuestType type,
                                   std::string action) {
  const std::optional<std::int64_t> vmid = guest_id(text_of(params, "vmid"));
  GuestAtRisk risk{text_of(params, "node"), type, vmid.value_or(0), std::move(action)};
  if (!vmid || risk.node.empty()) {
    return std::nullopt;  // the schema requires both; nothing to look up without them
  }
  return risk;
}

// What `method` on `rest` (the part of the path after the guest) does to the guest.
std::optional<std::string> action_on_guest(std::string_view method, std::string_view rest,
                                           const nlohmann::json& params) {
  if (method == "DELETE") {
    return rest.empty() ? "delete it" : "send DELETE …" + std::string(rest) + " to it";
  }
  if (method == "POST" && rest.starts_with("/snapshot/") && rest.ends_with("/rollback")) {
    return "roll it back";
  }
  if (method == "POST" && rest == "/template") return "convert it to a template";
  if ((method == "POST" || method == "PUT") && rest == "/config" && params.contains("protection")) {
    return "change its protection";  // lifting it would open the way for every other call
  }
  if ((method == "POST" || method == "PUT") && rest == "/config" && params.contains("delete")) {
    return "delete keys of its config (" + text_of(params, "delete") + ")";
  }
  const bool move = method == "POST" && (rest == "/move_disk" || rest == "/move_volume");
  if (move && params.contains("target-vmid")) {
    return "give one of its disks to guest " + text_of(params, "target-vmid");
  }
  if (move && set(params, "delete")) return "delete the source of a moved disk";
  if (method == "PUT" && rest == "/unlink") return "unlink disks from it";
  if (method == "POST" && rest == "/remote_migrate" && set(params, "delete")) {
    return "delete it once it has moved to another cluster";
  }
  // The guest agent changes the guest from inside, as the exec tool does.
  if (method == "POST" && rest == "/agent/exec") return "run a command inside it";
  if (method == "POST" && rest == "/agent/file-write") return "write a file inside it";
  if (method == "POST" && rest == "/agent/set-user-password") return "set a password inside it";
  return std::nullopt;
}

std::optional<std::pair<GuestType, std::string_view>> guest_path(std::string_view template_path) {
  for (const auto& [prefix, type] :
       {std::pair{kQemuGuest, GuestType::kQemu}, std::pair{kLxcGuest, GuestType::kLxc}}) {
    if (!template_path.starts_with(prefix)) continue;
    const std::string_view rest = template_path.substr(prefix.size());
    if (!rest.empty() && rest.front() != '/') continue;
    return std::pair{type, rest};
  }
  return std::nullopt;
}

}  // namespace

std::optional<GuestAtRisk> guest_at_risk(std::string_view method, std::string_view template_path,
                                         const nlohmann::json& params) {
  if (const auto guest = guest_path(template_path)) {
    if (auto action = action_on_guest(method, guest->second, params)) {
      return at_risk(params, guest->first, std::move(*action));
    }
    return std::nullopt;
  }
  // A restore (create from an archive) with force replaces the guest that has its ID.
  if (method == "POST" && set(params, "force") &&
      (template_path == "/nodes/{node}/qemu" || template_path == "/nodes/{node}/lxc")) {
    const GuestType type = template_path.ends_with("/lxc") ? GuestType::kLxc : GuestType::kQemu;
    return at_risk(params, type, "restore a backup over it");
  }
  return std::nullopt;
}

bool confirms_api_request(std::string_view method, std::string_view template_path,
                          const nlohmann::json& params) {
  if (guest_at_risk(method, template_path, params)) return true;
  if (const auto guest = guest_path(template_path)) {
    return method == "POST" && guest->second == "/status/stop";
  }
  return method == "DELETE" && template_path == "/nodes/{node}/storage/{storage}/content/{volume}";
}

std::optional<GuestTarget> api_path_guest(std::string_view template_path,
                                          const nlohmann::json& params) {
  const auto guest = guest_path(template_path);
  const std::optional<std::int64_t> vmid = guest_id(text_of(params, "vmid"));
  if (!guest || !vmid || text_of(params, "node").empty()) return std::nullopt;
  return GuestTarget{text_of(params, "node"), guest->first, *vmid};
}

Reach api_call_reach(const apischema::Endpoint& endpoint, const nlohmann::json& params) {
  Reach reach{.write = endpoint.method != "GET"};
  const bool copies =
      (endpoint.path.ends_with("/clone") || endpoint.path == "/nodes/{node}/vzdump") &&
      text_of(params, "mode") != "stop";
  for (const apischema::Parameter& parameter : endpoint.parameters) {
    const std::string value = text_of(params, parameter.name.c_str());
    if (value.empty()) continue;
    const std::string& format = parameter.format;
    if (format == "pve-node" || format == "pve-node-list") {
      for (std::string& node : policy::parse_name_list(value))
        reach.nodes.push_back(std::move(node));
      continue;
    }
    std::vector<std::string> ids;
    if (format == "pve-vmid" || format == "pve-ha-resource-or-vm-id") {
      // An HA resource ID is "vm:100", "ct:100" or the bare ID.
      ids.push_back(value.substr(value.find(':') == std::string::npos ? 0 : value.find(':') + 1));
    } else if (format == "pve-vmid-list" && parameter.name != "exclude") {
      ids = policy::parse_name_list(value);
    }
    // A clone's new ID is a guest it creates; its `vmid` the source it copies.
    const bool copied = copies && parameter.name == "vmid";
    for (const std::string& id : ids) {
      if (std::optional<std::int64_t> vmid = guest_id(id)) {
        (reach.write && !copied ? reach.changed : reach.read).push_back(*vmid);
      }
    }
  }
  return reach;
}

}  // namespace tools
