// ASCII lower-casing, for the case-blind names of HTTP (headers, content types) and of nodes.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace pvesim {

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace pvesim
