// One HTTP/1.1 request and its answer over a TLS connection: the head, Content-Length and
// chunked bodies, Expect: 100-continue, and a reason phrase of the answer's own (PVE puts its
// error messages there).
#pragma once

#include <openssl/ssl.h>

#include <cstddef>
#include <functional>
#include <string>

#include "http_message.h"

namespace pvesim {

// Buffered reads from one TLS connection; what is read past one request stays for the next.
class TlsReader {
 public:
  explicit TlsReader(SSL* ssl) : ssl_(ssl) {}

  // Reads up to and including "\r\n\r\n"; false on EOF, error or oversize.
  bool read_head(std::string& head);
  bool read_exact(size_t n, std::string& out);
  bool read_line(std::string& line);

 private:
  bool fill();

  SSL* ssl_;
  std::string buffer_;
};

// What one request and its answer leave the connection in.
enum class Next { kKeepAlive, kClose, kDrop };

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Reads one request and writes its answer: the handler's, or the server's own for a malformed
// request or one whose body passes max_body (`too_large`). `fd` is the connection's socket,
// closed abortively when the handler asks to drop the connection.
Next exchange(SSL* ssl, TlsReader& reader, int fd, const HttpHandler& handler, size_t max_body,
              const HttpResponse& too_large);

}  // namespace pvesim
