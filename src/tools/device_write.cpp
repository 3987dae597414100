#include "tools/device_write.h"

#include "pve/error.h"
#include "tools/guest_guard.h"
#include "tools/values.h"

namespace tools {

nlohmann::json config_before(pve::Api& api, const GuestTarget& guest) {
  nlohmann::json config = guest_config(api, guest.node, guest.type, guest.vmid);
  if (!config.is_object()) {
    throw ArgError("Unexpected response from Proxmox: the config of " + guest.label() +
                   " is not an object");
  }
  return config;
}

std::optional<nlohmann::json> config_after(pve::Api& api, const GuestTarget& guest) {
  try {
    nlohmann::json config = guest_config(api, guest.node, guest.type, guest.vmid);
    if (config.is_object()) return config;
  } catch (const pve::Error&) {
  }
  return std::nullopt;
}

void add_digest(pve::Params& params, const nlohmann::json& config) {
  std::string digest = text_field(config, "digest");
  if (!digest.empty()) params.emplace_back("digest", digest);
}

std::string missing_key(const GuestTarget& guest, std::string_view key, std::string_view plural,
                        const std::string& present) {
  return guest.label() + " has no " + std::string(key) + "; its " + std::string(plural) +
         " are: " + present;
}

}  // namespace tools
