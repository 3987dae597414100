// HTTP/1.1 requests and answers as plain values, and what a handler may do beyond returning an
// answer: learn that its client has gone, and stream a body as it is produced.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent, e.g. GET
  std::string target;  // request target, e.g. /api2/json/nodes?x=1 (still percent-encoded)
  Headers headers;     // names lower-cased, in the order sent
  std::string body;
  size_t content_length = 0;  // as announced (the body is not read when it is too large)

  // The first value of a header, or "" when it was not sent.
  [[nodiscard]] std::string header(std::string_view lower_name) const;
  [[nodiscard]] bool has_header(std::string_view lower_name) const;
};

// The client of one request, while its handler runs.
class Peer {
 public:
  virtual ~Peer() = default;
  // True once the client has closed its side or the connection broke: nobody will read the
  // answer. A client that sends its next request early (pipelining) has not gone.
  [[nodiscard]] virtual bool gone() const = 0;
};

// The body of a streamed answer, written as it is produced (chunked transfer coding).
class BodyWriter : public Peer {
 public:
  // Sends `data` now; false once the client can no longer be written to.
  virtual bool write(std::string_view data) = 0;
};

struct Response {
  int status = 200;
  std::string reason;  // the status line's reason phrase; empty for the standard one
  Headers headers;
  std::string body;
  // When set, the body is what this function writes, sent as it writes it; `body` is ignored.
  // It runs on the connection's thread after the head has gone out.
  std::function<void(BodyWriter&)> stream;
  bool close_connection = false;
  // Close the connection abortively (RST) without sending anything (a simulated network fault).
  bool drop_connection = false;
};

// The first value of the field `lower_name` in `headers`, or "" when there is none.
std::string field(const Headers& headers, std::string_view lower_name);

// ASCII lower-casing, for the case-blind parts of HTTP (header names, media types).
std::string lower_ascii(std::string text);

// The standard reason phrase of `status`, or "Unknown".
std::string_view standard_reason(int status);

}  // namespace http
