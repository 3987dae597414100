// The HTTP/1.1 response parser (pve/http1_response.h) over any bytes a server may send. The
// input's first byte sets the size of the pieces the rest arrives in, its second whether the
// connection ends after it. Promises checked: feed() takes at most what it is given and nothing
// once the answer is done or failed; the body never exceeds its limit; the answer read in pieces
// is the answer read at once (state, status, reason, framing, body, error, and the bytes taken
// by an answer that did not fail).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "pve/http1_response.h"

namespace {

using pve::http1::ResponseParser;

constexpr std::size_t kMaxBody = 4096;

struct Outcome {
  ResponseParser::State state;
  int status;
  std::string reason;
  bool keep_alive;
  bool chunked;
  std::string body;
  std::string error;
  std::size_t taken;

  bool operator==(const Outcome&) const = default;
};

Outcome read(std::string_view text, std::size_t piece, bool closed) {
  ResponseParser parser(kMaxBody);
  std::size_t taken = 0;
  for (std::size_t at = 0; at < text.size(); at += piece) {
    const std::string_view part = text.substr(at, piece);
    const bool open = parser.state() == ResponseParser::State::need_more;
    const std::size_t used = parser.feed(part);
    fuzz::check(used <= part.size(), "feed() takes at most what it is given", text);
    fuzz::check(open || used == 0, "feed() takes nothing once the answer is over", text);
    fuzz::check(parser.body().size() <= kMaxBody, "the body keeps within its limit", text);
    taken += used;
  }
  if (closed) parser.end_of_input();
  fuzz::check(parser.state() != ResponseParser::State::failed || !parser.error().empty(),
              "a failure says why", text);
  // After a failure the connection is dropped: how much of it was taken does not matter.
  if (parser.state() == ResponseParser::State::failed) taken = 0;
  return {
      parser.state(),        parser.head().status, parser.head().reason, parser.head().keep_alive,
      parser.head().chunked, parser.body(),        parser.error(),       taken};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t piece = 1 + data[0] % 16;
  const bool closed = (data[1] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  const Outcome whole = read(text, text.empty() ? 1 : text.size(), closed);
  const Outcome pieces = read(text, piece, closed);
  fuzz::check(whole == pieces, "the answer read in pieces is the answer read at once", text);
  return 0;
}
