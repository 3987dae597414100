// The simulator's TLS identity: a fresh self-signed EC P-256 certificate made at start.
#pragma once

#include "ossl/openssl.h"

#include <memory>
#include <string>

namespace pvesim {

class TlsIdentity {
 public:
  // CN=pve-sim, SAN DNS:localhost and IP:127.0.0.1; throws std::runtime_error on failure.
  static TlsIdentity generate();

  [[nodiscard]] EVP_PKEY* key() const { return key_.get(); }
  [[nodiscard]] X509* certificate() const { return cert_.get(); }
  // SHA-256 over the DER certificate as uppercase colon-separated hex ("AB:CD:...").
  [[nodiscard]] std::string fingerprint_sha256() const;
  [[nodiscard]] std::string certificate_pem() const;

 private:
  struct KeyFree {
    void operator()(EVP_PKEY* k) const { ossl::openssl().EVP_PKEY_free(k); }
  };
  struct CertFree {
    void operator()(X509* c) const { ossl::openssl().X509_free(c); }
  };
  std::unique_ptr<EVP_PKEY, KeyFree> key_;
  std::unique_ptr<X509, CertFree> cert_;
};

// Uppercase colon hex of SHA-256 over a certificate's DER encoding.
std::string certificate_fingerprint(X509* cert);

}  // namespace pvesim
