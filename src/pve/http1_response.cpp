#include "pve/http1_response.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace pve::http1 {
namespace {

constexpr std::size_t kMaxChunkLine = 4096;  // a size in hex and extensions nobody sends
constexpr std::size_t kMiB = std::size_t{1024} * 1024;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool equals_icase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110's token characters: what a header name may hold.
bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The comma-separated items of a header value, trimmed, empty ones left out.
std::vector<std::string_view> items(std::string_view value) {
  std::vector<std::string_view> out;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = trimmed(value.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::uint64_t> decimal(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The end of the head (after its blank line) in `text`, or npos.
std::size_t head_end(std::string_view text) {
  for (std::size_t at = text.find('\n'); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    if (at + 1 < text.size() && text[at + 1] == '\n') return at + 2;
    if (at + 2 < text.size() && text[at + 1] == '\r' && text[at + 2] == '\n') return at + 3;
  }
  return std::string_view::npos;
}

}  // namespace

ResponseParser::ResponseParser(std::size_t max_body, bool no_body)
    : max_body_(max_body), no_body_(no_body) {}

std::size_t ResponseParser::feed(std::string_view data) {
  std::size_t used = 0;
  while (state_ == State::need_more && used < data.size()) {
    const std::string_view rest = data.substr(used);
    switch (phase_) {
      case Phase::head:
        used += read_head(rest);
        break;
      case Phase::body_length:
        used += read_body(rest, remaining_);
        if (state_ == State::need_more && remaining_ == 0) complete();
        break;
      case Phase::body_to_close:
        used += read_body(rest, rest.size());
        break;
      case Phase::chunk_size: {
        used += read_line(rest, pending_, kMaxChunkLine);
        if (state_ != State::need_more || pending_.back() != '\n') break;
        const std::string_view line =
            trimmed(std::string_view(pending_).substr(0, pending_.find_first_of(";\n")));
        const char* end = line.data() + line.size();
        std::uint64_t size = 0;
        const auto [stop, problem] = std::from_chars(line.data(), end, size, 16);
        if (line.empty() || line.size() > 15 || problem != std::errc() || stop != end) {
          fail("a chunk of the answer has no valid size");
          break;
        }
        pending_.clear();
        if (body_.size() + size > max_body_) {
          fail("the answer is more than " + limit_text());
          break;
        }
        remaining_ = size;
        phase_ = size == 0 ? Phase::trailers : Phase::chunk_data;
        break;
      }
      case Phase::chunk_data:
        used += read_body(rest, remaining_);
        if (state_ == State::need_more && remaining_ == 0) phase_ = Phase::chunk_end;
        break;
      case Phase::chunk_end:
        used += read_line(rest, pending_, 2);
        if (state_ != State::need_more || pending_.back() != '\n') break;
        if (!trimmed(std::string_view(pending_).substr(0, pending_.size() - 1)).empty()) {
          fail("a chunk of the answer is longer than its size says");
          break;
        }
        pending_.clear();
        phase_ = Phase::chunk_size;
        break;
      case Phase::trailers:
        // Trailer lines are read and dropped, up to the blank line that ends the answer.
        used += read_line(rest, pending_, kMaxChunkLine);
        if (state_ != State::need_more || pending_.back() != '\n') break;
        if (pending_ == "\n" || pending_ == "\r\n") {
          complete();
        } else if ((trailer_bytes_ += pending_.size()) > kMaxHeaderBytes) {
          fail("the answer's trailers exceed " + std::to_string(kMaxHeaderBytes / 1024) + " KiB");
        }
        pending_.clear();
        break;
    }
  }
  return used;
}

void ResponseParser::end_of_input() {
  if (state_ != State::need_more) return;
  switch (phase_) {
    case Phase::head:
      fail(pending_.empty() ? "the connection closed without an answer"
                            : "the connection closed before the answer's headers ended");
      return;
    case Phase::body_to_close:
      complete();
      return;
    case Phase::body_length:
      fail("the answer ended after " + std::to_string(body_.size()) + " of its " +
           std::to_string(*head_.content_length) + " bytes");
      return;
    default:
      fail("the answer ended inside its chunked body, after " + std::to_string(body_.size()) +
           " bytes");
      return;
  }
}

std::size_t ResponseParser::read_head(std::string_view data) {
  const std::size_t before = pending_.size();
  const std::size_t room = kMaxHeaderBytes - std::min(before, kMaxHeaderBytes);
  pending_.append(data.substr(0, room));
  const std::size_t end = head_end(std::string_view(pending_).substr(before > 2 ? before - 3 : 0));
  if (end == std::string_view::npos) {
    if (pending_.size() >= kMaxHeaderBytes) {
      fail("the answer's headers exceed " + std::to_string(kMaxHeaderBytes / 1024) + " KiB");
    }
    return std::min(data.size(), room);
  }
  const std::size_t head_size = end + (before > 2 ? before - 3 : 0);
  const std::size_t used = head_size - before;
  const std::string head(pending_, 0, head_size);
  pending_.clear();
  if (!parse_head(head)) return used;
  if (head_.status < 200) {
    head_ = ResponseHead{};  // an informational answer: the real one follows
    return used;
  }
  head_read_ = true;
  if (no_body_ || head_.status == 204 || head_.status == 304) {
    complete();
  } else if (head_.chunked) {
    phase_ = Phase::chunk_size;
  } else if (head_.content_length) {
    if (*head_.content_length > max_body_) {
      fail("the answer is " + std::to_string(*head_.content_length) + " bytes, more than " +
           limit_text());
      return used;
    }
    remaining_ = *head_.content_length;
    phase_ = Phase::body_length;
    if (remaining_ == 0) complete();
  } else {
    head_.keep_alive = false;
    phase_ = Phase::body_to_close;
  }
  return used;
}

bool ResponseParser::parse_head(std::string_view text) {
  const std::size_t line_end = text.find('\n');
  const std::string_view status_line = trimmed(text.substr(0, line_end));
  // "HTTP/1.x SP 3DIGIT [SP reason]"
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") ||
      (status_line[7] != '0' && status_line[7] != '1') || status_line[8] != ' ' ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    fail("the answer is not HTTP/1.1");
    return false;
  }
  int status = 0;
  const std::string_view code = status_line.substr(9, 3);
  const auto [stop, problem] = std::from_chars(code.data(), code.data() + 3, status);
  if (problem != std::errc() || stop != code.data() + 3 || status < 100 || status > 599) {
    fail("the answer's status code is not a number from 100 to 599");
    return false;
  }
  if (status == 101) {
    fail("the server switched protocols, which was not asked for");
    return false;
  }
  head_.status = status;
  if (status_line.size() > 13) {
    head_.reason = std::string(status_line.substr(13, kMaxReasonBytes));
  }
  head_.keep_alive = status_line[7] == '1';
  std::optional<std::uint64_t> length;
  bool transfer_encoding = false;
  std::string_view rest = text.substr(line_end + 1);
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty() || line == "\r") break;
    if (line.front() == ' ' || line.front() == '\t') {
      fail("the answer folds a header over several lines");
      return false;
    }
    const std::size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), is_token_char)) {
      fail("the answer has a malformed header line");
      return false;
    }
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (equals_icase(name, "Content-Length")) {
      for (const std::string_view item : items(value)) {
        const std::optional<std::uint64_t> parsed = decimal(item);
        if (!parsed || (length && *length != *parsed)) {
          fail("the answer's Content-Length is not one number");
          return false;
        }
        length = parsed;
      }
    } else if (equals_icase(name, "Transfer-Encoding")) {
      for (const std::string_view coding : items(value)) {
        if (!equals_icase(coding, "chunked") || head_.chunked) {
          fail("the answer is sent with transfer coding '" + std::string(value.substr(0, 64)) +
               "', which was not asked for");
          return false;
        }
        head_.chunked = true;
      }
      transfer_encoding = true;
    } else if (equals_icase(name, "Connection")) {
      for (const std::string_view option : items(value)) {
        if (equals_icase(option, "close")) head_.keep_alive = false;
        if (equals_icase(option, "keep-alive") && status_line[7] == '0') head_.keep_alive = true;
      }
    }
  }
  if (transfer_encoding && !head_.chunked) {
    fail("the answer's Transfer-Encoding is empty");
    return false;
  }
  // Both framings at once is how requests are smuggled: the chunked one is read, as RFC 9112
  // says, and the connection is not used again.
  if (head_.chunked && length) head_.keep_alive = false;
  if (!head_.chunked) head_.content_length = length;
  return true;
}

std::size_t ResponseParser::read_line(std::string_view data, std::string& line, std::size_t limit) {
  const std::size_t newline = data.find('\n');
  const std::size_t take = newline == std::string_view::npos ? data.size() : newline + 1;
  if (line.size() + take > limit) {
    fail("the answer's chunked framing is malformed");
    return take;
  }
  line.append(data.substr(0, take));
  return take;
}

std::size_t ResponseParser::read_body(std::string_view data, std::uint64_t wanted) {
  const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), wanted));
  if (body_.size() + take > max_body_) {
    fail("the answer is more than " + limit_text());
    return take;
  }
  body_.append(data.substr(0, take));
  if (phase_ != Phase::body_to_close) remaining_ -= take;
  return take;
}

std::string ResponseParser::limit_text() const {
  return "the " + std::to_string(max_body_ / kMiB) + " MiB accepted";
}

void ResponseParser::fail(std::string why) {
  state_ = State::failed;
  error_ = std::move(why);
}

void ResponseParser::complete() {
  state_ = State::done;
}

}  // namespace pve::http1
