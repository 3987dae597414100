// A raw HTTPS/1.1 client for the tests: sends exactly the bytes asked for and returns the
// status line, headers and body as received, plus the server's certificate fingerprint.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pvesim::testing {

struct RawResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer_fingerprint;  // SHA-256 of the served certificate, "AB:CD:..."

  [[nodiscard]] std::string header(const std::string& name) const;
};

// Sends `request` (a complete HTTP request) over a fresh TLS connection to 127.0.0.1:port and
// reads until the server closes it (every answer's bytes in `body` after the first head), or,
// with `until_close` false, only the first answer (its Content-Length).
RawResponse send_raw(int port, const std::string& request, bool until_close = true);

// Builds and sends a request, with Connection: close unless `close_connection` is false (then
// the answer ends at its Content-Length). `authorization` empty = no header.
RawResponse send_request(int port, const std::string& method, const std::string& target,
                         const std::string& authorization, const std::string& body = "",
                         const std::string& content_type = "", bool close_connection = true);

}  // namespace pvesim::testing
