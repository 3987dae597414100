// Small text helpers shared by the parsers of the pve client.
#pragma once

#include <string_view>

namespace pve {

// `text` without leading and trailing white space (std::isspace).
std::string_view trim(std::string_view text);

}  // namespace pve
