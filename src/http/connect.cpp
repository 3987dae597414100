#include "http/connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace http {

namespace {

using Clock = std::chrono::steady_clock;
using AddressList = std::unique_ptr<addrinfo, decltype(&freeaddrinfo)>;

struct Resolved {
  AddressList addresses{nullptr, freeaddrinfo};
  Connected::Failure failure = Connected::Failure::kNone;
  std::string reason;
};

Resolved lookup(const std::string& host, int port, int flags) {
  addrinfo hints{};
  hints.ai_flags = flags;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  Resolved out;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    out.failure = Connected::Failure::kResolve;
    out.reason = "cannot resolve " + host + ": " +
                 (rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc));
    return out;
  }
  out.addresses.reset(found);
  return out;
}

// getaddrinfo has no timeout: it runs on a thread of its own, which a caller past its deadline
// leaves to finish alone.
Resolved resolve(const std::string& host, int port, Deadline deadline) {
  // An IP address needs no resolver.
  Resolved numeric = lookup(host, port, AI_NUMERICHOST);
  if (numeric.addresses) return numeric;
  struct Shared {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    Resolved result;
  };
  auto shared = std::make_shared<Shared>();
  try {
    std::thread([shared, host, port] {
      Resolved result = lookup(host, port, AI_ADDRCONFIG);
      const std::lock_guard lock(shared->mutex);
      shared->result = std::move(result);
      shared->done = true;
      shared->done_cv.notify_all();
    }).detach();
  } catch (const std::system_error&) {
    return lookup(host, port, AI_ADDRCONFIG);  // no thread to spare: wait for the resolver
  }
  std::unique_lock lock(shared->mutex);
  if (!shared->done_cv.wait_until(lock, deadline, [&] { return shared->done; })) {
    Resolved late;
    late.failure = Connected::Failure::kTimeout;
    late.reason = "resolving " + host + " took too long";
    return late;
  }
  return std::move(shared->result);
}

// One connection attempt to a resolved address; the fd, or -1 with `reason` set.
int connect_address(const sockaddr* address, socklen_t length, Deadline deadline,
                    std::string& reason) {
  const int fd = socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    reason = std::strerror(errno);
    return -1;
  }
  int error = 0;
  if (connect(fd, address, length) != 0) {
    if (errno != EINPROGRESS) {
      error = errno;
    } else {
      pollfd waiting{fd, POLLOUT, 0};
      int ready = 0;
      do {
        ready = poll(&waiting, 1, millis_until(deadline));
      } while ((ready < 0 && errno == EINTR) || (ready == 0 && Clock::now() < deadline));
      socklen_t size = sizeof error;
      if (ready == 0) {
        error = ETIMEDOUT;
      } else if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
        error = errno;
      }
    }
  }
  if (error != 0) {
    close(fd);
    reason = std::strerror(error);
    return -1;
  }
  // Back to blocking: reads and writes wait with poll and socket timeouts. Small requests go out
  // at once instead of waiting for Nagle's algorithm.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  return fd;
}

}  // namespace

Connected connect_tcp(const std::string& host, int port, Deadline deadline) {
  Connected out;
  Resolved resolved = resolve(host, port, deadline);
  if (!resolved.addresses) {
    out.failure = resolved.failure;
    out.reason = std::move(resolved.reason);
    return out;
  }
  size_t left = 0;
  for (const addrinfo* a = resolved.addresses.get(); a != nullptr; a = a->ai_next) ++left;
  for (const addrinfo* a = resolved.addresses.get(); a != nullptr; a = a->ai_next, --left) {
    // Each address gets its share of the time left, so that one whose packets vanish (an IPv6
    // route that goes nowhere) leaves time for the next.
    const Deadline share = Clock::now() + (deadline - Clock::now()) / static_cast<int>(left);
    out.fd = connect_address(a->ai_addr, a->ai_addrlen, std::min(share, deadline), out.reason);
    if (out.fd >= 0) {
      out.reason.clear();
      return out;
    }
    if (Clock::now() >= deadline) break;
  }
  out.failure = out.reason == std::strerror(ETIMEDOUT) ? Connected::Failure::kTimeout
                                                       : Connected::Failure::kConnect;
  return out;
}

}  // namespace http
