// doctor's probes below the API: name resolution, a TCP connection, a TLS handshake.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "pve/client.h"

namespace setup {

struct Resolution {
  std::vector<std::string> addresses;  // numeric, in getaddrinfo's order
  std::string error;                   // gai_strerror's text when there is none
};
Resolution resolve(const std::string& host, int port);

// Connects to each address in turn until one answers; "" on success, else the last reason
// ("Connection refused", "no answer within 5000 ms").
std::string tcp_connect(const std::vector<std::string>& addresses, int port, long timeout_ms);

struct TlsProbe {
  bool accepted = false;  // the handshake passed the configured verification
  std::string presented;  // the server certificate's SHA-256 fingerprint ("" if unseen)
  std::string error;      // the reason when not accepted
  std::optional<std::time_t> server_date;  // the Date header of the unauthenticated answer
};

// An unauthenticated GET /api2/json/version with the TLS settings of `options` (pin, CA file,
// insecure); `observe` only records the certificate, whatever the settings.
TlsProbe tls_probe(const pve::ClientOptions& options, bool observe);

}  // namespace setup
