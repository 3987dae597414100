// One HTTP/1.1 request and its answer on a connection: the head, Content-Length and chunked
// bodies, Expect: 100-continue, limits and deadlines, and answers written whole or streamed.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "http/message.h"
#include "http/socket_stream.h"

namespace http {

using Handler = std::function<Response(const Request&, const Peer&)>;

struct ExchangeLimits {
  size_t max_body = size_t{4} * 1024 * 1024;
  // The answer to a request whose body passes max_body, sent without reading that body.
  Response too_large;
  // How long the whole request (head and body) may take to arrive once it has begun.
  std::chrono::milliseconds request_timeout{30'000};
};

// What one request and its answer leave the connection in.
enum class Next { kKeepAlive, kClose, kDrop };

// Reads one request (whose first byte is ready) and writes its answer: the handler's, or the
// server's own for a malformed, slow or too large request.
Next exchange(SocketStream& stream, const Handler& handler, const ExchangeLimits& limits);

}  // namespace http
