#include "config/settings.h"

#include <array>

namespace config {

std::span<const Setting> settings() {
  static constexpr std::array<Setting, 32> kSettings{{
      {"PROXMOX_HOST", "--host", false, "HOST", "Proxmox host name or IP (required unless --demo)"},
      {"PROXMOX_PORT", "--port", false, "PORT", "API port (default 8006)"},
      {"PROXMOX_USER", "--user", false, "USER@REALM", "Owner of the API token (default root@pam)"},
      {"PROXMOX_TOKEN_NAME", "--token-name", false, "NAME", "API token id (default mcpserver)"},
      {"PROXMOX_CA_FILE", "--ca-file", false, "PATH", "PEM file of the CA of the host certificate"},
      {"PROXMOX_FINGERPRINT", "--fingerprint", false, "AB:CD:...",
       "Pin the host certificate's SHA-256 fingerprint"},
      {"PROXMOX_INSECURE_TLS", "--insecure", true, "",
       "Do not verify the host certificate (unsafe)"},
      {"PROXMOX_ALLOW_ELEVATED", "--elevated", true, "", "Enable tools that change things"},
      {"PROXMOX_LIST_ALL_TOOLS", "--list-all-tools", true, "",
       "List write tools in basic mode too"},
      {"PROXMOX_CONFIRM", "--confirm", true, "",
       "Have a person confirm what cannot be undone (default true)"},
      {"PROXMOX_TOOLSETS", "--toolsets", false, "LIST",
       "Toolsets to enable, e.g. inventory,lifecycle (default: all)"},
      {"PROXMOX_TOOLS", "--tools", false, "LIST",
       "Tools to enable besides the toolsets (alone: only these)"},
      {"PROXMOX_DISABLED_TOOLS", "--disabled-tools", false, "LIST",
       "Tools or toolsets never to enable"},
      {"PROXMOX_NODES", "--nodes", false, "LIST", "Only act on these nodes (default: all)"},
      {"PROXMOX_VMIDS", "--vmids", false, "IDS",
       "Only act on these guests, e.g. 100-199,250 (default: all)"},
      {"PROXMOX_PROTECTED_VMIDS", "--protected-vmids", false, "IDS",
       "Guests no write tool touches"},
      {"PROXMOX_PROTECTED_TAGS", "--protected-tags", false, "LIST",
       "Guests with one of these tags: no write tool touches them"},
      {"PROXMOX_SSH_KEY", "--ssh-key", false, "PATH",
       "Run container commands over SSH with this private key"},
      {"PROXMOX_SSH_KNOWN_HOSTS", "--ssh-known-hosts", false, "PATH",
       "The nodes' SSH host keys (known_hosts format), the only ones accepted"},
      {"PROXMOX_SSH_USER", "--ssh-user", false, "USER", "SSH user on the nodes (default root)"},
      {"PROXMOX_SSH_NODES", "--ssh-nodes", false, "LIST",
       "Where to reach nodes by SSH, e.g. pve1=10.0.0.11:22 (default: /cluster/status)"},
      {"PROXMOX_EXEC_ALLOW", "--exec-allow", false, "LIST",
       "Commands guests may run, e.g. 'systemctl status *, df **' ('**': any)"},
      {"PROXMOX_CLUSTERS", "--clusters", false, "PATH",
       "TOML file of named clusters, each with its hosts, token and policy"},
      {"PROXMOX_AUDIT_LOG", "--audit-log", false, "PATH",
       "Append a JSON line per step of each call that changes things"},
      {"PROXMOX_CONNECT_TIMEOUT", "--connect-timeout", false, "SECONDS",
       "Connect timeout (default 5)"},
      {"PROXMOX_TIMEOUT", "--timeout", false, "SECONDS", "Timeout of one API request (default 30)"},
      {"MCP_HTTP", "--http", false, "[ADDR:]PORT",
       "Serve MCP over HTTP at /mcp instead of stdio (ADDR default 127.0.0.1)"},
      {"MCP_ALLOWED_HOSTS", "--allowed-hosts", false, "LIST",
       "Host names clients reach --http by, besides localhost"},
      {"MCP_AUTH_TOKENS", "--auth-tokens", false, "PATH",
       "File of hashed, scoped HTTP access tokens (see `proxmox-mcp auth-token`)"},
      {"MCP_TLS_CERT", "--tls-cert", false, "PATH", "Serve --http over TLS: PEM certificate"},
      {"MCP_TLS_KEY", "--tls-key", false, "PATH", "PEM private key of --tls-cert"},
      {"MCP_WORKERS", "--workers", false, "N", "Tool calls working at once (default 8)"},
  }};
  return kSettings;
}

}  // namespace config
