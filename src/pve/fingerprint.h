// SHA-256 certificate fingerprints in the form the Proxmox UI shows ("AB:CD:…").
#pragma once

#include <string>
#include <string_view>

namespace pve {

// The canonical form only: 32 upper-case hex pairs joined by ':'. What people write (lower
// case, bare hex, openssl's output line) is turned into it by the configuration.
bool is_fingerprint(std::string_view text);

// Canonical fingerprint of raw digest bytes: upper-case hex pairs joined by ':'.
std::string format_fingerprint(const unsigned char* digest, unsigned int length);

}  // namespace pve
