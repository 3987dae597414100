// Bytes as lower-case hex and back: for ids, salts, nonces and digests.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bytes {

// Lower-case hex of `data`, two digits a byte.
std::string to_hex(std::span<const unsigned char> data);
std::string to_hex(std::string_view data);

// The bytes lower-case hex stands for; nullopt for an odd length or another character.
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace bytes
