// SHA-1 hex digests, the form PVE uses for config `digest` values.
#pragma once

#include <string>

namespace pvesim {

std::string sha1_hex(const std::string& data);

}  // namespace pvesim
