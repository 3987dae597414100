// A raw HTTP/1.1 client for the server tests: a loopback TCP (optionally TLS) connection that
// sends exactly the bytes asked for and reads what comes back.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <string>

namespace http_test {

class RawConnection {
 public:
  explicit RawConnection(int port, bool tls = false);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  [[nodiscard]] bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes);
  // Reads until `marker` has arrived (returns everything read so far, marker included) or the
  // timeout passes or the connection ends (returns what arrived).
  std::string read_until(const std::string& marker,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the server closes the connection.
  std::string read_all(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the server closed the connection within `timeout` (EOF or reset).
  bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void close_now();

 private:
  int read_some(char* buf, int size, std::chrono::milliseconds timeout);

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

// One complete exchange on a fresh connection with "Connection: close" semantics.
std::string exchange_once(int port, const std::string& request);

}  // namespace http_test
