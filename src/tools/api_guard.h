// Which guest a generic API call could destroy data of, so that a protected guest is spared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apischema/catalogue.h"
#include "tools/args.h"
#include "tools/guest_write.h"
#include "tools/scope_guard.h"

namespace tools {

struct GuestAtRisk {
  std::string node;
  GuestType type = GuestType::kQemu;
  std::int64_t vmid = 0;
  std::string action;  // completes "refusing to …": "delete it", "roll it back"
};

// `method` on the schema path `template_path` with the parameters as they will be sent
// (strings, path values included): deleting anything of a guest, rolling it back, converting it
// to a template, changing its protection, deleting config keys, a moved disk's source or the
// guest after a remote migration, giving a disk to another guest, unlinking disks, running a
// command, writing a file or setting a password inside it, restoring over it.
std::optional<GuestAtRisk> guest_at_risk(std::string_view method, std::string_view template_path,
                                         const nlohmann::json& params);

// Whether a generic call does what a tool that is confirmed first does (PROXMOX_CONFIRM):
// deleting a guest, stopping it, rolling it back, restoring over it, removing or unlinking its
// disks, deleting storage content.
bool confirms_api_request(std::string_view method, std::string_view template_path,
                          const nlohmann::json& params);

// The guest a path under /nodes/{node}/qemu|lxc/{vmid} acts on, or the one a create or restore
// (POST /nodes/{node}/qemu|lxc) would replace, if there is one.
std::optional<GuestTarget> api_path_guest(std::string_view template_path,
                                          const nlohmann::json& params);

// What a generic call names, by the schema's formats of its parameters (path values included,
// as text): pve-node and pve-node-list values are nodes; pve-vmid, pve-vmid-list (but
// `exclude`) and HA resource IDs ("vm:100") guests, which a change changes unless it copies them
// (a clone's source, a backup not in stop mode).
Reach api_call_reach(const apischema::Endpoint& endpoint, const nlohmann::json& params);

}  // namespace tools
