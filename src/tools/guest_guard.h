// Safety checks before a destructive change to a guest: Proxmox's protection flag.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "tools/args.h"

namespace tools {

// GET /nodes/{node}/{qemu|lxc}/{vmid}/config (the current config, not a pending one).
nlohmann::json guest_config(pve::Api& api, const std::string& node, GuestType type,
                            std::int64_t vmid);

// "VM 100" / "CT 100", the way Proxmox names guests in its own messages.
std::string guest_label(GuestType type, std::int64_t vmid);

// Reads the guest's config and throws Refusal (an isError result through guarded()) when it
// has protection=1. `action` completes "refusing to …", e.g. "delete it", "roll it back".
// The guest not existing propagates as pve::Error (not found).
void refuse_if_protected(pve::Api& api, const std::string& node, GuestType type, std::int64_t vmid,
                         std::string_view action);
// The same check on a config already read; for tools that need the config anyway.
void refuse_if_protected(const nlohmann::json& config, GuestType type, std::int64_t vmid,
                         std::string_view action);

}  // namespace tools
