// Turning a request that got no HTTP answer into an actionable pve::Error.
#pragma once

#include <string>

#include "pve/error.h"
#include "pve/https_connection.h"
#include "pve/response.h"
#include "pve/tls_check.h"

namespace pve {

struct TransportFailure {
  Failure code = Failure::kNone;
  std::string detail;  // the reason in a few words
  long connect_timeout_ms = 0;
  long timeout_ms = 0;
  bool request_sent = false;  // the request went out, whole or in part
};

// A POST, PUT or DELETE whose request went out is marked outcome_unknown, and its text says
// that Proxmox may have applied it.
Error transport_error(const RequestInfo& request, const TransportFailure& failure,
                      const TlsCheck& tls);

// `error` marked outcome_unknown, its text ending in " — Proxmox may have applied it".
Error outcome_unknown(const Error& error);

// A failure that happens before Proxmox can have read a request: resolving, connecting, the CA
// file, the TLS handshake.
bool before_request(Failure code);

// A GET may be sent again after this failure: the request never reached Proxmox or the
// connection broke (refused, reset, closed); never after a timeout or a TLS refusal.
bool retryable_for_get(Failure code);

}  // namespace pve
