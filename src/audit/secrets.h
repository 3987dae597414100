// What the audit log must never hold: secret-bearing argument and parameter names, and the token.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace audit {

// A name whose value is a secret wherever it appears, in a tool's arguments or in a Proxmox
// parameter: password, cipassword, a webhook secret, a metrics token, a private key, an
// encryption key. SSH public keys and token ids are not secrets.
bool is_secret_name(std::string_view name);

// `value` with the value of every member whose name is secret (at any depth) replaced by
// "[secret]", and `token_secret` redacted from every string as pve::redact does.
nlohmann::json without_secrets(nlohmann::json value, std::string_view token_secret);

}  // namespace audit
