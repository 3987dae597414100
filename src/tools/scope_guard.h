// The scope and protection settings applied to one call: which nodes and guests it reaches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/scope.h"
#include "pve/api.h"

namespace tools {

struct About;

// What one call names.
struct Reach {
  std::vector<std::string> nodes = {};     // nodes it acts on or moves something to
  std::vector<std::int64_t> changed = {};  // guests a write changes, replaces or creates
  std::vector<std::int64_t> read = {};     // guests it only reads or copies
  bool write = false;
  std::string action = {};  // completes "refusing to …": "run proxmox_stop_vm on it"
  // A write that creates a guest under an ID Proxmox would pick (none given): `id_argument`.
  std::string picks_id = {};
  // A change of every guest of a node, a pool or the cluster (stopall, vzdump all=1, …).
  bool every_guest = false;
};

// A guest ID written as text ("100"), or nothing.
std::optional<std::int64_t> guest_id(std::string_view text);

// The guest a volume ID belongs to: a backup's (…:backup/vzdump-qemu-100-…, PBS vm/100/…) or
// a disk's (…:vm-100-disk-0, …:100/vm-100-disk-0.qcow2, base-/subvol- volumes), or nothing.
std::optional<std::int64_t> volume_owner(std::string_view volid);

// Whether a guest has `vmid`, asked of GET /cluster/nextid: unlike the resource list, it answers
// any token about any guest. Throws pve::Error when Proxmox could not tell.
bool vmid_taken(pve::Api& api, std::int64_t vmid);

// Throws ArgError when `reach` leaves the scope, or a write changes a guest the settings protect
// (by ID, or by a tag it has now). For a write, reads /cluster/resources first when a guest's
// current node or tags decide, so a guest moved or retagged is judged as it is. A changed guest
// missing from that list is let through only when its ID is free (GET /cluster/nextid): one
// this token cannot see is not let through unchecked.
void enforce_scope(pve::Api& api, const policy::Scope& scope, const Reach& reach);

// What a curated tool's call names, from its arguments (node, target, vmid, newid, volume,
// upid); `input` is the tool's inputSchema, `write` whether the tool changes anything.
Reach reach_of(const About& about, const nlohmann::json& input, bool write,
               const nlohmann::json& args);

}  // namespace tools
