#include "tls_test_server.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <csignal>

namespace pve_test {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return start == std::string::npos ? "" : text.substr(start, end - start + 1);
}

// Parses the head of a request; false when it is not HTTP.
bool parse_head(const std::string& head, RecordedRequest& request) {
  std::size_t line_end = head.find("\r\n");
  std::string line = head.substr(0, line_end);
  std::size_t first = line.find(' ');
  std::size_t second = line.rfind(' ');
  if (first == std::string::npos || second == first) return false;
  request.method = line.substr(0, first);
  request.target = line.substr(first + 1, second - first - 1);
  std::size_t at = line_end + 2;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string::npos) end = head.size();
    std::string header = head.substr(at, end - at);
    std::size_t colon = header.find(':');
    if (colon != std::string::npos) {
      request.headers[lower(header.substr(0, colon))] = trim(header.substr(colon + 1));
    }
    at = end + 2;
  }
  return true;
}

bool write_all(SSL* ssl, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    int n = SSL_write(ssl, data.data() + sent, static_cast<int>(data.size() - sent));
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

TlsTestServer::TlsTestServer(const TestCert& cert, Handler handler, const std::string& bind_address,
                             int port)
    : handler_(std::move(handler)) {
  // A client that hangs up mid-answer must not kill the test process.
  std::signal(SIGPIPE, SIG_IGN);
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr || SSL_CTX_use_certificate(ctx_, cert.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx_, cert.key.get()) != 1) {
    throw std::runtime_error("test server: cannot load certificate");
  }
  const bool v6 = bind_address.find(':') != std::string::npos;
  listen_fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_storage address{};
  socklen_t length = 0;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&address);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET6, bind_address.c_str(), &a->sin6_addr);
    length = sizeof(sockaddr_in6);
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&address);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, bind_address.c_str(), &a->sin_addr);
    length = sizeof(sockaddr_in);
  }
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    SSL_CTX_free(ctx_);
    throw std::runtime_error("test server: cannot listen on " + bind_address);
  }
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = v6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
             : ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TlsTestServer::~TlsTestServer() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    // Unblocks workers waiting in SSL_read on idle keep-alive connections.
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& worker : workers_) worker.join();
  ::close(listen_fd_);
  SSL_CTX_free(ctx_);
}

std::vector<RecordedRequest> TlsTestServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool TlsTestServer::sleep_unless_stopping(std::chrono::milliseconds duration) const {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (stopping_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return !stopping_;
}

void TlsTestServer::accept_loop() {
  while (!stopping_) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, 20) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    const int connection = ++connections_;
    std::lock_guard lock(mutex_);
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd, connection] { serve(fd, connection); });
  }
}

void TlsTestServer::serve(int fd, int connection) {
  SSL* ssl = SSL_new(ctx_);
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) == 1) {
    std::string buffer;
    char chunk[4096];
    bool open = true;
    // Appends the next chunk the client sent; false once the connection is gone.
    auto read_more = [&] {
      int n = SSL_read(ssl, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    };
    while (open && !stopping_) {
      std::size_t head_end = std::string::npos;
      while (open && (head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        open = read_more();
      }
      if (!open) break;
      RecordedRequest request;
      if (!parse_head(buffer.substr(0, head_end), request)) break;
      buffer.erase(0, head_end + 4);
      const std::size_t body_length =
          request.has_header("content-length") ? std::stoul(request.header("content-length")) : 0;
      while (open && buffer.size() < body_length) open = read_more();
      if (!open) break;
      request.body = buffer.substr(0, body_length);
      buffer.erase(0, body_length);
      request.connection = connection;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      const ScriptedResponse response = handler_(request);
      if (!sleep_unless_stopping(response.delay)) break;
      if (response.action == ScriptedResponse::Action::kCloseWithoutReply) break;
      if (response.action == ScriptedResponse::Action::kRaw) {
        write_all(ssl, response.body);
        break;
      }
      const bool truncate = response.action == ScriptedResponse::Action::kTruncateBody;
      std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + response.reason +
                        "\r\nServer: pve-api-daemon/3.0\r\n";
      if (!response.body.empty()) out += "Content-Type: application/json;charset=UTF-8\r\n";
      for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
      out += "Content-Length: " + std::to_string(response.body.size() + (truncate ? 100 : 0)) +
             "\r\n\r\n" + response.body;
      if (!write_all(ssl, out) || truncate) break;
    }
  }
  SSL_shutdown(ssl);
  SSL_free(ssl);
  std::lock_guard lock(mutex_);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace pve_test
