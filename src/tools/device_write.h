// What the disk and network write tools share: reading the config around a change, digests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "tools/guest_write.h"

namespace tools {

// The guest's current config (GET …/config); a missing guest propagates as pve::Error.
nlohmann::json config_before(pve::Api& api, const GuestTarget& guest);
// The config after a change, to report what Proxmox did; nullopt when it cannot be read (the
// change itself already happened, so this must not turn the answer into an error).
std::optional<nlohmann::json> config_after(pve::Api& api, const GuestTarget& guest);

// Appends digest=… from `config` so Proxmox refuses the change if someone else edited the
// config since it was read (PVE answers 400/500 "detected modified configuration").
void add_digest(pve::Params& params, const nlohmann::json& config);

// "VM 101 has no scsi3" style sentence listing what it has: "…; its disks are: scsi0, unused0".
std::string missing_key(const GuestTarget& guest, std::string_view key, std::string_view plural,
                        const std::string& present);

}  // namespace tools
