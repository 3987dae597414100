#include "tools/device_write.h"

#include "pve/error.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/task_follow.h"
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

bool SettledConfig::waits(std::string_view key) const {
  return pending.contains(key) || deleting.contains(key);
}

std::string SettledConfig::stored(std::string_view key) const {
  return text_field(pending.contains(key) ? pending : current, key);
}

std::optional<SettledConfig> settled_config(pve::Api& api, const GuestTarget& guest) {
  nlohmann::json items;
  try {
    items = api.get(guest.path({"pending"}), {});
  } catch (const pve::Error&) {
    return std::nullopt;
  }
  if (!items.is_array()) return std::nullopt;
  SettledConfig settled;
  for (const auto& item : items) {
    if (!item.is_object()) continue;
    const std::string key = text_field(item, "key");
    if (key.empty()) continue;
    // Perl serialises config values as strings or numbers depending on their last use.
    if (item.contains("value")) settled.current[key] = text_field(item, "value");
    if (item.contains("pending")) settled.pending[key] = text_field(item, "pending");
    if (integer_field(item, "delete").value_or(0) > 0) settled.deleting.insert(key);
  }
  return settled;
}

std::string pending_note(GuestType type) {
  return "⏳ Proxmox holds this change until the " + guest_noun(type) +
         " next starts (proxmox_reboot" + tool_suffix(type) +
         " applies it now; a reboot from inside the guest does not)";
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
