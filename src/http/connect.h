// Outbound TCP: a host name resolved and connected to within a deadline.
#pragma once

#include <string>

#include "http/deadline.h"

namespace http {

struct Connected {
  enum class Failure { kNone, kResolve, kConnect, kTimeout };
  int fd = -1;  // owned by the caller; blocking, close-on-exec, TCP_NODELAY
  Failure failure = Failure::kNone;
  std::string reason;  // e.g. "Connection refused"; "" on success
};

// Resolves `host` (a name, or an IP address without brackets) and connects to its addresses in
// turn until one accepts. Name resolution counts against the deadline too: a resolver that
// hangs is left behind, not waited for.
Connected connect_tcp(const std::string& host, int port, Deadline deadline);

}  // namespace http
