// The scoped access tokens of the HTTP transport: the file that lists them (name, scope, salt and
// SHA-256 digest, never the token itself) and `proxmox-mcp auth-token`, which makes one.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "mcp/bearer_tokens.h"

namespace app {

struct AccessToken {
  std::string name;
  // "all" (the server's tools), "read-only" (the tools of basic mode, whatever the server's), or
  // "toolsets=a,b" (the server's tools of those toolsets).
  std::string scope;
  std::string salt;  // as written in the file: the hash covers these characters
  mcp::BearerTokens::Digest digest{};
};

struct AccessTokensFile {
  std::vector<AccessToken> tokens;
  std::string problem;  // "line N: why", or ""
};

// One token per line, "NAME SCOPE SALT SHA256-HEX"; blank lines and #comments are skipped.
AccessTokensFile parse_access_tokens(const std::string& text);

// "" when `scope` is one of the forms above (toolset names are checked by the caller's policy).
std::string scope_problem(const std::string& scope);

// `proxmox-mcp auth-token NAME [SCOPE]`: makes a random token, prints the line for the tokens
// file on `out` and the token itself, once, on `err` (so that `>> tokens` keeps only the hash).
int run_auth_token(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace app
