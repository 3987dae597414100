// Server certificate checking for libcurl+OpenSSL: system/CA-file verification or a SHA-256 pin.
#pragma once

#include <string>

#include <curl/curl.h>

namespace pve {

enum class TlsMode {
  kVerify,    // chain and host name checked against the system store or the CA file
  kPinned,    // only the leaf certificate's SHA-256 counts; chain and host name are irrelevant
  kInsecure,  // nothing is checked (explicit opt-out)
};

// Per curl handle: what to expect and what the last handshake presented. The verify callback
// writes into it, so one instance belongs to exactly one easy handle.
struct TlsCheck {
  TlsMode mode = TlsMode::kVerify;
  std::string ca_file;        // used in kVerify mode when not empty
  std::string expected;       // canonical fingerprint in kPinned mode
  std::string presented;      // leaf fingerprint seen in the last handshake ("" if none)
  bool pin_mismatch = false;  // the last handshake was refused because of the pin

  void reset_observation() {
    presented.clear();
    pin_mismatch = false;
  }
};

// Sets the TLS options of `curl` for `check` (which must outlive the handle). Returns the first
// failing curl code, CURLE_OK on success. Throws Error (kTransport) when OpenSSL, which the
// certificate callback runs in, cannot be loaded.
CURLcode configure_tls(CURL* curl, TlsCheck* check);

// True when libcurl uses OpenSSL 3, the one our certificate callback calls into (ossl/openssl.h
// loads libssl.so.3): certificate-hash pinning needs it.
bool curl_uses_openssl();

}  // namespace pve
