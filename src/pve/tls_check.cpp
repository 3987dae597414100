#include "pve/tls_check.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "pve/fingerprint.h"

namespace pve {

namespace {

// The slot of an SSL's ex_data that holds its TlsCheck (SSL_set_app_data's).
constexpr int kCheckSlot = 0;

std::string leaf_fingerprint(X509* leaf) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (leaf == nullptr) return "";
  const ossl::OpenSsl& ssl = ossl::openssl();
  if (ssl.X509_digest(leaf, ssl.EVP_sha256(), digest, &length) != 1) return "";
  return format_fingerprint(digest, length);
}

// Replaces OpenSSL's chain verification for every connection. Records the leaf fingerprint so
// that an error can show it; decides by the pin, by nothing (insecure), or by the normal chain
// and host name verification.
int verify_certificate(X509_STORE_CTX* store, void* /*unused*/) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  auto* connection = static_cast<SSL*>(
      ssl.X509_STORE_CTX_get_ex_data(store, ssl.SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* check = connection == nullptr
                    ? nullptr
                    : static_cast<TlsCheck*>(ssl.SSL_get_ex_data(connection, kCheckSlot));
  if (check == nullptr) return 0;
  check->presented = leaf_fingerprint(ssl.X509_STORE_CTX_get0_cert(store));
  switch (check->mode) {
    case TlsMode::kPinned: {
      const bool matches = pin_matches(check->expected, check->presented);
      if (!matches) {
        check->pin_mismatch = true;
        ssl.X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
      }
      return matches ? 1 : 0;
    }
    case TlsMode::kInsecure:
      return 1;
    case TlsMode::kVerify:
      break;
  }
  return ssl.X509_verify_cert(store);
}

// A host that is an IP address literal (brackets already removed): it gets no SNI.
bool is_ip_literal(const std::string& host) {
  return host.find(':') != std::string::npos ||
         host.find_first_not_of("0123456789.") == std::string::npos;
}

std::string openssl_reason(const ossl::OpenSsl& ssl) {
  const unsigned long code = ssl.ERR_peek_last_error();
  const char* reason = code == 0 ? nullptr : ssl.ERR_reason_error_string(code);
  return reason == nullptr ? "unknown TLS error" : reason;
}

}  // namespace

TlsContext make_client_context(const TlsCheck& check, std::string& problem) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  TlsContext context(ssl.SSL_CTX_new(ssl.TLS_client_method()), ssl.SSL_CTX_free);
  if (!context) {
    problem = openssl_reason(ssl);
    ssl.ERR_clear_error();
    return nullptr;
  }
  ssl.SSL_CTX_ctrl(context.get(), SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, nullptr);
  ssl.SSL_CTX_set_options(context.get(), SSL_OP_NO_RENEGOTIATION);
  // Verification stays on in every mode so that OpenSSL calls our callback and honours its
  // verdict; a pin or insecure mode loads no CA store (a host without one can still pin).
  ssl.SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  ssl.SSL_CTX_set_cert_verify_callback(context.get(), verify_certificate, nullptr);
  if (check.mode != TlsMode::kVerify) return context;
  const int loaded = check.ca_file.empty() ? ssl.SSL_CTX_set_default_verify_paths(context.get())
                                           : ssl.SSL_CTX_load_verify_locations(
                                                 context.get(), check.ca_file.c_str(), nullptr);
  if (loaded != 1) {
    problem = openssl_reason(ssl);
    ssl.ERR_clear_error();
    return nullptr;
  }
  // A CA file may name an intermediate or the node's own certificate: trusting it is enough,
  // as it was with libcurl.
  ssl.X509_VERIFY_PARAM_set_flags(ssl.SSL_CTX_get0_param(context.get()), X509_V_FLAG_PARTIAL_CHAIN);
  return context;
}

SSL* tls_handshake(SSL_CTX* context, int fd, const std::string& host, TlsCheck* check,
                   http::Deadline deadline, HandshakeFailure& failure, std::string& reason) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  ssl.ERR_clear_error();  // SSL_get_error reads the thread's queue: only this call's entries
  SSL* connection = ssl.SSL_new(context);
  const auto give_up = [&](HandshakeFailure why, std::string text) -> SSL* {
    failure = why;
    reason = std::move(text);
    ssl.ERR_clear_error();
    if (connection != nullptr) ssl.SSL_free(connection);
    return nullptr;
  };
  if (connection == nullptr) return give_up(HandshakeFailure::kBroken, openssl_reason(ssl));
  ssl.SSL_set_fd(connection, fd);
  ssl.SSL_set_ex_data(connection, kCheckSlot, check);
  if (!is_ip_literal(host)) {
    ssl.SSL_ctrl(connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str()));
  }
  // A name is checked against the certificate's DNS names, an address against its IP ones.
  if (check->mode == TlsMode::kVerify && ssl.SSL_set1_host(connection, host.c_str()) != 1) {
    return give_up(HandshakeFailure::kBroken, "cannot set the host name to verify");
  }
  // Non-blocking, so that the deadline bounds the whole handshake and not each read of it.
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = 0;
  int kind = SSL_ERROR_NONE;
  int error = 0;
  while (true) {
    errno = 0;
    rc = ssl.SSL_connect(connection);
    if (rc == 1) break;
    error = errno;
    kind = ssl.SSL_get_error(connection, rc);
    if (kind != SSL_ERROR_WANT_READ && kind != SSL_ERROR_WANT_WRITE) break;
    pollfd waiting{fd, static_cast<short>(kind == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
    const int ready = poll(&waiting, 1, http::millis_until(deadline));
    if (ready < 0 && errno != EINTR) {
      error = errno;
      kind = SSL_ERROR_SYSCALL;
      break;
    }
    if (ready == 0 && std::chrono::steady_clock::now() >= deadline) {
      fcntl(fd, F_SETFL, flags);
      return give_up(HandshakeFailure::kTimeout, "no TLS handshake in time");
    }
  }
  fcntl(fd, F_SETFL, flags);
  if (rc == 1) {
    // The check belongs to this attempt; a connection kept for later must not point at it (and
    // renegotiation, which would call the callback again, is off).
    ssl.SSL_set_ex_data(connection, kCheckSlot, nullptr);
    return connection;
  }
  const long verified = ssl.SSL_get_verify_result(connection);
  if (check->pin_mismatch || verified != X509_V_OK) {
    return give_up(HandshakeFailure::kRefused, std::string("SSL certificate problem: ") +
                                                   ssl.X509_verify_cert_error_string(verified));
  }
  if (kind == SSL_ERROR_SYSCALL) {
    return give_up(HandshakeFailure::kBroken,
                   error == 0 ? "the server closed the connection during the TLS handshake"
                              : std::string(std::strerror(error)));
  }
  return give_up(HandshakeFailure::kBroken, openssl_reason(ssl));
}

}  // namespace pve
