#include "mcp/stdio_transport.h"

#include <istream>
#include <ostream>
#include <streambuf>
#include <string>

namespace mcp {

StdioTransport::StdioTransport(std::istream& in, std::ostream& out, std::size_t max_message_bytes)
    : in_(in), out_(out), max_message_bytes_(max_message_bytes) {}

std::optional<InboundMessage> StdioTransport::receive() {
  std::streambuf* buf = in_.rdbuf();
  while (buf != nullptr) {
    InboundMessage message;
    std::size_t length = 0;
    bool saw_any = false;
    for (;;) {
      const int c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) break;
      saw_any = true;
      if (c == '\n') break;
      ++length;
      if (length <= max_message_bytes_) {
        message.text.push_back(static_cast<char>(c));
      } else if (message.oversized_bytes == 0) {
        message.text.clear();
        message.text.shrink_to_fit();
        message.oversized_bytes = length;
      }
    }
    if (!saw_any) return std::nullopt;  // EOF
    if (message.oversized_bytes > 0) {
      message.oversized_bytes = length;
      return message;
    }
    if (!message.text.empty() && message.text.back() == '\r') message.text.pop_back();
    if (message.text.find_first_not_of(" \t") == std::string::npos) continue;  // blank line
    return message;
  }
  return std::nullopt;
}

bool StdioTransport::send(const std::string& message) {
  std::lock_guard lock(write_mutex_);
  out_ << message << '\n';
  out_.flush();
  return static_cast<bool>(out_);
}

}  // namespace mcp
