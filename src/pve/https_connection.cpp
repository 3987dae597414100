#include "pve/https_connection.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "http/connect.h"
#include "http/framing.h"
#include "pve/gzip.h"

namespace pve {

namespace {

using Read = http::SocketStream::Read;

// A status line and its header fields; PVE's reason phrases carry its messages and stay under
// 100,000 bytes even when hostile.
constexpr size_t kMaxHeadBytes = size_t{256} * 1024;

Outcome failed(Failure failure, std::string detail) {
  return Outcome{failure, std::move(detail)};
}

// Whether the Connection field's token list holds `token` (names are case-insensitive).
bool has_token(const std::string& list, std::string_view token) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (http::lower_ascii(http::trim(list.substr(start, end - start))) == token) return true;
    start = end + 1;
  }
  return false;
}

// "HTTP/1.1 200 OK": the version's minor digit, the status and the reason; false when the line is
// not a status line.
bool parse_status_line(const std::string& line, bool& http10, int& status, std::string& reason) {
  // "HTTP/1.x" (0-7), a space (8), three digits (9-11), then a space and the reason, if any.
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[8] != ' ') return false;
  http10 = line[7] == '0';
  for (size_t i = 9; i < 12; ++i) {
    if (line[i] < '0' || line[i] > '9') return false;
  }
  status = std::stoi(line.substr(9, 3));
  if (status < 100 || (line.size() > 12 && line[12] != ' ')) return false;
  reason = line.size() > 13 ? line.substr(13) : "";
  return true;
}

Outcome read_failure(const http::SocketStream& stream, Read read, const char* what) {
  if (read == Read::kTimeout) {
    return failed(Failure::kTimeout, std::string("the ") + what + " did not arrive in time");
  }
  if (read == Read::kTooLong) return failed(Failure::kMalformed, "its head is over 256 KiB");
  return failed(Failure::kBroken, stream.failure().empty()
                                      ? "the server closed the connection without an answer"
                                      : stream.failure());
}

// The body as sent before its content coding: gzip (which we ask for) or none.
Outcome decode(const std::string& coding, size_t max_body, std::string& body) {
  if (coding.empty() || coding == "identity" || body.empty()) return {};
  if (coding != "gzip" && coding != "x-gzip") {
    return failed(Failure::kMalformed, "a body in the content coding '" + coding.substr(0, 64) +
                                           "', which was not asked for");
  }
  std::string plain;
  std::string problem;
  switch (gunzip(body, plain, max_body, problem)) {
    case Gunzip::kOk:
      body = std::move(plain);
      return {};
    case Gunzip::kTooLarge:
      return failed(Failure::kTooLarge,
                    "over " + std::to_string(max_body >> 20) + " MiB once decompressed");
    case Gunzip::kBroken:
      break;
  }
  return failed(Failure::kMalformed, problem);
}

}  // namespace

HttpsConnection::HttpsConnection(int fd, SSL* ssl)
    : fd_(fd), ssl_(ssl), stream_(fd, ssl), idle_since_(Clock::now()) {}

HttpsConnection::~HttpsConnection() {
  ossl::openssl().SSL_free(ssl_);
  close(fd_);
}

std::unique_ptr<HttpsConnection> HttpsConnection::open(const std::string& host, int port,
                                                       SSL_CTX* context, TlsCheck& tls,
                                                       long connect_timeout_ms,
                                                       Clock::time_point deadline,
                                                       Outcome& outcome) {
  const Clock::time_point connect_deadline =
      std::min(deadline, Clock::now() + std::chrono::milliseconds(connect_timeout_ms));
  http::Connected tcp = http::connect_tcp(host, port, connect_deadline);
  switch (tcp.failure) {
    case http::Connected::Failure::kNone:
      break;
    case http::Connected::Failure::kResolve:
      outcome = failed(Failure::kResolve, tcp.reason);
      return nullptr;
    case http::Connected::Failure::kConnect:
      outcome = failed(Failure::kConnect, tcp.reason);
      return nullptr;
    case http::Connected::Failure::kTimeout:
      outcome = failed(Failure::kConnectTimeout, tcp.reason);
      return nullptr;
  }
  HandshakeFailure handshake = HandshakeFailure::kNone;
  std::string reason;
  SSL* ssl = tls_handshake(context, tcp.fd, host, &tls, connect_deadline, handshake, reason);
  if (ssl == nullptr) {
    close(tcp.fd);
    outcome = failed(handshake == HandshakeFailure::kRefused   ? Failure::kTlsRefused
                     : handshake == HandshakeFailure::kTimeout ? Failure::kConnectTimeout
                                                               : Failure::kTlsBroken,
                     reason);
    return nullptr;
  }
  return std::unique_ptr<HttpsConnection>(new HttpsConnection(tcp.fd, ssl));
}

