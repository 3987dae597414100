// Decoding a gzip-compressed answer body with zlib, loaded when the first one arrives.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pve {

enum class Gunzip { kOk, kTooLarge, kBroken };

// Appends the decompressed `compressed` to `out`, stopping where it would pass `max` bytes.
// kBroken, with `problem` set, for data that is not gzip or a zlib that cannot be loaded.
Gunzip gunzip(std::string_view compressed, std::string& out, size_t max, std::string& problem);

}  // namespace pve
