// One HTTPS connection to Proxmox, kept alive between requests, and the HTTP/1.1 exchange on it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/message.h"
#include "http/socket_stream.h"
#include "pve/response.h"
#include "pve/tls_check.h"

namespace pve {

// Why a request got no complete HTTP answer.
enum class Failure {
  kNone,
  kResolve,         // the host name has no address
  kConnect,         // refused or unreachable
  kConnectTimeout,  // no connection or TLS handshake within the connect timeout
  kCaFile,          // the CA file cannot be used
  kTlsRefused,      // the certificate failed verification or the pin
  kTlsBroken,       // the handshake failed otherwise (not TLS, no common protocol version)
  kBroken,          // the connection broke or closed before the answer's head was in
  kTimeout,         // the answer was not in within the request timeout
  kTooLarge,        // the answer's body is larger than the limit
  kMalformed,       // the answer is not well-formed HTTP/1.1, or stops short of its length
};

struct Outcome {
  Failure failure = Failure::kNone;
  std::string detail;  // the reason in a few words, e.g. "Connection reset by peer"
};

class HttpsConnection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects to host:port and shakes hands within `connect_timeout_ms` (and before `deadline`);
  // null, with `outcome` set, when it cannot. `tls` receives what the handshake saw either way.
  static std::unique_ptr<HttpsConnection> open(const std::string& host, int port, SSL_CTX* context,
                                               TlsCheck& tls, long connect_timeout_ms,
                                               Clock::time_point deadline, Outcome& outcome);
  ~HttpsConnection();
  HttpsConnection(const HttpsConnection&) = delete;
  HttpsConnection& operator=(const HttpsConnection&) = delete;

  // Sends `request` (head and body, whole) and reads the answer into `reply`, the body at most
  // `max_body` bytes, all before `deadline`; its header fields go to `headers` when given.
  Outcome exchange(const std::string& request, Clock::time_point deadline, size_t max_body,
                   HttpReply& reply, http::Headers* headers = nullptr);

  // The answer allowed another request on this connection, and it has not been closed since.
  [[nodiscard]] bool reusable() const;
  [[nodiscard]] Clock::time_point idle_since() const { return idle_since_; }

 private:
  HttpsConnection(int fd, SSL* ssl);
  Outcome read_answer(Clock::time_point deadline, size_t max_body, HttpReply& reply,
                      http::Headers& headers);

  int fd_;
  SSL* ssl_;
  http::SocketStream stream_;
  bool keep_alive_ = false;
  Clock::time_point idle_since_;
};

}  // namespace pve
