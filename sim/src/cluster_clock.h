// The simulator's time source, injectable so tests can move time by hand.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace pvesim {

// Milliseconds since the Unix epoch.
using Clock = std::function<std::int64_t()>;

inline Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace pvesim
