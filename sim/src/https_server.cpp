// Connections: listening, accepting, the TLS handshake and the keep-alive loop of exchanges.
#include "https_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "http_exchange.h"

namespace pvesim {

namespace {

constexpr int kIdleTimeoutSeconds = 30;
constexpr size_t kMaxConnections = 256;

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
  if (SSL_accept(ssl) == 1) {
    TlsReader reader(ssl);
    Next next = Next::kKeepAlive;
    while (!stopping_ && next == Next::kKeepAlive) {
      next = exchange(ssl, reader, conn.fd, handler_, max_body_, too_large_);
    }
    if (next != Next::kDrop) SSL_shutdown(ssl);
  }
  SSL_free(ssl);
  std::lock_guard lock(connections_mutex_);
  close(conn.fd);
  conn.fd = -1;
}

}  // namespace pvesim
