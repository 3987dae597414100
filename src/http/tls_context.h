// Server-side TLS settings: a certificate and its key, as an OpenSSL context connections share.
#pragma once

#include "ossl/openssl.h"

#include <memory>
#include <string>

namespace http {

using TlsContext = std::shared_ptr<SSL_CTX>;

// TLS 1.2 or newer with this certificate and key; throws std::runtime_error when they do not
// load or do not match.
TlsContext make_tls_context(X509* certificate, EVP_PKEY* key);

// The same from PEM files: `certificate_file` may hold the chain after the certificate.
// Throws std::runtime_error naming the file and OpenSSL's reason.
TlsContext load_tls_context(const std::string& certificate_file, const std::string& key_file);

}  // namespace http
