// pve::Client: pve::Api over HTTPS on OpenSSL (TLS verification, pinning, timeouts, keep-alive).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "pve/api.h"

namespace pve {

struct ClientOptions {
  std::string host;  // hostname or IP (IPv6 without brackets is accepted)
  // Other nodes of the same cluster, tried in order when `host` does not answer (PROXMOX_HOST
  // lists them after the first).
  std::vector<std::string> more_hosts;
  int port = 8006;
  std::string user = "root@pam";
  std::string token_name = "mcpserver";
  std::string token_secret;  // never logged, never in an error text
  std::string ca_file;       // PEM bundle to verify the server certificate against
  // SHA-256 of the leaf certificate, canonical: upper-case "AB:CD:..." as the Proxmox UI shows it;
  // with several hosts, each node's, separated by commas (any of them is accepted from any host).
  std::string fingerprint;
  bool insecure = false;  // explicit opt-out of verification
  long connect_timeout_ms = 5000;
  long timeout_ms = 30000;
};

// The host, then the others, in the order given.
std::vector<std::string> all_hosts(const ClientOptions& options);

// Thread-safe: concurrent calls each use their own connection, and idle connections are kept
// alive for the next call. With several hosts, a request goes to the first that is not resting;
// one that cannot be reached (no connection or TLS handshake, so nothing was sent) rests for
// kHostRest and the request goes to the next, whatever its method. A request that reached a host
// is never sent to another. A GET is retried once when the connection was refused or broke;
// POST/PUT/DELETE never are, and go out only on a connection used moments ago or a new one. TLS:
// `fingerprint` (pin) wins over `insecure`, which wins over verification against `ca_file` or
// the system store.
class Client : public Api {
 public:
  static constexpr std::chrono::seconds kHostRest{30};

  // Throws std::invalid_argument with one line naming the bad setting (bad host, port, user,
  // token name, fingerprint syntax); the secret is never part of it.
  explicit Client(ClientOptions options);
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  nlohmann::json get(const std::string& path, const Params& params = {}) override;
  nlohmann::json post(const std::string& path, const Params& params = {}) override;
  nlohmann::json put(const std::string& path, const Params& params = {}) override;
  nlohmann::json del(const std::string& path, const Params& params = {}) override;
  nlohmann::json get_envelope(const std::string& path, const Params& params = {}) override;
  std::optional<std::vector<Row>> get_rows(const std::string& path, const Params& params,
                                           RowKeys keys) override;

  // "user@realm!tokenname": safe to show; the secret is not part of it.
  [[nodiscard]] std::string token_id() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pve
