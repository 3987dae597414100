// Percent-decoding and application/x-www-form-urlencoded parsing.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pvesim {

// Decodes %XX sequences (invalid ones stay as they are); '+' becomes ' ' when plus_is_space.
std::string percent_decode(std::string_view text, bool plus_is_space);

// "a=1&b=2&a=3" -> [(a,1),(b,2),(a,3)], decoded, in order; a key without '=' gets "".
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text);

}  // namespace pvesim
