// Argument pieces the guest write tools share beyond common_args.h: on/off switches, snapshot
// names, "one of a long list" rules.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tools/typed_args.h"

namespace tools {

// Ranges from apidata.json: cores 1..8192 (the container maximum; qemu has no schema maximum,
// and no host has more), memory from 16 MiB. The upper memory bound is qemu-server's hotplug
// limit, 4 TiB; no Proxmox host gives a guest more.
inline constexpr std::int64_t kMaxCores = 8192;
inline constexpr std::int64_t kMinMemory = 16;
inline constexpr std::int64_t kMaxMemory = 4194304;

// An on/off switch that is off unless given: saying "default false" in the schema would only
// repeat what leaving it out already means.
template <class Args>
typed::Field<Args, bool> flag(bool Args::*member, std::string_view name) {
  return typed::field(member, name).or_default_explained_once(false);
}

namespace typed {

// PVE's pve-configid as the snapshot endpoints take it: a letter, then letters, digits, '_' or
// '-', 2 to 40 characters; not "current" or "pending", which Proxmox reserves.
Problem snapname_rule(const std::string& text);

// "must be one of: a, b, c" unless `text` is in `allowed`: for lists too long to advertise.
Problem listed_in(std::span<const std::string_view> allowed, const std::string& text);

}  // namespace typed
}  // namespace tools
