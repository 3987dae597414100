// Injected faults ("KIND:SCOPE[:ARG]"): which requests they hit and what they do to them.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pvesim {

enum class FaultKind {
  kOffline,   // offline:NODE: the node is unreachable, proxied requests get 595
  kLatency,   // latency:SCOPE:MS: the answer comes MS milliseconds late
  kError,     // error:SCOPE[:MESSAGE]: 500 with MESSAGE (after authentication)
  kTruncate,  // truncate:SCOPE: the JSON body is cut in half (Content-Length matches the cut)
  kReset,     // reset:SCOPE: the connection is closed without an answer
  kCert,      // cert[:*]: new connections get a freshly generated certificate
};

struct Fault {
  FaultKind kind = FaultKind::kError;
  // "*" (every request), a method (GET POST PUT DELETE), a path pattern ("/nodes/{node}/qemu",
  // a prefix at segment boundaries where {x} matches one segment), or a node name, which
  // stands for the pattern "/nodes/NODE".
  std::string scope = "*";
  std::string arg;  // latency: milliseconds; error: the message
  int latency_ms = 0;

  [[nodiscard]] std::string spec() const;  // canonical "KIND:SCOPE[:ARG]"
  // Whether the fault hits `method` on `path` (the API path after /api2/json).
  [[nodiscard]] bool matches(const std::string& method, const std::string& path) const;
};

// Parses a fault spec; throws std::invalid_argument naming what is wrong.
Fault parse_fault(const std::string& spec);

// The help text listing the fault kinds (for --help and errors).
extern const char* const kFaultHelp;

// The active faults; thread-safe.
class FaultSet {
 public:
  void add(const Fault& fault);
  void clear();
  [[nodiscard]] std::vector<Fault> list() const;
  // The first fault of `kind` that hits the request.
  [[nodiscard]] std::optional<Fault> match(FaultKind kind, const std::string& method,
                                           const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
};

}  // namespace pvesim
