#include "tools/guest_guard.h"

#include "tools/values.h"

namespace tools {

nlohmann::json guest_config(pve::Api& api, const std::string& node, GuestType type,
                            std::int64_t vmid) {
  return api.get(pve::path({"nodes", node, guest_type_name(type), std::to_string(vmid), "config"}));
}

std::string guest_label(GuestType type, std::int64_t vmid) {
  return (type == GuestType::kLxc ? "CT " : "VM ") + std::to_string(vmid);
}

void refuse_if_protected(const nlohmann::json& config, GuestType type, std::int64_t vmid,
                         std::string_view action) {
  if (!config.is_object() || !flag_field(config, "protection")) return;
  const std::string cli = type == GuestType::kLxc ? "pct" : "qm";
  throw Refusal(guest_label(type, vmid) + " is protected (protection=1): refusing to " +
                std::string(action) +
                ". Remove protection in Proxmox first if this is intended (Options → "
                "Protection, or `" +
                cli + " set " + std::to_string(vmid) + " --protection 0`).");
}

void refuse_if_protected(pve::Api& api, const std::string& node, GuestType type, std::int64_t vmid,
                         std::string_view action) {
  refuse_if_protected(guest_config(api, node, type, vmid), type, vmid, action);
}

}  // namespace tools
