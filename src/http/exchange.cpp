#include "http/exchange.h"

#include "http/framing.h"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

namespace http {

namespace {

constexpr size_t kMaxHeadBytes = 64 * 1024;
constexpr size_t kMaxDrainBytes = 64 * 1024 * 1024;

std::string status_line(const Response& res) {
  std::string reason = res.reason.empty() ? std::string(standard_reason(res.status)) : res.reason;
  std::replace_if(
      reason.begin(), reason.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return "HTTP/1.1 " + std::to_string(res.status) + " " + reason + "\r\n";
}

// `chunked`: a streamed body goes out in chunks (HTTP/1.1); otherwise it simply runs until the
// connection closes (HTTP/1.0).
std::string serialize_head(const Response& res, bool close, bool chunked) {
  std::string out = status_line(res);
  for (const auto& [k, v] : res.headers) out += k + ": " + v + "\r\n";
  if (res.stream) {
    if (chunked) out += "Transfer-Encoding: chunked\r\n";
  } else if (res.status != 204 && res.status != 304) {
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  }
  out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
  out += "\r\n";
  return out;
}

Response plain_answer(int status) {
  Response r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  r.body = std::string(standard_reason(status)) + "\n";
  r.close_connection = true;
  return r;
}

// The request line and header fields of `head`; false when it is not a well-formed HTTP/1.x head.
bool parse_head(const std::string& head, Request& req, std::string& version) {
  const size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = request_line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1 || sp1 == 0) return false;
  req.method = request_line.substr(0, sp1);
  req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  version = request_line.substr(sp2 + 1);
  if (req.target.empty() || version.rfind("HTTP/1.", 0) != 0) return false;
  return parse_fields(head, line_end + 2, req.headers);
}

// Discards the body of a request that was answered without it, up to kMaxDrainBytes.
void drain_body(SocketStream& stream, size_t length, SocketStream::Clock::time_point deadline) {
  std::string discard;
  for (size_t left = std::min(length, kMaxDrainBytes); left > 0;) {
    const size_t n = std::min(left, size_t{65536});
    if (stream.read_exact(n, discard, deadline) != SocketStream::Read::kOk) break;
    discard.clear();
    left -= n;
  }
}

// The streamed body's writer: each write is one chunk (or, for HTTP/1.0, plain bytes).
class ChunkWriter final : public BodyWriter {
 public:
  ChunkWriter(SocketStream& stream, bool chunked) : stream_(stream), chunked_(chunked) {}
  bool write(std::string_view data) override {
    if (broken_) return false;
    if (data.empty()) return true;  // an empty chunk would end the body
    if (!chunked_) {
      broken_ = !stream_.write_all(data);
      return !broken_;
    }
    char size[24];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string chunk(size, static_cast<size_t>(n));
    chunk.append(data);
    chunk += "\r\n";
    broken_ = !stream_.write_all(chunk);
    return !broken_;
  }
  [[nodiscard]] bool gone() const override { return broken_ || stream_.peer_gone(); }
  [[nodiscard]] bool broken() const { return broken_; }

 private:
  SocketStream& stream_;
  const bool chunked_;
  bool broken_ = false;
};

class StreamPeer final : public Peer {
 public:
  explicit StreamPeer(const SocketStream& stream) : stream_(stream) {}
  [[nodiscard]] bool gone() const override { return stream_.peer_gone(); }

 private:
  const SocketStream& stream_;
};

// How an answer is written: after a HEAD request only the head, and to an HTTP/1.0 client a
// streamed body without chunks, ended by closing the connection.
struct AnswerForm {
  bool with_body = true;
  bool chunked = true;
};

// Writes `res` and says what the connection is left in.
Next answer(SocketStream& stream, const Response& res, bool close_after, AnswerForm form = {}) {
  if (res.drop_connection) {
    // SO_LINGER 0: close() sends a TCP RST, and no TLS close_notify goes out first.
    const linger abort_now{1, 0};
    setsockopt(stream.fd(), SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
    return Next::kDrop;
  }
  close_after = close_after || res.close_connection || (res.stream && !form.chunked);
  const std::string head = serialize_head(res, close_after, form.chunked);
  if (!form.with_body) {
    // The head says what a GET would get (Content-Length or chunked), nothing follows it.
    if (!stream.write_all(head)) return Next::kClose;
  } else if (res.stream) {
    if (!stream.write_all(head)) return Next::kClose;
    ChunkWriter writer(stream, form.chunked);
    res.stream(writer);
    if (writer.broken() || (form.chunked && !stream.write_all("0\r\n\r\n"))) {
      return Next::kClose;
    }
  } else if (!stream.write_all(head + res.body)) {
    return Next::kClose;
  }
  return close_after ? Next::kClose : Next::kKeepAlive;
}

}  // namespace

Next exchange(SocketStream& stream, const Handler& handler, const ExchangeLimits& limits) {
  const auto deadline = SocketStream::Clock::now() + limits.request_timeout;
  std::string head;
  switch (stream.read_head(head, kMaxHeadBytes, deadline)) {
    case SocketStream::Read::kOk:
      break;
    case SocketStream::Read::kTimeout:
      answer(stream, plain_answer(408), true);
      return Next::kClose;
    case SocketStream::Read::kTooLong:
      answer(stream, plain_answer(431), true);
      return Next::kClose;
    case SocketStream::Read::kClosed:
      return Next::kClose;
  }
  Request req;
  std::string version;
  if (!parse_head(head, req, version)) return answer(stream, plain_answer(400), true);
  bool close_after = version == "HTTP/1.0" || lower_ascii(req.header("connection")) == "close";

  const std::optional<BodyFraming> framing = body_framing(req.headers);
  if (!framing) return answer(stream, plain_answer(400), true);
  const bool chunked = framing->chunked;
  req.content_length = framing->length.value_or(0);

  const bool expects_continue = lower_ascii(req.header("expect")) == "100-continue";
  if (req.content_length > limits.max_body) {
    // Answer first, then discard the body, so a client still sending it can read the answer;
    // one that waits for 100 Continue sends no body at all.
    answer(stream, limits.too_large, true);
    if (!expects_continue) drain_body(stream, req.content_length, deadline);
    return Next::kClose;
  }
  const bool body_expected = chunked || req.content_length > 0;
  // curl waits a second for this before sending a larger body on its own.
  if (body_expected && expects_continue && !stream.write_all("HTTP/1.1 100 Continue\r\n\r\n")) {
    return Next::kClose;
  }
  if (chunked) {
    switch (read_chunked(stream, req.body, limits.max_body, deadline)) {
      case Body::kComplete:
        break;
      case Body::kTooLarge:
        return answer(stream, limits.too_large, true);
      case Body::kTimeout:
        return answer(stream, plain_answer(408), true);
      case Body::kBroken:
        return answer(stream, plain_answer(400), true);
    }
    req.content_length = req.body.size();
  } else if (req.content_length > 0) {
    switch (stream.read_exact(req.content_length, req.body, deadline)) {
      case SocketStream::Read::kOk:
        break;
      case SocketStream::Read::kTimeout:
        return answer(stream, plain_answer(408), true);
      default:
        return Next::kClose;
    }
  }
  const StreamPeer peer(stream);
  return answer(stream, handler(req, peer), close_after,
                AnswerForm{.with_body = req.method != "HEAD", .chunked = version != "HTTP/1.0"});
}

}  // namespace http
