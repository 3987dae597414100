// PVE's registered string formats (pve-vmid, pve-node, mac-addr, ...) with their error texts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace apischema {

// Checks `value` against a format name, including the "-list" and "-opt" variants.
// Returns the validator's die() text (with its trailing newline, as PVE puts it into the
// errors map), or nullopt when the value is valid. Formats not transcribed here pass.
std::optional<std::string> check_named_format(const std::string& format, const std::string& value);

// PVE::Tools::split_list: NUL-separated, or separated by commas, semicolons and whitespace.
std::vector<std::string> split_pve_list(const std::string& text);

}  // namespace apischema
