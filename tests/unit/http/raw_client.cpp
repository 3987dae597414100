#include "raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http_test {

RawConnection::RawConnection(int port, bool tls) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  if (!tls) return;
  ctx_ = SSL_CTX_new(TLS_client_method());
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  if (SSL_connect(ssl_) != 1) close_now();
}

RawConnection::~RawConnection() {
  close_now();
}

void RawConnection::close_now() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  ssl_ = nullptr;
  ctx_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawConnection::send(const std::string& bytes) {
  if (fd_ < 0) return false;
  if (ssl_ != nullptr) return SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) > 0;
  return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(bytes.size());
}

int RawConnection::read_some(char* buf, int size, std::chrono::milliseconds timeout) {
  if (fd_ < 0) return 0;
  if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return -1;  // -1: timed out
  }
  const int n = ssl_ != nullptr ? SSL_read(ssl_, buf, size)
                                : static_cast<int>(recv(fd_, buf, static_cast<size_t>(size), 0));
  return n < 0 ? 0 : n;
}

std::string RawConnection::read_until(const std::string& marker,
                                      std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (pending_.find(marker) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    char buf[4096];
    const int n = read_some(buf, sizeof buf, left);
    if (n <= 0) break;
    pending_.append(buf, static_cast<size_t>(n));
  }
  const size_t at = pending_.find(marker);
  const size_t end = at == std::string::npos ? pending_.size() : at + marker.size();
  std::string out = pending_.substr(0, end);
  pending_.erase(0, end);
  return out;
}

std::string RawConnection::read_all(std::chrono::milliseconds timeout) {
  std::string out = read_until(std::string(1, '\0') + "never", timeout);
  return out;
}

bool RawConnection::closed_by_server(std::chrono::milliseconds timeout) {
  char buf[256];
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    const int n = read_some(buf, sizeof buf, std::chrono::milliseconds(50));
    if (n == 0) return true;
    if (n > 0) pending_.append(buf, static_cast<size_t>(n));
  }
  return false;
}

std::string exchange_once(int port, const std::string& request) {
  RawConnection conn(port);
  conn.send(request);
  return conn.read_all();
}

}  // namespace http_test
