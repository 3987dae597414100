// Turning a libcurl failure (no HTTP answer) into an actionable pve::Error.
#pragma once

#include <string>

#include <curl/curl.h>

#include "pve/error.h"
#include "pve/response.h"
#include "pve/tls_check.h"

namespace pve {

struct TransportFailure {
  CURLcode code = CURLE_OK;
  std::string detail;  // curl's error buffer (or curl_easy_strerror when that is empty)
  long connect_timeout_ms = 0;
  long timeout_ms = 0;
};

Error transport_error(const RequestInfo& request, const TransportFailure& failure,
                      const TlsCheck& tls);

// A GET may be sent again after this failure: the request never reached Proxmox or the
// connection broke (refused, reset, closed); never after a timeout or a TLS refusal.
bool retryable_for_get(CURLcode code, const TlsCheck& tls);

}  // namespace pve
