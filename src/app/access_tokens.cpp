#include "app/access_tokens.h"

#include <ostream>
#include <sstream>

#include "bytes/hex.h"
#include "bytes/random.h"

namespace app {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_digest(const std::string& text, mcp::BearerTokens::Digest& digest) {
  if (text.size() != digest.size() * 2) return false;
  for (std::size_t i = 0; i < digest.size(); ++i) {
    const int hi = hex_value(text[2 * i]);
    const int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    digest[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '@';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string scope_problem(const std::string& scope) {
  if (scope == "all" || scope == "read-only") return "";
  static const std::string kToolsets = "toolsets=";
  if (scope.rfind(kToolsets, 0) == 0 && scope.size() > kToolsets.size()) return "";
  return "scope '" + scope + "' is not all, read-only or toolsets=NAME[,NAME...]";
}

AccessTokensFile parse_access_tokens(const std::string& text) {
  AccessTokensFile file;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string at = "line " + std::to_string(number) + ": ";
    std::istringstream words(line.substr(0, line.find('#')));
    AccessToken token;
    std::string digest;
    std::string extra;
    if (!(words >> token.name)) continue;  // blank or comment
    if (!(words >> token.scope >> token.salt >> digest) || (words >> extra)) {
      file.problem = at + "expected NAME SCOPE SALT SHA256 (as `proxmox-mcp auth-token` prints)";
      return file;
    }
    if (!valid_name(token.name)) {
      file.problem = at + "the name may hold letters, digits and - _ . @ (at most 64)";
      return file;
    }
    if (std::string problem = scope_problem(token.scope); !problem.empty()) {
      file.problem = at + problem;
      return file;
    }
    if (token.salt.size() < 16) {
      file.problem = at + "the salt is shorter than 16 characters";
      return file;
    }
    if (!parse_digest(digest, token.digest)) {
      file.problem = at + "the digest is not 64 hex digits (SHA-256)";
      return file;
    }
    for (const AccessToken& other : file.tokens) {
      if (other.name == token.name) {
        file.problem = at + "the name '" + token.name + "' is used twice";
        return file;
      }
    }
    file.tokens.push_back(std::move(token));
  }
  return file;
}

int run_auth_token(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // args[0] is "auth-token".
  if (args.size() >= 2 && (args[1] == "--help" || args[1] == "-h")) {
    out << "Usage: proxmox-mcp auth-token NAME [SCOPE] >> TOKENS_FILE\n\n"
           "Makes a random access token for the HTTP transport. The line for the file that\n"
           "MCP_AUTH_TOKENS (--auth-tokens) names goes to stdout: the token's name, scope, a\n"
           "salt and the SHA-256 of salt and token, so the file never holds the token. The\n"
           "token itself goes to stderr, once: give it to the client as\n"
           "'Authorization: Bearer TOKEN'.\n\n"
           "SCOPE: all (default: the server's tools), read-only (the tools of basic mode,\n"
           "whatever the server's mode) or toolsets=NAME[,NAME...] (the server's tools of\n"
           "those toolsets).\n";
    return 0;
  }
  if (args.size() < 2 || args.size() > 3) {
    err << "proxmox-mcp auth-token: expected NAME [SCOPE] (see --help)\n";
    return 2;
  }
  const std::string& name = args[1];
  const std::string scope = args.size() == 3 ? args[2] : "all";
  if (!valid_name(name)) {
    err << "proxmox-mcp auth-token: the name may hold letters, digits and - _ . @ (at most 64)\n";
    return 2;
  }
  if (std::string problem = scope_problem(scope); !problem.empty()) {
    err << "proxmox-mcp auth-token: " << problem << "\n";
    return 2;
  }
  std::string token;
  std::string salt;
  mcp::BearerTokens::Digest digest{};
  try {
    token = bytes::random_hex(32);
    salt = bytes::random_hex(16);
    digest = mcp::BearerTokens::digest(salt, token);
  } catch (const std::exception& e) {  // no random bytes, or no OpenSSL to hash with
    err << "proxmox-mcp auth-token: " << e.what() << "\n";
    return 1;
  }
  out << name << ' ' << scope << ' ' << salt << ' ' << bytes::to_hex(digest) << '\n';
  err << "access token for " << name << " (shown once, not stored): " << token << '\n';
  return 0;
}

}  // namespace app
