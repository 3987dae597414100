// The CPU and memory ranges the guest create and resize tools check.
#pragma once

#include <cstdint>

namespace tools {

// Ranges from apidata.json: cores 1..8192 (the container maximum; qemu has no schema maximum,
// and no host has more), memory from 16 MiB. The upper memory bound is qemu-server's hotplug
// limit, 4 TiB; no Proxmox host gives a guest more.
inline constexpr std::int64_t kMaxCores = 8192;
inline constexpr std::int64_t kMinMemory = 16;
inline constexpr std::int64_t kMaxMemory = 4194304;

}  // namespace tools
