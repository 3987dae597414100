// Collecting the guest list: one /cluster/resources request, or per-node lists as a fallback.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/scope.h"
#include "pve/api.h"

namespace tools {

struct GuestRow {
  std::int64_t vmid = 0;
  std::string name;
  std::string node;
  std::string type;           // "qemu" or "lxc"
  std::string status;         // running, stopped, paused, unknown, ...
  std::optional<double> cpu;  // fraction of maxcpu
  std::optional<double> maxcpu;
  std::optional<double> mem;
  std::optional<double> maxmem;
  std::optional<std::int64_t> uptime;
  bool is_template = false;
  std::string lock;
  std::string tags;
  std::string protection = {};  // why this server's settings protect it; "" when they do not
};

struct GuestQuery {
  std::optional<std::string> node;  // only guests on this node
  bool qemu = true;
  bool lxc = true;
};

struct GuestListing {
  std::vector<GuestRow> guests;       // sorted by vmid
  std::vector<std::string> warnings;  // one line per offline node
  bool per_node = false;              // true when /cluster/resources failed and lists were used
};

// Never fails because a node is offline: its guests are reported as unknown (cluster view) or
// left out with a warning (per-node view).
GuestListing list_guests(pve::Api& api, const GuestQuery& query);

// Leaves out the guests outside the scope (saying how many in a warning) and notes why the
// settings protect each remaining guest they protect.
void apply_scope(GuestListing& listing, const policy::Scope& scope);

}  // namespace tools
