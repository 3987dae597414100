// config::Config: every setting of proxmox-mcp after environment, .env files and flags are merged.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace config {

enum class LogLevel { debug, info, warning, error };

// Where --http listens.
struct HttpListen {
  std::string address = "127.0.0.1";
  int port = 0;
};

struct Config {
  bool demo = false;  // serve the embedded simulator instead of a real host
  // --test-fixtures (hidden): also serve mcp::fixture_tools(), for tests with real MCP clients.
  bool test_fixtures = false;

  // Connection (the Node.js server's variables and defaults).
  std::string host;                      // PROXMOX_HOST; IPv6 is stored without brackets
  std::vector<std::string> more_hosts;   // PROXMOX_HOST's other nodes, after the first
  int port = 8006;                       // PROXMOX_PORT
  std::string user = "root@pam";         // PROXMOX_USER
  std::string token_name = "mcpserver";  // PROXMOX_TOKEN_NAME
  std::string token_secret;              // PROXMOX_TOKEN_VALUE or --token-file; never printed

  // TLS: verification is on unless insecure_tls.
  std::string ca_file;  // PROXMOX_CA_FILE
  // PROXMOX_FINGERPRINT, normalised to "AB:CD:..." (upper case); several joined by ','
  std::string fingerprint;
  bool insecure_tls = false;  // PROXMOX_INSECURE_TLS

  long connect_timeout_ms = 5000;  // PROXMOX_CONNECT_TIMEOUT (seconds in the variable)
  long timeout_ms = 30000;         // PROXMOX_TIMEOUT (seconds in the variable)

  bool allow_elevated = false;  // PROXMOX_ALLOW_ELEVATED
  bool list_all_tools = false;  // PROXMOX_LIST_ALL_TOOLS: list write tools even in basic mode
  bool confirm = true;          // PROXMOX_CONFIRM: a person confirms what cannot be undone
  // PROXMOX_API_ALLOW: "METHOD /path" patterns of further API changes proxmox_api_call may send;
  // the policy parses them (and refuses to start on a bad one).
  std::string api_allow;
  // PROXMOX_TOOLSETS, PROXMOX_TOOLS, PROXMOX_DISABLED_TOOLS: name lists the policy parses and
  // checks against the tools (refusing to start on an unknown name).
  std::string toolsets;
  std::string tools;
  std::string disabled_tools;
  // PROXMOX_NODES, PROXMOX_VMIDS, PROXMOX_PROTECTED_VMIDS, PROXMOX_PROTECTED_TAGS: what the tools
  // act on and which guests no write touches; the policy parses them (refusing a bad one).
  std::string nodes;
  std::string vmids;
  std::string protected_vmids;
  std::string protected_tags;

  // Container commands over SSH (off unless ssh_key is set): the private key to log in to the
  // nodes with, the known_hosts file whose keys alone are accepted, the user, and where each
  // node is reached when not at the address /cluster/status gives it.
  std::string ssh_key;            // PROXMOX_SSH_KEY
  std::string ssh_known_hosts;    // PROXMOX_SSH_KNOWN_HOSTS
  std::string ssh_user = "root";  // PROXMOX_SSH_USER
  struct SshNode {
    std::string node;
    std::string host;
    int port = 22;
  };
  std::vector<SshNode> ssh_nodes;  // PROXMOX_SSH_NODES: pve1=10.0.0.11,pve2=[fd00::2]:2222
  // PROXMOX_EXEC_ALLOW: the commands a guest may run; the policy parses it.
  std::string exec_allow;

  // PROXMOX_AUDIT_LOG: the file every call that changes things is recorded in; empty: none.
  std::string audit_log;

  LogLevel log_level = LogLevel::info;  // --log-level

  // Several clusters (PROXMOX_CLUSTERS / --clusters: config/clusters_file.h). Each holds the
  // connection and policy settings of one cluster, `cluster` its name; the fields of those
  // settings above are then unused. Empty: the server serves the one cluster above.
  std::string clusters_file;
  std::vector<Config> clusters;  // in the file's order
  std::string default_cluster;   // the one a call that names none acts on
  std::string cluster;           // this cluster's name, in an entry of `clusters`

  // The HTTP transport (stdio when http is unset).
  std::optional<HttpListen> http;  // MCP_HTTP / --http
  // MCP_ALLOWED_HOSTS: names and addresses clients may reach the server by, beyond loopback.
  std::vector<std::string> allowed_hosts;
  std::string auth_token;        // MCP_AUTH_TOKEN or --auth-token-file; never printed
  std::string auth_tokens_file;  // MCP_AUTH_TOKENS: scoped, hashed tokens
  std::string tls_cert;          // MCP_TLS_CERT
  std::string tls_key;           // MCP_TLS_KEY
  int workers = 8;               // MCP_WORKERS: tool calls working at once
};

// "root@pam!mcpserver": the token id, safe to show (the secret is not part of it).
inline std::string token_id(const Config& config) {
  return config.user + "!" + config.token_name;
}

}  // namespace config
