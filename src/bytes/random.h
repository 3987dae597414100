// Secret random bytes from the kernel (getrandom(2)), for keys, salts, tokens and ids.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace bytes {

// Fills `out` from the kernel's CSPRNG (getrandom(2), or /dev/urandom where that is not
// allowed); throws std::system_error if the kernel gives none.
// Drawn straight from the kernel rather than OpenSSL's generator, so that a server which has not
// yet needed OpenSSL for anything else does not pay for initialising it at start.
void fill(std::span<unsigned char> out);

// `size` random bytes.
std::string random_bytes(std::size_t size);

// `size` random bytes as lower-case hex (2 × size characters).
std::string random_hex(std::size_t size);

}  // namespace bytes
