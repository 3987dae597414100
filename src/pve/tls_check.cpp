#include "pve/tls_check.h"

#include <string_view>

#include "ossl/openssl.h"

#include "pve/curl_library.h"
#include "pve/error.h"
#include "pve/fingerprint.h"

namespace pve {

namespace {

std::string leaf_fingerprint(X509* leaf) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (leaf == nullptr) return "";
  const ossl::OpenSsl& ssl = ossl::openssl();
  if (ssl.X509_digest(leaf, ssl.EVP_sha256(), digest, &length) != 1) return "";
  return format_fingerprint(digest, length);
}

// Replaces OpenSSL's chain verification for this connection. Records the leaf fingerprint so
// that an error can show it; decides by the pin, or defers to the normal chain verification.
int verify_certificate(X509_STORE_CTX* store, void* arg) {
  auto* check = static_cast<TlsCheck*>(arg);
  check->presented = leaf_fingerprint(ossl::openssl().X509_STORE_CTX_get0_cert(store));
  if (check->mode == TlsMode::kPinned) {
    const bool matches = !check->presented.empty() && check->presented == check->expected;
    if (!matches) {
      check->pin_mismatch = true;
      ossl::openssl().X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
    }
    return matches ? 1 : 0;
  }
  return ossl::openssl().X509_verify_cert(store);
}

CURLcode install_verify_callback(CURL* /*curl*/, void* ssl_ctx, void* userptr) {
  // Called from inside libcurl, where no exception may pass; configure_tls loaded OpenSSL.
  try {
    ossl::openssl().SSL_CTX_set_cert_verify_callback(static_cast<SSL_CTX*>(ssl_ctx),
                                                     verify_certificate, userptr);
    return CURLE_OK;
  } catch (...) {
    return CURLE_SSL_CERTPROBLEM;
  }
}

// Loads OpenSSL before libcurl can call install_verify_callback, so that a missing libssl is a
// transport error here and never an exception inside libcurl.
void require_openssl() {
  try {
    (void)ossl::openssl();
  } catch (const ossl::Unavailable& e) {
    throw Error(ErrorKind::kTransport, 0, e.what(), e.what());
  }
}

}  // namespace

bool curl_uses_openssl() {
  const curl_version_info_data* info = curl().version_info(CURLVERSION_NOW);
  return info != nullptr && info->ssl_version != nullptr &&
         std::string_view(info->ssl_version).starts_with("OpenSSL/3");
}

CURLcode configure_tls(CURL* easy, TlsCheck* check) {
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl().easy_setopt(easy, option, value);
  };
  switch (check->mode) {
    case TlsMode::kInsecure:
      set(CURLOPT_SSL_VERIFYPEER, 0L);
      set(CURLOPT_SSL_VERIFYHOST, 0L);
      break;
    case TlsMode::kPinned:
      // Peer verification stays on so that OpenSSL calls our callback and honours its verdict;
      // no CA store is loaded (a host without one can still pin), and the host name is not
      // checked because the pin identifies the certificate exactly.
      set(CURLOPT_SSL_VERIFYPEER, 1L);
      set(CURLOPT_SSL_VERIFYHOST, 0L);
      set(CURLOPT_CAINFO, static_cast<const char*>(nullptr));
      set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
      require_openssl();
      set(CURLOPT_SSL_CTX_FUNCTION, install_verify_callback);
      set(CURLOPT_SSL_CTX_DATA, static_cast<void*>(check));
      break;
    case TlsMode::kVerify:
      set(CURLOPT_SSL_VERIFYPEER, 1L);
      set(CURLOPT_SSL_VERIFYHOST, 2L);
      if (!check->ca_file.empty()) set(CURLOPT_CAINFO, check->ca_file.c_str());
      // The callback only records the presented fingerprint for the error text.
      if (curl_uses_openssl()) {
        require_openssl();
        set(CURLOPT_SSL_CTX_FUNCTION, install_verify_callback);
        set(CURLOPT_SSL_CTX_DATA, static_cast<void*>(check));
      }
      break;
  }
  return rc;
}

}  // namespace pve
