#include "http_exchange.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>

#include "ascii_lower.h"

namespace pvesim {

namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxDrainBytes = 64 * 1024 * 1024;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool write_all(SSL* ssl, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const int n = SSL_write(ssl, data.data() + off, static_cast<int>(data.size() - off));
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

std::string serialize(const HttpResponse& res, bool close) {
  std::string reason = res.reason;
  std::replace_if(
      reason.begin(), reason.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  if (reason.empty()) reason = "Unknown";
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " " + reason + "\r\n";
  for (const auto& [k, v] : res.headers) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  out += close ? "Connection: close\r\n" : "Connection: Keep-Alive\r\n";
  out += "\r\n";
  out += res.body;
  return out;
}

HttpResponse bad_request() {
  HttpResponse r;
  r.status = 400;
  r.reason = "Bad Request";
  r.close_connection = true;
  return r;
}

// The request line and header fields of `head`; false when the request line is malformed.
bool parse_head(const std::string& head, HttpRequest& req, std::string& version) {
  const size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = request_line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1) return false;
  req.method = request_line.substr(0, sp1);
  req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  version = request_line.substr(sp2 + 1);
  size_t pos = line_end + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    const std::string line = head.substr(pos, next - pos);
    pos = next + 2;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    req.headers.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
  }
  return true;
}

// Discards the body of a request that was answered without it, up to kMaxDrainBytes.
void drain_body(TlsReader& reader, size_t length) {
  std::string discard;
  for (size_t left = std::min(length, kMaxDrainBytes); left > 0;) {
    const size_t n = std::min(left, size_t{65536});
    if (!reader.read_exact(n, discard)) break;
    discard.clear();
    left -= n;
  }
}

enum class ChunkedBody { kComplete, kTooLarge, kBroken };

// A chunked body appended to `body`, trailers skipped; reading stops where the body would pass
// max_body.
ChunkedBody read_chunked(TlsReader& reader, std::string& body, size_t max_body) {
  std::string line;
  while (true) {
    if (!reader.read_line(line)) return ChunkedBody::kBroken;
    const size_t size = std::strtoull(line.c_str(), nullptr, 16);
    if (size == 0) {
      while (reader.read_line(line) && !line.empty()) {
      }
      return ChunkedBody::kComplete;
    }
    if (body.size() + size > max_body) return ChunkedBody::kTooLarge;
    if (!reader.read_exact(size, body) || !reader.read_line(line)) return ChunkedBody::kBroken;
  }
}

}  // namespace

bool TlsReader::fill() {
  char chunk[16384];
  const int n = SSL_read(ssl_, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool TlsReader::read_head(std::string& head) {
  while (true) {
    const size_t end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      head = buffer_.substr(0, end + 2);
      buffer_.erase(0, end + 4);
      return true;
    }
    if (buffer_.size() > kMaxHeaderBytes || !fill()) return false;
  }
}

bool TlsReader::read_exact(size_t n, std::string& out) {
  while (buffer_.size() < n) {
    if (!fill()) return false;
  }
  out.append(buffer_, 0, n);
  buffer_.erase(0, n);
  return true;
}

bool TlsReader::read_line(std::string& line) {
  while (true) {
    const size_t end = buffer_.find("\r\n");
    if (end != std::string::npos) {
      line = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      return true;
    }
    if (buffer_.size() > kMaxHeaderBytes || !fill()) return false;
  }
}

Next exchange(SSL* ssl, TlsReader& reader, int fd, const HttpHandler& handler, size_t max_body,
              const HttpResponse& too_large) {
  std::string head;
  if (!reader.read_head(head)) return Next::kClose;
  HttpRequest req;
  HttpResponse res;
  std::string version;
  bool ok = parse_head(head, req, version);
  bool close_after = version == "HTTP/1.0" || lower(req.header("connection")) == "close";
  const bool chunked = lower(req.header("transfer-encoding")).find("chunked") != std::string::npos;
  if (ok && !chunked && !req.header("content-length").empty()) {
    const std::string cl = req.header("content-length");
    ok = cl.find_first_not_of("0123456789") == std::string::npos && cl.size() < 16;
    if (ok) req.content_length = std::stoull(cl);
  }
  if (!ok) {
    res = bad_request();
  } else if (req.content_length > max_body) {
    res = too_large;
    res.close_connection = true;
    // Answer first, then discard the body, so a client still sending it can read the answer.
    write_all(ssl, serialize(res, true));
    drain_body(reader, req.content_length);
    return Next::kClose;
  } else if (chunked) {
    const ChunkedBody body = read_chunked(reader, req.body, max_body);
    req.content_length = req.body.size();
    if (body == ChunkedBody::kBroken) return Next::kClose;
    if (body == ChunkedBody::kTooLarge) {
      res = too_large;
      res.close_connection = true;
    } else {
      res = handler(req);
    }
  } else {
    // curl waits a second for this before sending a larger body on its own.
    if (req.content_length > 0 && lower(req.header("expect")) == "100-continue" &&
        !write_all(ssl, "HTTP/1.1 100 Continue\r\n\r\n")) {
      return Next::kClose;
    }
    if (!reader.read_exact(req.content_length, req.body)) return Next::kClose;
    res = handler(req);
  }
  if (res.drop_connection) {
    // SO_LINGER 0: close() sends a TCP RST, and no TLS close_notify goes out first.
    const linger abort_now{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
    return Next::kDrop;
  }
  close_after = close_after || res.close_connection;
  if (!write_all(ssl, serialize(res, close_after)) || close_after) return Next::kClose;
  return Next::kKeepAlive;
}

}  // namespace pvesim
