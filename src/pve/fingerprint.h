// SHA-256 certificate fingerprints in the form the Proxmox UI shows ("AB:CD:…").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pve {

// Accepts "AB:CD:…", lower case, the 64 hex digits without colons, and openssl's
// "sha256 Fingerprint=AB:CD:…" line (surrounding blanks ignored); returns the canonical upper-case
// colon form, or nullopt when it is not 32 bytes of hex.
std::optional<std::string> normalize_fingerprint(std::string_view text);

// Canonical fingerprint of raw digest bytes: upper-case hex pairs joined by ':'.
std::string format_fingerprint(const unsigned char* digest, unsigned int length);

}  // namespace pve
