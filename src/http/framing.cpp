#include "http/framing.h"

namespace http {

namespace {

constexpr size_t kMaxChunkLine = 1024;

// Digits only, at most 15 of them: no sign, no space, nothing that overflows.
std::optional<size_t> decimal(const std::string& text) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(text);
}

Body body_of(SocketStream::Read r) {
  return r == SocketStream::Read::kTimeout ? Body::kTimeout : Body::kBroken;
}

}  // namespace

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool parse_fields(const std::string& head, size_t pos, Headers& out) {
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    const std::string line = head.substr(pos, next - pos);
    pos = next + 2;
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    // A field without a name, or with space before its colon, could be read two ways.
    if (colon == std::string::npos || colon == 0 || line[colon - 1] == ' ' ||
        line[colon - 1] == '\t') {
      return false;
    }
    out.emplace_back(lower_ascii(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return true;
}

std::optional<BodyFraming> body_framing(const Headers& headers) {
  const std::string* length = nullptr;
  const std::string* coding = nullptr;
  for (const auto& [name, value] : headers) {
    const std::string** slot = name == "content-length"      ? &length
                               : name == "transfer-encoding" ? &coding
                                                             : nullptr;
    if (slot == nullptr) continue;
    // Framing fields sent twice could be read two ways (by a proxy in between and by us).
    if (length != nullptr || coding != nullptr) return std::nullopt;
    *slot = &value;
  }
  BodyFraming framing;
  if (coding != nullptr) {
    // Only "chunked" is understood.
    if (lower_ascii(*coding) != "chunked") return std::nullopt;
    framing.chunked = true;
  } else if (length != nullptr) {
    framing.length = decimal(*length);
    if (!framing.length) return std::nullopt;
  }
  return framing;
}

Body read_chunked(SocketStream& stream, std::string& body, size_t max_body,
                  SocketStream::Clock::time_point deadline) {
  std::string line;
  while (true) {
    if (const auto r = stream.read_line(line, kMaxChunkLine, deadline);
        r != SocketStream::Read::kOk)
      return body_of(r);
    const std::string size_text = trim(line.substr(0, line.find(';')));
    if (size_text.empty() || size_text.size() > 15 ||
        size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      return Body::kBroken;
    }
    const size_t size = std::stoull(size_text, nullptr, 16);
    if (size == 0) {
      while (true) {
        const auto r = stream.read_line(line, kMaxChunkLine, deadline);
        if (r != SocketStream::Read::kOk) return body_of(r);
        if (line.empty()) return Body::kComplete;
      }
    }
    if (body.size() + size > max_body) return Body::kTooLarge;
    if (const auto r = stream.read_exact(size, body, deadline); r != SocketStream::Read::kOk)
      return body_of(r);
    if (const auto r = stream.read_line(line, kMaxChunkLine, deadline);
        r != SocketStream::Read::kOk || !line.empty()) {
      return r == SocketStream::Read::kOk ? Body::kBroken : body_of(r);
    }
  }
}

}  // namespace http
