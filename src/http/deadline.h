// Deadlines as poll() timeouts.
#pragma once

#include <algorithm>
#include <chrono>

namespace http {

using Deadline = std::chrono::steady_clock::time_point;

// Milliseconds left until `deadline`, for poll(): 0 once it has passed, at most a minute (the
// caller polls again).
inline int millis_until(Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 60'000));
}

}  // namespace http
