// Server certificate checking on OpenSSL: system/CA-file verification or a SHA-256 pin.
#pragma once

#include <memory>
#include <string>

#include "http/deadline.h"
#include "ossl/openssl.h"

namespace pve {

enum class TlsMode {
  kVerify,    // chain and host name checked against the system store or the CA file
  kPinned,    // only the leaf certificate's SHA-256 counts; chain and host name are irrelevant
  kInsecure,  // nothing is checked (explicit opt-out)
};

// Per connection: what to expect and what its handshake presented. The verify callback writes
// into it, so one instance belongs to exactly one connection.
struct TlsCheck {
  TlsMode mode = TlsMode::kVerify;
  std::string ca_file;        // used in kVerify mode when not empty
  std::string expected;       // canonical fingerprint in kPinned mode
  std::string presented;      // leaf fingerprint seen in the handshake ("" if none)
  bool pin_mismatch = false;  // the handshake was refused because of the pin
};

using TlsContext = std::shared_ptr<SSL_CTX>;

// The client context for `check`'s mode and CA file, shared by the connections that use it:
// TLS 1.2 or newer, peer verification by our callback. Null, with `problem` set to OpenSSL's
// reason, when the CA file cannot be used. Throws ossl::Unavailable without OpenSSL.
TlsContext make_client_context(const TlsCheck& check, std::string& problem);

// Why a handshake failed.
enum class HandshakeFailure { kNone, kRefused, kTimeout, kBroken };

// Starts TLS on the connected, blocking socket `fd` for `host` (SNI and, in kVerify mode, the
// name or address the certificate must carry), done before `deadline`. `check` receives what
// the handshake saw and is not referred to afterwards. Null on failure, with `failure` and
// `reason` set.
SSL* tls_handshake(SSL_CTX* context, int fd, const std::string& host, TlsCheck* check,
                   http::Deadline deadline, HandshakeFailure& failure, std::string& reason);

}  // namespace pve
