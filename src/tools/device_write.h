// What the guest write tools share: reading the config around a change, digests.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "tools/guest_write.h"

namespace tools {

// The guest's current config (GET …/config); a missing guest propagates as pve::Error.
nlohmann::json config_before(pve::Api& api, const GuestTarget& guest);

// The config after a change as GET …/pending reports it. A running guest takes only what it
// can hotplug; Proxmox holds the rest back until the guest's next start, and GET …/config
// would show those held-back values as if they were in effect.
struct SettledConfig {
  nlohmann::json current = nlohmann::json::object();  // in effect now
  nlohmann::json pending = nlohmann::json::object();  // key → value waiting for the next start
  std::set<std::string, std::less<>> deleting;        // keys whose removal waits

  bool waits(std::string_view key) const;
  // The value as Proxmox stored it: the held-back one if any, else the one in effect.
  std::string stored(std::string_view key) const;
};
// nullopt when it cannot be read: the change already happened, so this must not turn the
// answer into an error.
std::optional<SettledConfig> settled_config(pve::Api& api, const GuestTarget& guest);

// What the "Pending" bullet says of a change Proxmox holds back until the next start.
std::string pending_note(GuestType type);

// Appends digest=… from `config` so Proxmox refuses the change if someone else edited the
// config since it was read (PVE answers 400/500 "detected modified configuration").
void add_digest(pve::Params& params, const nlohmann::json& config);

// "VM 101 has no scsi3" style sentence listing what it has: "…; its disks are: scsi0, unused0".
std::string missing_key(const GuestTarget& guest, std::string_view key, std::string_view plural,
                        const std::string& present);

}  // namespace tools
