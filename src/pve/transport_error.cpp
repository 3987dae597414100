#include "pve/transport_error.h"

namespace pve {

namespace {

constexpr const char* kTlsAdvice =
    "set PROXMOX_FINGERPRINT to the value shown in the Proxmox UI under Node → System → "
    "Certificates, or PROXMOX_CA_FILE to the CA that signed the certificate, or "
    "PROXMOX_INSECURE_TLS=true to skip verification";

Error tls_error(const RequestInfo& request, const TransportFailure& failure, const TlsCheck& tls) {
  if (tls.pin_mismatch) {
    std::string expected = tls.expected;
    if (expected.find(',') != std::string::npos) {
      std::string list;
      for (char c : expected) list += c == ',' ? std::string(", ") : std::string(1, c);
      expected = "one of " + list;
    }
    return Error(ErrorKind::kTls, 0, failure.detail,
                 "the TLS certificate of " + request.endpoint +
                     " does not match the pinned fingerprint: expected " + expected +
                     ", presented " + (tls.presented.empty() ? "none" : tls.presented) +
                     "; if the certificate was renewed, set PROXMOX_FINGERPRINT to the value "
                     "shown in the Proxmox UI under Node → System → Certificates");
  }
  if (failure.code == Failure::kCaFile) {
    return Error(ErrorKind::kTls, 0, failure.detail,
                 "cannot use the CA file '" + tls.ca_file + "' (" + failure.detail +
                     "); set PROXMOX_CA_FILE to a readable PEM file");
  }
  std::string presented;
  if (!tls.presented.empty()) {
    presented = "; the server presented the certificate with SHA-256 fingerprint " + tls.presented +
                " (compare it with the Proxmox UI before trusting it)";
  }
  return Error(ErrorKind::kTls, 0, failure.detail,
               "TLS verification of " + request.endpoint + " failed (" + failure.detail + ")" +
                   presented + "; " + kTlsAdvice);
}

Error timeout_error(const RequestInfo& request, const TransportFailure& failure) {
  if (failure.code == Failure::kConnectTimeout) {
    return Error(ErrorKind::kTimeout, 0, failure.detail,
                 "cannot connect to Proxmox at " + request.endpoint + " within " +
                     std::to_string(failure.connect_timeout_ms) + " ms (" + failure.detail + ")");
  }
  return Error(ErrorKind::kTimeout, 0, failure.detail,
               "Proxmox at " + request.endpoint + " did not answer " + request.method + " " +
                   request.path + " within " + std::to_string(failure.timeout_ms) + " ms (" +
                   failure.detail + ")");
}

}  // namespace

Error outcome_unknown(const Error& error) {
  Error unknown(error.kind(), error.status(), error.pve_message(),
                std::string(error.what()) + " — Proxmox may have applied it", error.errors());
  unknown.set_outcome_unknown(true);
  return unknown;
}

bool before_request(Failure code) {
  switch (code) {
    case Failure::kResolve:
    case Failure::kConnect:
    case Failure::kConnectTimeout:
    case Failure::kCaFile:
    case Failure::kTlsRefused:
    case Failure::kTlsBroken:
      return true;
    default:
      return false;
  }
}

namespace {

Error describe(const RequestInfo& request, const TransportFailure& failure, const TlsCheck& tls);

}  // namespace

Error transport_error(const RequestInfo& request, const TransportFailure& failure,
                      const TlsCheck& tls) {
  Error error = describe(request, failure, tls);
  if (request.method == "GET" || !failure.request_sent || before_request(failure.code)) {
    return error;
  }
  return outcome_unknown(error);
}

namespace {

Error describe(const RequestInfo& request, const TransportFailure& failure, const TlsCheck& tls) {
  switch (failure.code) {
    case Failure::kTlsRefused:
    case Failure::kCaFile:
      return tls_error(request, failure, tls);
    case Failure::kTlsBroken:
      return Error(ErrorKind::kTls, 0, failure.detail,
                   "TLS handshake with " + request.endpoint + " failed (" + failure.detail +
                       "); is this the Proxmox API port (8006)?");
    case Failure::kConnectTimeout:
    case Failure::kTimeout:
      return timeout_error(request, failure);
    case Failure::kResolve:
    case Failure::kConnect:
      return Error(ErrorKind::kTransport, 0, failure.detail,
                   "cannot connect to Proxmox at " + request.endpoint + " (" + failure.detail +
                       "); check PROXMOX_HOST and PROXMOX_PORT");
    case Failure::kTooLarge:
      return Error(ErrorKind::kProtocol, 0, failure.detail,
                   "Proxmox at " + request.endpoint + " sent an oversized response to " +
                       request.method + " " + request.path + " (" + failure.detail + ")");
    case Failure::kMalformed:
      return Error(ErrorKind::kProtocol, 0, failure.detail,
                   "Proxmox at " + request.endpoint + " sent a broken or truncated response to " +
                       request.method + " " + request.path + " (" + failure.detail + ")");
    case Failure::kBroken:
    case Failure::kNone:
      break;
  }
  return Error(ErrorKind::kTransport, 0, failure.detail,
               "the connection to Proxmox at " + request.endpoint + " failed during " +
                   request.method + " " + request.path + " (" + failure.detail + ")");
}

}  // namespace

bool retryable_for_get(Failure code) {
  return code == Failure::kConnect || code == Failure::kBroken || code == Failure::kTlsBroken;
}

}  // namespace pve
