#include "http/socket_stream.h"

#include "http/deadline.h"
#include "ossl/openssl.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace http {

namespace {

// SO_RCVTIMEO or SO_SNDTIMEO for the time left until `deadline`, at least a millisecond.
void set_timeout(int fd, int option, SocketStream::Clock::time_point deadline) {
  const auto left = std::max(
      std::chrono::duration_cast<std::chrono::microseconds>(deadline - SocketStream::Clock::now()),
      std::chrono::microseconds(1000));
  const timeval tv{static_cast<time_t>(left.count() / 1'000'000),
                   static_cast<suseconds_t>(left.count() % 1'000'000)};
  setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

}  // namespace

void SocketStream::set_receive_timeout(Clock::time_point deadline) const {
  set_timeout(fd_, SO_RCVTIMEO, deadline);
}

void SocketStream::set_send_deadline(Clock::time_point deadline) const {
  set_timeout(fd_, SO_SNDTIMEO, deadline);
}

bool SocketStream::wait_readable(Clock::time_point deadline) {
  return !buffer_.empty() || wait_socket(deadline);
}

bool SocketStream::wait_socket(Clock::time_point deadline) {
  if (ssl_ != nullptr && ossl::openssl().SSL_pending(ssl_) > 0) return true;
  while (true) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, millis_until(deadline));
    if (ready > 0) return true;  // data, EOF or an error: the read that follows tells which
    if (ready < 0 && errno != EINTR) return true;
    if (ready == 0 && Clock::now() >= deadline) return false;
  }
}

SocketStream::Read SocketStream::fill(Clock::time_point deadline) {
  // A slow client gets no more time per byte: the deadline covers the whole request.
  if (!wait_socket(deadline)) return Read::kTimeout;
  char chunk[16384];
  if (ssl_ != nullptr) {
    // SSL_read blocks until a whole TLS record is in: a record trickled in byte by byte must not
    // outlast the deadline either.
    set_receive_timeout(deadline);
    ossl::openssl().ERR_clear_error();  // SSL_get_error reads the thread's queue
    errno = 0;
    const int n = ossl::openssl().SSL_read(ssl_, chunk, sizeof chunk);
    if (n <= 0) {
      const int error = errno;
      // SO_RCVTIMEO ran out inside a record.
      if (error == EAGAIN || error == EWOULDBLOCK) return Read::kTimeout;
      note_tls_failure(n, error);
      return Read::kClosed;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    return Read::kOk;
  }
  ssize_t n = 0;
  do {
    n = recv(fd_, chunk, sizeof chunk, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) failure_ = std::strerror(errno);
  if (n <= 0) return Read::kClosed;
  buffer_.append(chunk, static_cast<size_t>(n));
  return Read::kOk;
}

SocketStream::Read SocketStream::read_head(std::string& head, size_t max,
                                           Clock::time_point deadline) {
  size_t searched = 0;
  while (true) {
    const size_t end = buffer_.find("\r\n\r\n", searched);
    if (end != std::string::npos) {
      head = buffer_.substr(0, end + 2);
      buffer_.erase(0, end + 4);
      return Read::kOk;
    }
    if (buffer_.size() > max) return Read::kTooLong;
    searched = buffer_.size() < 3 ? 0 : buffer_.size() - 3;
    if (const Read r = fill(deadline); r != Read::kOk) return r;
  }
}

SocketStream::Read SocketStream::read_line(std::string& line, size_t max,
                                           Clock::time_point deadline) {
  while (true) {
    const size_t end = buffer_.find("\r\n");
    if (end != std::string::npos) {
      line = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      return Read::kOk;
    }
    if (buffer_.size() > max) return Read::kTooLong;
    if (const Read r = fill(deadline); r != Read::kOk) return r;
  }
}

SocketStream::Read SocketStream::read_exact(size_t n, std::string& out,
                                            Clock::time_point deadline) {
  while (buffer_.size() < n) {
    if (const Read r = fill(deadline); r != Read::kOk) return r;
  }
  out.append(buffer_, 0, n);
  buffer_.erase(0, n);
  return Read::kOk;
}

SocketStream::Read SocketStream::read_some(std::string& out, size_t max,
                                           Clock::time_point deadline) {
  if (buffer_.empty()) {
    if (const Read r = fill(deadline); r != Read::kOk) return r;
  }
  const size_t n = std::min(max, buffer_.size());
  out.append(buffer_, 0, n);
  buffer_.erase(0, n);
  return Read::kOk;
}

namespace {

// SSL_write writes with write(2), which raises SIGPIPE on a connection the other side has
// closed; a program that has not ignored the signal would end there. Blocked on this thread while
// it lives, and a SIGPIPE raised meanwhile is taken off before it is unblocked.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlock() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec now{0, 0};
      sigtimedwait(&pipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t previous_{};
  bool was_pending_ = false;
};

}  // namespace

bool SocketStream::write_all(std::string_view data) {
  const std::optional<SigpipeBlock> no_sigpipe =
      ssl_ != nullptr ? std::optional<SigpipeBlock>(std::in_place) : std::nullopt;
  size_t off = 0;
  while (off < data.size()) {
    if (ssl_ != nullptr) {
      ossl::openssl().ERR_clear_error();
      errno = 0;
      const int n =
          ossl::openssl().SSL_write(ssl_, data.data() + off, static_cast<int>(data.size() - off));
      if (n <= 0) {
        note_tls_failure(n, errno);
        return false;
      }
      off += static_cast<size_t>(n);
      continue;
    }
    const ssize_t n = send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure_ = n < 0 ? std::strerror(errno) : "nothing could be sent";
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

void SocketStream::note_tls_failure(int rc, int error) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  switch (ssl.SSL_get_error(ssl_, rc)) {
    case SSL_ERROR_ZERO_RETURN:  // close_notify: an orderly end
      failure_.clear();
      break;
    case SSL_ERROR_SYSCALL:
      // errno 0: the connection ended without close_notify, which is a plain close too.
      failure_ = error == 0 ? "" : std::strerror(error);
      break;
    default: {
      const unsigned long code = ssl.ERR_peek_last_error();
      const char* reason = code == 0 ? nullptr : ssl.ERR_reason_error_string(code);
      failure_ = reason == nullptr ? "TLS error" : std::string("TLS error: ") + reason;
      break;
    }
  }
  ssl.ERR_clear_error();
}

bool SocketStream::peer_gone() const {
  pollfd p{fd_, POLLRDHUP, 0};
  if (poll(&p, 1, 0) <= 0) return false;
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace http
