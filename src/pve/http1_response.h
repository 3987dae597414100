// An HTTP/1.1 response read incrementally as bytes arrive from a connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pve::http1 {

// What the status line and headers say.
struct ResponseHead {
  int status = 0;
  std::string reason;      // the reason phrase: PVE writes its error message there
  bool keep_alive = true;  // false: the server closes the connection after this answer
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
};

// Reads one response: the status line (with its reason phrase, at most kMaxReasonBytes kept),
// the headers, then the body as Content-Length, chunked transfer coding or the end of the
// connection frames it. Informational (1xx) responses before it are skipped. Anything that is
// not HTTP/1.x, a framing that contradicts itself, headers beyond kMaxHeaderBytes or a body
// beyond `max_body` ends the parse with a one-line error(); nothing is read past the response.
class ResponseParser {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
  static constexpr std::size_t kMaxReasonBytes = 1024;

  enum class State { need_more, done, failed };

  // `no_body`: the answer to a HEAD request, which has headers only.
  explicit ResponseParser(std::size_t max_body, bool no_body = false);

  // Reads from `data`, returning how many bytes belong to this response (all of them unless it
  // ended inside `data`: the rest belongs to whatever follows on the connection). After a
  // failure the count means nothing: the connection must not be used again.
  std::size_t feed(std::string_view data);
  // The connection ended: completes a body the end of the connection frames, or fails.
  void end_of_input();

  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] const ResponseHead& head() const { return head_; }
  [[nodiscard]] const std::string& body() const { return body_; }
  [[nodiscard]] std::string take_body() { return std::move(body_); }
  [[nodiscard]] const std::string& error() const { return error_; }
  // Whether the status line has been read (a failure after it still has a status).
  [[nodiscard]] bool has_head() const { return head_read_; }

 private:
  enum class Phase {
    head,
    body_length,
    body_to_close,
    chunk_size,
    chunk_data,
    chunk_end,
    trailers
  };

  std::size_t read_head(std::string_view data);
  bool parse_head(std::string_view text);
  std::size_t read_line(std::string_view data, std::string& line, std::size_t limit);
  std::size_t read_body(std::string_view data, std::uint64_t wanted);
  [[nodiscard]] std::string limit_text() const;  // "the 64 MiB accepted"
  void fail(std::string why);
  void complete();

  std::size_t max_body_;
  bool no_body_;
  State state_ = State::need_more;
  Phase phase_ = Phase::head;
  ResponseHead head_;
  std::string pending_;  // the head, or the current chunk-size or trailer line, so far
  std::string body_;
  std::uint64_t remaining_ = 0;  // of the Content-Length body or of the current chunk
  std::size_t trailer_bytes_ = 0;
  bool head_read_ = false;
  std::string error_;
};

}  // namespace pve::http1
