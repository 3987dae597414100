// Bytes as lower-case hex, and random ones from OpenSSL: for ids, salts, nonces and digests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

// `bytes` random bytes from OpenSSL as lower-case hex; throws std::runtime_error without them.
std::string random_hex(std::size_t bytes);
// Lower-case hex of `size` bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size);
// The bytes lower-case hex stands for; nullopt for an odd length or another character.
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace mcp
