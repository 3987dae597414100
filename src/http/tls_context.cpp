#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace http {
namespace {

TlsContext new_context() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) throw std::runtime_error("cannot create a TLS context");
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  return TlsContext(ctx, SSL_CTX_free);
}

// OpenSSL's last error as a sentence fragment, and its queue emptied.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown error";
}

}  // namespace

TlsContext make_tls_context(X509* certificate, EVP_PKEY* key) {
  TlsContext ctx = new_context();
  if (SSL_CTX_use_certificate(ctx.get(), certificate) != 1 ||
      SSL_CTX_use_PrivateKey(ctx.get(), key) != 1 || SSL_CTX_check_private_key(ctx.get()) != 1) {
    throw std::runtime_error("cannot load the TLS certificate: " + openssl_reason());
  }
  return ctx;
}

TlsContext load_tls_context(const std::string& certificate_file, const std::string& key_file) {
  TlsContext ctx = new_context();
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), certificate_file.c_str()) != 1) {
    throw std::runtime_error("cannot read the TLS certificate " + certificate_file + ": " +
                             openssl_reason());
  }
  BIO* file = BIO_new_file(key_file.c_str(), "r");
  EVP_PKEY* key =
      file != nullptr ? PEM_read_bio_PrivateKey(file, nullptr, nullptr, nullptr) : nullptr;
  if (file != nullptr) BIO_free(file);
  if (key == nullptr) {
    throw std::runtime_error("cannot read the TLS key " + key_file + ": " + openssl_reason());
  }
  const int used = SSL_CTX_use_PrivateKey(ctx.get(), key);
  EVP_PKEY_free(key);
  if (used != 1 || SSL_CTX_check_private_key(ctx.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("the TLS key " + key_file + " does not belong to the certificate " +
                             certificate_file);
  }
  return ctx;
}

}  // namespace http
