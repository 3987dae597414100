// SHA-256 certificate fingerprints in the form the Proxmox UI shows ("AB:CD:…").
#pragma once

#include <string>
#include <string_view>

namespace pve {

// The canonical form only: 32 upper-case hex pairs joined by ':'. What people write (lower
// case, bare hex, openssl's output line) is turned into it by the configuration.
bool is_fingerprint(std::string_view text);
// One or more of them, separated by commas: the nodes of a cluster each have their own.
bool is_fingerprint_list(std::string_view text);
// Whether `presented` is one of the fingerprints `pinned` lists.
bool pin_matches(std::string_view pinned, std::string_view presented);

// Canonical fingerprint of raw digest bytes: upper-case hex pairs joined by ':'.
std::string format_fingerprint(const unsigned char* digest, unsigned int length);

}  // namespace pve
