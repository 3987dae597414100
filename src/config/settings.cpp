#include "config/settings.h"

#include <array>

namespace config {

std::span<const Setting> settings() {
  static constexpr std::array<Setting, 11> kSettings{{
      {"PROXMOX_HOST", "--host", false, "Proxmox host name or IP (required unless --demo)"},
      {"PROXMOX_PORT", "--port", false, "API port (default 8006)"},
      {"PROXMOX_USER", "--user", false, "user@realm owning the API token (default root@pam)"},
      {"PROXMOX_TOKEN_NAME", "--token-name", false, "API token id (default mcpserver)"},
      {"PROXMOX_CA_FILE", "--ca-file", false,
       "PEM file of the CA that signed the host's certificate"},
      {"PROXMOX_FINGERPRINT", "--fingerprint", false,
       "pin the host certificate's SHA-256 fingerprint (AB:CD:... as the Proxmox UI shows it)"},
      {"PROXMOX_INSECURE_TLS", "--insecure", true,
       "do not verify the host certificate (unsafe; prefer --fingerprint)"},
      {"PROXMOX_ALLOW_ELEVATED", "--elevated", true,
       "enable tools that change things (default off)"},
      {"PROXMOX_LIST_ALL_TOOLS", "--list-all-tools", true,
       "list write tools in basic mode too (they answer with a refusal)"},
      {"PROXMOX_CONNECT_TIMEOUT", "--connect-timeout", false,
       "connect timeout in seconds (default 5)"},
      {"PROXMOX_TIMEOUT", "--timeout", false, "timeout of one API request in seconds (default 30)"},
  }};
  return kSettings;
}

}  // namespace config
