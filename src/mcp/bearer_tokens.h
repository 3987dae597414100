// Who a request comes from over HTTP: the bearer tokens the server accepts, kept only as salted
// SHA-256 digests and compared in constant time, each naming the tools its holder may use.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/tool_registry.h"

namespace mcp {

struct Principal {
  std::string name;                     // shown in logs; "anonymous" when no token is required
  const ToolRegistry* tools = nullptr;  // what this principal lists and may call
  // Which token it is (BearerTokens numbers them from 1; 0 is the anonymous principal): names
  // may repeat across sources, a session belongs to exactly one token.
  std::size_t id = 0;
};

class BearerTokens {
 public:
  using Digest = std::array<unsigned char, 32>;

  // SHA-256 over salt and token, as stored: the same function makes and checks a digest.
  static Digest digest(std::string_view salt, std::string_view token);

  // Accepts the token whose salted digest is `digest`, for `principal`.
  void add(std::string salt, Digest digest, Principal principal);
  // Accepts `token` itself (from MCP_AUTH_TOKEN): kept only as a digest with a random salt.
  void add_plain(std::string_view token, Principal principal);

  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // The principal whose token this is; every entry is compared, so the time taken does not
  // depend on which one (if any) matches or where the first difference lies.
  [[nodiscard]] std::optional<Principal> verify(std::string_view token) const;

 private:
  struct Entry {
    std::string salt;
    Digest digest;
    Principal principal;
  };
  std::vector<Entry> entries_;
};

}  // namespace mcp
