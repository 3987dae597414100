#include "http_load.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // Non-blocking once connected: a stale event for a connection opened again must not block
  // the one thread that drives them all.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

bool write_all(int fd, const std::string& data) {
  std::size_t at = 0;
  while (at < data.size()) {
    const ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

// The length of the complete answer at the start of `data`, 0 for an answer framed neither by
// Content-Length nor chunked (not expected: counted as a failure), or nullopt while it is
// incomplete; `status` is set from the status line.
std::optional<std::size_t> complete_answer(const std::string& data, int& status) {
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  status = data.size() > 12 ? std::atoi(data.c_str() + 9) : 0;
  std::string head = data.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
    const std::size_t length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
    const std::size_t total = head_end + 4 + length;
    return data.size() >= total ? std::optional<std::size_t>(total) : std::nullopt;
  }
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    const auto end = data.find("\r\n0\r\n\r\n", head_end);
    return end == std::string::npos ? std::nullopt : std::optional<std::size_t>(end + 7);
  }
  return 0;  // it would run to the end of the connection
}

struct Connection {
  int fd = -1;
  std::string received;
  Clock::time_point sent;
};

}  // namespace

HttpLoad http_load(int port, const std::string& request, int connections,
                   std::chrono::milliseconds warmup, std::chrono::milliseconds measured) {
  const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
  std::vector<Connection> pool(static_cast<std::size_t>(connections));
  HttpLoad load;
  auto open = [&](std::size_t index) {
    Connection& c = pool[index];
    if (c.fd >= 0) ::close(c.fd);
    c.fd = connect_loopback(port);
    c.received.clear();
    if (c.fd < 0) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = index;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event);
    c.sent = Clock::now();
    if (!write_all(c.fd, request)) ++load.failures;
  };
  for (std::size_t i = 0; i < pool.size(); ++i) open(i);

  const Clock::time_point start = Clock::now() + warmup;
  const Clock::time_point end = start + measured;
  std::size_t answered = 0;
  std::vector<epoll_event> events(pool.size());
  char buffer[65536];
  while (Clock::now() < end) {
    const int ready = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < ready; ++e) {
      const std::size_t index = events[static_cast<std::size_t>(e)].data.u64;
      Connection& c = pool[index];
      const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        ++load.failures;  // the server closed a keep-alive connection
        open(index);
        continue;
      }
      c.received.append(buffer, static_cast<std::size_t>(n));
      int status = 0;
      const std::optional<std::size_t> length = complete_answer(c.received, status);
      if (!length) continue;
      if (*length == 0) {
        ++load.failures;
        open(index);
        continue;
      }
      const Clock::time_point now = Clock::now();
      if (c.sent >= start && now <= end) {
        ++answered;
        load.latency_ms.push_back(std::chrono::duration<double, std::milli>(now - c.sent).count());
        if (status != 200) ++load.failures;
      }
      c.received.erase(0, *length);
      c.sent = Clock::now();
      if (!write_all(c.fd, request)) {
        ++load.failures;
        open(index);
      }
    }
  }
  for (Connection& c : pool) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(epoll);
  load.requests_per_s =
      static_cast<double>(answered) / std::chrono::duration<double>(measured).count();
  return load;
}

bool http_ok(int port, const std::string& path) {
  const int fd = connect_loopback(port);
  if (fd < 0) return false;
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  std::string answer;
  if (write_all(fd, request)) {
    char buffer[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 2000) > 0) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return answer.starts_with("HTTP/1.1 200");
}

}  // namespace bench
