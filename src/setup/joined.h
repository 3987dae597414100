// Lists as the setup commands print them: "a,b,c" for pveum, "a, b" for people.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace setup {

inline std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace setup
