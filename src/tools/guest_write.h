// What guest write tools share: the guest a call targets, its URL and label, task types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/args.h"
#include "tools/common_args.h"
#include "tools/handler.h"

namespace pve {
class Api;
}

namespace tools {

// The guest named by a call's `node` and `vmid` (validated), of a type fixed by the tool.
struct GuestTarget {
  std::string node;
  GuestType type;
  std::int64_t vmid;

  // The guest a typed call names; the row fixes the type.
  static GuestTarget of(const GuestArgs& args, GuestType type);
  // "/nodes/{node}/{qemu|lxc}/{vmid}" followed by `more` segments, each percent-encoded.
  [[nodiscard]] std::string path(std::initializer_list<std::string_view> more = {}) const;
  // "VM 100" / "CT 100".
  [[nodiscard]] std::string label() const;
};

// "lxc" is a container; anything else (a value the tool's arguments already checked) a VM.
GuestType type_named(std::string_view type);
// The type of guest `vmid` as GET /cluster/resources lists it, for a call that named no type on
// a tool serving both; ArgError when it is not listed.
GuestType listed_type(pve::Api& api, std::int64_t vmid);

// "VM" / "container": for descriptions and texts.
std::string guest_noun(GuestType type);
// "_vm" / "_lxc": how the Node.js server ends the names of a tool pair.
std::string tool_suffix(GuestType type);
// The Proxmox task type of a guest action: "qm" or "vz" then the action ("qmsnapshot",
// "vzrestore"), as qemu-server and pve-container name their workers.
std::string guest_task_type(GuestType type, std::string_view action);

// `output_schema` with the properties guest_facts() fills (node, vmid, type) added and
// required; a property the schema already describes (a clone's source vmid) is kept as it is.
nlohmann::json with_guest_output(nlohmann::json output_schema, GuestType type);

}  // namespace tools
