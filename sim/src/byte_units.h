// Byte sizes, as Proxmox counts them (powers of 1024).
#pragma once

#include <cstdint>

namespace pvesim {

constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;
constexpr std::int64_t kGiB = 1024 * kMiB;
constexpr std::int64_t kTiB = 1024 * kGiB;

}  // namespace pvesim