bool HttpsConnection::reusable() const {
  // Bytes past the last answer would be read as the next one's.
  if (!keep_alive_ || stream_.buffered() > 0 || ossl::openssl().SSL_pending(ssl_) > 0) return false;
  // Readable while idle means closed (or garbage): either way the connection is done.
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

Outcome HttpsConnection::exchange(const std::string& request, Clock::time_point deadline,
                                  size_t max_body, HttpReply& reply, http::Headers* headers) {
  keep_alive_ = false;
  // A request fits the socket's buffer: only a server that stopped reading makes a send wait.
  stream_.set_send_deadline(deadline);
  if (!stream_.write_all(request)) {
    if (Clock::now() >= deadline || stream_.failure() == std::strerror(EAGAIN)) {
      return failed(Failure::kTimeout, "the request could not be sent in time");
    }
    return failed(Failure::kBroken, stream_.failure().empty() ? "the server closed the connection"
                                                              : stream_.failure());
  }
  http::Headers fields;
  Outcome outcome = read_answer(deadline, max_body, reply, fields);
  if (headers != nullptr) *headers = std::move(fields);
  idle_since_ = Clock::now();
  if (outcome.failure != Failure::kNone) keep_alive_ = false;
  return outcome;
}

Outcome HttpsConnection::read_answer(Clock::time_point deadline, size_t max_body, HttpReply& reply,
                                     http::Headers& headers) {
  std::string head;
  bool http10 = false;
  while (true) {
    if (const Read r = stream_.read_head(head, kMaxHeadBytes, deadline); r != Read::kOk) {
      return read_failure(stream_, r, "answer");
    }
    const std::string status_line = head.substr(0, head.find("\r\n"));
    if (!parse_status_line(status_line, http10, reply.status, reply.reason)) {
      return failed(Failure::kMalformed, "not an HTTP/1.x status line");
    }
    // An interim answer (100 Continue) precedes the real one.
    if (reply.status >= 200 || reply.status == 101) break;
  }
  if (reply.status < 200) return failed(Failure::kMalformed, "an unexpected protocol switch");
  if (!http::parse_fields(head, head.find("\r\n") + 2, headers)) {
    return failed(Failure::kMalformed, "a malformed header field");
  }
  const std::optional<http::BodyFraming> framing = http::body_framing(headers);
  if (!framing) {
    return failed(Failure::kMalformed,
                  "its body's length is given in two ways, or in a transfer coding other than "
                  "chunked");
  }
  std::string connection;
  for (const auto& [name, value] : headers) {
    if (name == "connection") connection += value + ",";
  }
  bool keep_alive = http10 ? has_token(connection, "keep-alive") : !has_token(connection, "close");
  reply.body.clear();
  if (reply.status == 204 || reply.status == 304) {
    // No body, whatever the head says.
  } else if (framing->chunked) {
    switch (http::read_chunked(stream_, reply.body, max_body, deadline)) {
      case http::Body::kComplete:
        break;
      case http::Body::kTooLarge:
        return failed(Failure::kTooLarge, "over " + std::to_string(max_body >> 20) + " MiB");
      case http::Body::kTimeout:
        return failed(Failure::kTimeout, "the answer's body did not arrive in time");
      case http::Body::kBroken:
        return failed(Failure::kMalformed, "a broken chunked body");
    }
  } else if (framing->length) {
    if (*framing->length > max_body) {
      return failed(Failure::kTooLarge, std::to_string(*framing->length) + " bytes, over " +
                                            std::to_string(max_body >> 20) + " MiB");
    }
    reply.body.reserve(*framing->length);
    if (const Read r = stream_.read_exact(*framing->length, reply.body, deadline); r != Read::kOk) {
      if (r == Read::kTimeout) {
        return failed(Failure::kTimeout, "the answer's body did not arrive in time");
      }
      // read_exact keeps what arrived until all of it is there.
      return failed(Failure::kMalformed, "the connection closed " +
                                             std::to_string(*framing->length - stream_.buffered()) +
                                             " bytes before the end of the body");
    }
  } else {
    // No length: the body runs until the server closes the connection.
    keep_alive = false;
    while (true) {
      // One byte past the limit tells an answer of exactly max_body from a longer one.
      const Read r = stream_.read_some(reply.body, max_body + 1 - reply.body.size(), deadline);
      // Only an orderly close ends such a body: a reset may have cut it anywhere.
      if (r == Read::kClosed && stream_.failure().empty()) break;
      if (r == Read::kClosed) return failed(Failure::kBroken, stream_.failure());
      if (r != Read::kOk)
        return failed(Failure::kTimeout, "the answer's body did not arrive in time");
      if (reply.body.size() > max_body) {
        return failed(Failure::kTooLarge, "over " + std::to_string(max_body >> 20) + " MiB");
      }
    }
  }
  keep_alive_ = keep_alive;
  return decode(http::lower_ascii(http::field(headers, "content-encoding")), max_body, reply.body);
}

}  // namespace pve
