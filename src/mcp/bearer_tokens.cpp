#include "mcp/bearer_tokens.h"

#include "ossl/openssl.h"

#include <stdexcept>
#include <vector>

#include "bytes/random.h"

namespace mcp {

BearerTokens::Digest BearerTokens::digest(std::string_view salt, std::string_view token) {
  Digest out{};
  unsigned int length = 0;
  EVP_MD_CTX* ctx = ossl::openssl().EVP_MD_CTX_new();
  const bool ok =
      ctx != nullptr &&
      ossl::openssl().EVP_DigestInit_ex(ctx, ossl::openssl().EVP_sha256(), nullptr) == 1 &&
      ossl::openssl().EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 &&
      ossl::openssl().EVP_DigestUpdate(ctx, token.data(), token.size()) == 1 &&
      ossl::openssl().EVP_DigestFinal_ex(ctx, out.data(), &length) == 1;
  ossl::openssl().EVP_MD_CTX_free(ctx);
  if (!ok || length != out.size()) throw std::runtime_error("SHA-256 failed");
  return out;
}

void BearerTokens::add(std::string salt, Digest digest, Principal principal) {
  principal.id = entries_.size() + 1;
  entries_.push_back(Entry{std::move(salt), digest, std::move(principal)});
}

void BearerTokens::add_plain(std::string_view token, Principal principal) {
  std::string salt = bytes::random_hex(16);
  const Digest d = digest(salt, token);
  add(std::move(salt), d, std::move(principal));
}

std::optional<Principal> BearerTokens::verify(std::string_view token) const {
  std::optional<Principal> match;
  for (const Entry& e : entries_) {
    const Digest d = digest(e.salt, token);
    if (ossl::openssl().CRYPTO_memcmp(d.data(), e.digest.data(), d.size()) == 0 && !match)
      match = e.principal;
  }
  return match;
}

}  // namespace mcp
