// Connection handling: TLS handshake, keep-alive request loop, Content-Length and chunked bodies.
#include "https_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "ascii_lower.h"

namespace pvesim {

namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr int kIdleTimeoutSeconds = 30;
constexpr size_t kMaxDrainBytes = 64 * 1024 * 1024;
constexpr size_t kMaxConnections = 256;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Buffered reads from one TLS connection.
class TlsReader {
 public:
  explicit TlsReader(SSL* ssl) : ssl_(ssl) {}

  bool fill() {
    char chunk[16384];
    const int n = SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // Reads up to and including "\r\n\r\n"; false on EOF, error or oversize.
  bool read_head(std::string& head) {
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

  bool read_exact(size_t n, std::string& out) {
    while (buffer_.size() < n) {
      if (!fill()) return false;
    }
    out.append(buffer_, 0, n);
    buffer_.erase(0, n);
    return true;
  }

  bool read_line(std::string& line) {
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

 private:
  SSL* ssl_;
  std::string buffer_;
};

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

}  // namespace

struct HttpsServer::Connection {
  int fd = -1;
  std::thread thread;
  std::atomic<bool> done{false};
};

HttpsServer::HttpsServer(const TlsIdentity& identity, Handler handler, size_t max_body,
                         HttpResponse too_large)
    : handler_(std::move(handler)), max_body_(max_body), too_large_(std::move(too_large)) {
  set_identity(identity);
}

void HttpsServer::set_identity(const TlsIdentity& identity) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) throw std::runtime_error("SSL_CTX_new failed");
  std::shared_ptr<void> owned(ctx, [](void* p) { SSL_CTX_free(static_cast<SSL_CTX*>(p)); });
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx, identity.certificate()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, identity.key()) != 1) {
    throw std::runtime_error("cannot load the TLS certificate");
  }
  std::lock_guard lock(ctx_mutex_);
  ssl_ctx_ = std::move(owned);
}

std::shared_ptr<void> HttpsServer::current_ctx() const {
  std::lock_guard lock(ctx_mutex_);
  return ssl_ctx_;
}

HttpsServer::~HttpsServer() {
  stop();
}

int HttpsServer::start(const std::string& bind_address, int port) {
  // A client hanging up mid-write must not kill the process (cpp-httplib does the same).
  std::signal(SIGPIPE, SIG_IGN);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(bind_address.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    throw std::runtime_error("invalid bind address '" + bind_address + "'");
  }
  const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  const int yes = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (fd < 0 || bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, 64) != 0) {
    const std::string reason = std::strerror(errno);
    freeaddrinfo(found);
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot listen on " + bind_address + ":" + service + ": " + reason);
  }
  freeaddrinfo(found);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int real_port = addr.ss_family == AF_INET6
                            ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                            : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  listen_fd_ = fd;
  stopping_ = false;
  acceptor_ = std::thread([this] { accept_loop(); });
  return real_port;
}

void HttpsServer::stop() {
  if (listen_fd_ < 0) return;
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (acceptor_.joinable()) acceptor_.join();
  close(listen_fd_);
  listen_fd_ = -1;
  std::list<std::unique_ptr<Connection>> remaining;
  {
    std::lock_guard lock(connections_mutex_);
    remaining.swap(connections_);
    for (auto& c : remaining) shutdown(c->fd, SHUT_RDWR);  // wakes blocked reads
  }
  for (auto& c : remaining) {
    if (c->thread.joinable()) c->thread.join();
  }
}

void HttpsServer::reap_finished() {
  std::list<std::unique_ptr<Connection>> finished;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if ((*it)->done) {
        finished.push_back(std::move(*it));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished) c->thread.join();
}

void HttpsServer::accept_loop() {
  while (!stopping_) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    reap_finished();
    timeval tv{kIdleTimeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    {
      std::lock_guard lock(connections_mutex_);
      if (connections_.size() >= kMaxConnections) {  // refuse rather than run out of threads
        close(fd);
        continue;
      }
    }
    auto conn = std::make_unique<Connection>();
    conn->fd = fd;
    Connection* raw = conn.get();
    std::lock_guard lock(connections_mutex_);
    if (stopping_) {
      close(fd);
      return;
    }
    connections_.push_back(std::move(conn));
    raw->thread = std::thread([this, raw] {
      serve(*raw);
      raw->done = true;
    });
  }
}

