// Self-signed certificates made on the fly for the unit tests' local HTTPS server.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace pve_test {

struct TestCert {
  std::shared_ptr<X509> cert;
  std::shared_ptr<EVP_PKEY> key;
  std::string cert_pem;
  std::string fingerprint;  // SHA-256, "AB:CD:…" (what the Proxmox UI shows)
};

// A P-256 key and a self-signed certificate for `common_name` with the given subjectAltName
// entries ("DNS:localhost", "IP:127.0.0.1").
TestCert make_cert(const std::string& common_name, const std::vector<std::string>& alt_names);

// Writes `text` to a fresh file under the temp directory and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

}  // namespace pve_test
