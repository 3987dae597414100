// The table of settings: each environment variable, the flag that overrides it, and its help.
#pragma once

#include <span>
#include <string_view>

namespace config {

struct Setting {
  std::string_view variable;    // PROXMOX_...
  std::string_view flag;        // --...
  bool is_switch;               // a boolean flag (no value on the command line)
  std::string_view value_name;  // shown in --help: --port PORT
  std::string_view help;
};

// Every setting that has both a variable and a flag. The token secret has no flag on purpose:
// a value on the command line is visible to every user through ps; --token-file reads it instead.
std::span<const Setting> settings();

// The secret's variable; it has no flag (see above).
inline constexpr std::string_view kTokenValueVariable = "PROXMOX_TOKEN_VALUE";
// The HTTP bearer token: like the Proxmox secret, environment or .env only, never a flag.
inline constexpr std::string_view kAuthTokenVariable = "MCP_AUTH_TOKEN";

}  // namespace config
