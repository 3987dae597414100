// HTTP/1.1 message framing shared by both directions: header fields, the body's length, chunks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "http/message.h"
#include "http/socket_stream.h"

namespace http {

// `s` without the spaces and tabs around it (and a trailing CR).
std::string trim(const std::string& s);

// Appends the header fields of `head` from offset `pos` (after the start line) to `out`, names
// lower-cased and values trimmed; false when one is malformed.
bool parse_fields(const std::string& head, size_t pos, Headers& out);

// How a message says its body is delimited.
struct BodyFraming {
  bool chunked = false;
  std::optional<size_t> length;  // Content-Length; neither set: no body (a request) or until
                                 // the connection closes (an answer)
};

// The framing of a message with `headers`; nullopt when it could be read two ways (two framing
// fields, a transfer coding other than chunked, a malformed length).
std::optional<BodyFraming> body_framing(const Headers& headers);

enum class Body { kComplete, kTooLarge, kBroken, kTimeout };

// A chunked body appended to `body`, trailers skipped; reading stops where the body would pass
// max_body.
Body read_chunked(SocketStream& stream, std::string& body, size_t max_body,
                  SocketStream::Clock::time_point deadline);

}  // namespace http