void HttpsServer::serve(Connection& conn) {
  const std::shared_ptr<void> ctx = current_ctx();  // kept alive while this connection runs
  SSL* ssl = SSL_new(static_cast<SSL_CTX*>(ctx.get()));
  if (ssl == nullptr) {
    close(conn.fd);
    return;
  }
  SSL_set_fd(ssl, conn.fd);
  bool dropped = false;
  if (SSL_accept(ssl) == 1) {
    TlsReader reader(ssl);
    while (!stopping_) {
      std::string head;
      if (!reader.read_head(head)) break;
      HttpRequest req;
      HttpResponse res;
      bool ok = true;
      std::string version;
      const size_t line_end = head.find("\r\n");
      const std::string request_line = head.substr(0, line_end);
      const size_t sp1 = request_line.find(' ');
      const size_t sp2 = request_line.rfind(' ');
      if (sp1 == std::string::npos || sp2 == sp1) {
        ok = false;
      } else {
        req.method = request_line.substr(0, sp1);
        req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        version = request_line.substr(sp2 + 1);
      }
      size_t pos = line_end + 2;
      while (ok && pos < head.size()) {
        size_t next = head.find("\r\n", pos);
        if (next == std::string::npos) next = head.size();
        const std::string line = head.substr(pos, next - pos);
        pos = next + 2;
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        req.headers.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
      }
      bool close_after = version == "HTTP/1.0" || lower(req.header("connection")) == "close";
      const bool chunked =
          lower(req.header("transfer-encoding")).find("chunked") != std::string::npos;
      if (ok && !chunked && !req.header("content-length").empty()) {
        const std::string cl = req.header("content-length");
        ok = cl.find_first_not_of("0123456789") == std::string::npos && cl.size() < 16;
        if (ok) req.content_length = std::stoull(cl);
      }
      if (!ok) {
        res = bad_request();
      } else if (req.content_length > max_body_) {
        res = too_large_;
        res.close_connection = true;
        // Answer first, then discard the body, so a client still sending it can read the answer.
        write_all(ssl, serialize(res, true));
        std::string discard;
        for (size_t left = std::min(req.content_length, kMaxDrainBytes); left > 0;) {
          const size_t n = std::min(left, size_t{65536});
          if (!reader.read_exact(n, discard)) break;
          discard.clear();
          left -= n;
        }
        break;
      } else if (chunked) {
        std::string line;
        while (ok) {
          ok = reader.read_line(line);
          const size_t size = ok ? std::strtoull(line.c_str(), nullptr, 16) : 0;
          if (!ok) break;
          if (size == 0) {
            while (reader.read_line(line) && !line.empty()) {
            }
            break;
          }
          if (req.body.size() + size > max_body_) {
            res = too_large_;
            res.close_connection = true;
            break;
          }
          ok = reader.read_exact(size, req.body) && reader.read_line(line);
        }
        req.content_length = req.body.size();
        if (!ok) break;
        if (res.status == 200) res = handler_(req);
      } else {
        // curl waits a second for this before sending a larger body on its own.
        if (req.content_length > 0 && lower(req.header("expect")) == "100-continue" &&
            !write_all(ssl, "HTTP/1.1 100 Continue\r\n\r\n")) {
          break;
        }
        if (!reader.read_exact(req.content_length, req.body)) break;
        res = handler_(req);
      }
      if (res.drop_connection) {
        // SO_LINGER 0: close() sends a TCP RST, and no TLS close_notify goes out first.
        const linger abort_now{1, 0};
        setsockopt(conn.fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
        dropped = true;
        break;
      }
      close_after = close_after || res.close_connection;
      if (!write_all(ssl, serialize(res, close_after)) || close_after) break;
    }
    if (!dropped) SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  std::lock_guard lock(connections_mutex_);
  close(conn.fd);
  conn.fd = -1;
}

}  // namespace pvesim
