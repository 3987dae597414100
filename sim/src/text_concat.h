// One-allocation string joining for texts built inside loops (error lines, log lines).
#pragma once

#include <string>
#include <string_view>

namespace pvesim {

template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace pvesim
