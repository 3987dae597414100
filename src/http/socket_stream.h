// The bytes of one connection, over TLS or not, accepted or made: buffered reads that give up at
// a deadline, whole writes, and whether the other side has gone.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace http {

class SocketStream {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Read { kOk, kClosed, kTimeout, kTooLong };

  // `ssl` is null for plain TCP; neither it nor `fd` is owned.
  SocketStream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}

  // Waits until a byte can be read (or the connection ends); false when `deadline` passes first.
  bool wait_readable(Clock::time_point deadline);
  // Up to and including the blank line that ends a request head, at most `max` bytes.
  Read read_head(std::string& head, size_t max, Clock::time_point deadline);
  // A line without its CRLF, at most `max` bytes.
  Read read_line(std::string& line, size_t max, Clock::time_point deadline);
  // Appends exactly n bytes to `out`.
  Read read_exact(size_t n, std::string& out, Clock::time_point deadline);
  // Appends what has arrived, waiting for some if nothing has, at most `max` bytes.
  Read read_some(std::string& out, size_t max, Clock::time_point deadline);

  // Sets the send timeout that write_all gives up at to the time left until `deadline`.
  void set_send_deadline(Clock::time_point deadline) const;
  // Sends all of `data`; false when the connection broke or the client stopped reading for
  // longer than the socket's send timeout.
  bool write_all(std::string_view data);
  // True once the client closed its side, or the connection broke.
  [[nodiscard]] bool peer_gone() const;
  [[nodiscard]] int fd() const { return fd_; }
  // Bytes read from the connection and not yet consumed.
  [[nodiscard]] size_t buffered() const { return buffer_.size(); }
  // Why the last read or write failed, e.g. "Connection reset by peer"; "" when the other side
  // simply closed the connection.
  [[nodiscard]] const std::string& failure() const { return failure_; }

 private:
  void set_receive_timeout(Clock::time_point deadline) const;
  // Waits for bytes from the socket itself (what is buffered does not count).
  bool wait_socket(Clock::time_point deadline);
  Read fill(Clock::time_point deadline);

  int fd_;
  SSL* ssl_;
  // Records why an SSL_read or SSL_write that returned `rc`, with errno `error`, failed.
  void note_tls_failure(int rc, int error);

  std::string buffer_;  // read but not yet consumed: what comes after one request is the next
  std::string failure_;
};

}  // namespace http
