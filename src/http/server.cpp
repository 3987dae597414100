// Connections: listening, accepting, the TLS handshake and the keep-alive loop of exchanges.
#include "http/server.h"

#include "ossl/openssl.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "http/socket_stream.h"

namespace http {

namespace {

// The TLS handshake, done within `deadline` however slowly the client sends its part: the socket
// is non-blocking meanwhile, so no single read can wait past it.
bool handshake(SSL* ssl, int fd, std::chrono::steady_clock::time_point deadline) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  bool done = false;
  while (true) {
    const int r = ossl::openssl().SSL_accept(ssl);
    if (r == 1) {
      done = true;
      break;
    }
    const int error = ossl::openssl().SSL_get_error(ssl, r);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) break;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, static_cast<short>(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
    if (poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
  }
  fcntl(fd, F_SETFL, flags);
  return done;
}

}  // namespace

struct Server::Connection {
  int fd = -1;
  std::thread thread;
  std::atomic<bool> busy{false};  // a request is being read or answered
  std::atomic<bool> done{false};
};

Server::Server(ServerOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

Server::~Server() {
  stop();
}

void Server::set_tls(TlsContext context) {
  std::lock_guard lock(tls_mutex_);
  tls_ = std::move(context);
}

TlsContext Server::current_tls() const {
  std::lock_guard lock(tls_mutex_);
  return tls_;
}

int Server::start(const std::string& bind_address, int port) {
  // A client hanging up mid-write must not kill the process.
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
  const int fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  const int yes = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (fd < 0 || bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, 128) != 0) {
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

void Server::stop(std::chrono::milliseconds drain) {
  if (listen_fd_ < 0) return;
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (acceptor_.joinable()) acceptor_.join();
  close(listen_fd_);
  listen_fd_ = -1;
  std::unique_lock lock(connections_mutex_);
  // Idle connections end now; those answering a request get until the deadline.
  for (auto& c : connections_) {
    if (!c->busy && c->fd >= 0) shutdown(c->fd, SHUT_RDWR);
  }
  const auto deadline = std::chrono::steady_clock::now() + drain;
  connection_done_.wait_until(lock, deadline, [this] {
    for (auto& c : connections_) {
      if (!c->done) return false;
    }
    return true;
  });
  std::list<std::unique_ptr<Connection>> remaining;
  remaining.swap(connections_);
  for (auto& c : remaining) {
    if (c->fd >= 0) shutdown(c->fd, SHUT_RDWR);  // wakes blocked reads and writes
  }
  lock.unlock();
  for (auto& c : remaining) {
    if (c->thread.joinable()) c->thread.join();
  }
}

void Server::reap_finished() {
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

void Server::accept_loop() {
  const auto io = std::chrono::duration_cast<std::chrono::microseconds>(options_.io_timeout);
  const timeval tv{static_cast<time_t>(io.count() / 1'000'000),
                   static_cast<suseconds_t>(io.count() % 1'000'000)};
  while (!stopping_) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: wait for connections to end instead of spinning on accept().
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;
    }
    reap_finished();
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);  // small answers go out at once
    auto conn = std::make_unique<Connection>();
    conn->fd = fd;
    Connection* raw = conn.get();
    std::lock_guard lock(connections_mutex_);
    if (stopping_ || connections_.size() >= options_.max_connections) {
      close(fd);  // refuse rather than run out of threads
      continue;
    }
    connections_.push_back(std::move(conn));
    raw->thread = std::thread([this, raw] {
      serve(*raw);
      {
        std::lock_guard done_lock(connections_mutex_);
        raw->done = true;
      }
      connection_done_.notify_all();
    });
  }
}

void Server::serve(Connection& conn) {
  const TlsContext tls = current_tls();  // kept alive while this connection runs
  SSL* ssl = nullptr;
  bool ready = true;
  if (tls) {
    ssl = ossl::openssl().SSL_new(tls.get());
    ready = ssl != nullptr && ossl::openssl().SSL_set_fd(ssl, conn.fd) == 1 &&
            handshake(ssl, conn.fd, std::chrono::steady_clock::now() + options_.io_timeout);
  }
  Next next = ready ? Next::kKeepAlive : Next::kClose;
  if (ready) {
    SocketStream stream(conn.fd, ssl);
    while (!stopping_ && next == Next::kKeepAlive) {
      if (!stream.wait_readable(SocketStream::Clock::now() + options_.idle_timeout)) break;
      conn.busy = true;
      next = exchange(stream, handler_, options_.limits);
      conn.busy = false;
    }
    if (ssl != nullptr && next != Next::kDrop) ossl::openssl().SSL_shutdown(ssl);
  }
  if (ssl != nullptr) ossl::openssl().SSL_free(ssl);
  std::lock_guard lock(connections_mutex_);
  close(conn.fd);
  conn.fd = -1;
}

}  // namespace http
