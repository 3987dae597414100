#include "http/tls_context.h"

#include "ossl/openssl.h"

#include <stdexcept>

namespace http {
namespace {

TlsContext new_context() {
  const ossl::OpenSsl& ssl = ossl::openssl();
  SSL_CTX* ctx = ssl.SSL_CTX_new(ssl.TLS_server_method());
  if (ctx == nullptr) throw std::runtime_error("cannot create a TLS context");
  ssl.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, nullptr);
  return TlsContext(ctx, ssl.SSL_CTX_free);
}

// OpenSSL's last error as a sentence fragment, and its queue emptied.
std::string openssl_reason() {
  const ossl::OpenSsl& ssl = ossl::openssl();
  const unsigned long code = ssl.ERR_peek_last_error();
  ssl.ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ssl.ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown error";
}

}  // namespace

TlsContext make_tls_context(X509* certificate, EVP_PKEY* key) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  TlsContext ctx = new_context();
  if (ssl.SSL_CTX_use_certificate(ctx.get(), certificate) != 1 ||
      ssl.SSL_CTX_use_PrivateKey(ctx.get(), key) != 1 ||
      ssl.SSL_CTX_check_private_key(ctx.get()) != 1) {
    throw std::runtime_error("cannot load the TLS certificate: " + openssl_reason());
  }
  return ctx;
}

TlsContext load_tls_context(const std::string& certificate_file, const std::string& key_file) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  TlsContext ctx = new_context();
  if (ssl.SSL_CTX_use_certificate_chain_file(ctx.get(), certificate_file.c_str()) != 1) {
    throw std::runtime_error("cannot read the TLS certificate " + certificate_file + ": " +
                             openssl_reason());
  }
  BIO* file = ssl.BIO_new_file(key_file.c_str(), "r");
  EVP_PKEY* key =
      file != nullptr ? ssl.PEM_read_bio_PrivateKey(file, nullptr, nullptr, nullptr) : nullptr;
  if (file != nullptr) ssl.BIO_free(file);
  if (key == nullptr) {
    throw std::runtime_error("cannot read the TLS key " + key_file + ": " + openssl_reason());
  }
  const int used = ssl.SSL_CTX_use_PrivateKey(ctx.get(), key);
  ssl.EVP_PKEY_free(key);
  if (used != 1 || ssl.SSL_CTX_check_private_key(ctx.get()) != 1) {
    ssl.ERR_clear_error();
    throw std::runtime_error("the TLS key " + key_file + " does not belong to the certificate " +
                             certificate_file);
  }
  return ctx;
}

}  // namespace http
