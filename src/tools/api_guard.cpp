#include "tools/api_guard.h"

#include <charconv>

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
  const std::string vmid = text_of(params, "vmid");
  GuestAtRisk risk{text_of(params, "node"), type, 0, std::move(action)};
  const auto [end, ec] = std::from_chars(vmid.data(), vmid.data() + vmid.size(), risk.vmid);
  if (ec != std::errc() || end != vmid.data() + vmid.size() || risk.node.empty()) {
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

}  // namespace

std::optional<GuestAtRisk> guest_at_risk(std::string_view method, std::string_view template_path,
                                         const nlohmann::json& params) {
  for (const auto& [prefix, type] :
       {std::pair{kQemuGuest, GuestType::kQemu}, std::pair{kLxcGuest, GuestType::kLxc}}) {
    if (!template_path.starts_with(prefix)) continue;
    const std::string_view rest = template_path.substr(prefix.size());
    if (!rest.empty() && rest.front() != '/') continue;
    if (auto action = action_on_guest(method, rest, params)) {
      return at_risk(params, type, std::move(*action));
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

}  // namespace tools
