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
  kStatus,    // status:SCOPE:CODE[:MESSAGE]: HTTP CODE with PVE's error shape for it
  kHostile,   // hostile:SCOPE:WHAT: what a broken or malicious server might send instead
};

// What hostile:SCOPE:WHAT sends (after authentication, like kError).
enum class Hostile {
  kLongText,  // long-text[:CODE]: an error whose message is about 100,000 characters
  kDeepJson,  // deep-json: 200 {"data": followed by 1,000,000 '['
  kHugeUpid,  // huge-upid: POSTs answer a 100,000-character UPID, GET …/tasks lists one
  kHugeBody,  // huge-body: a valid 200 of 80 MiB
  kBinary,    // binary: 64 KiB of pseudo-random bytes with status 200
  kEchoAuth,  // echo-auth: 502 whose message repeats the request's Authorization header
};

struct Fault {
  FaultKind kind = FaultKind::kError;
  // "*" (every request), a method (GET POST PUT DELETE), a path pattern ("/nodes/{node}/qemu",
  // a prefix at segment boundaries where {x} matches one segment), or a node name, which
  // stands for the pattern "/nodes/NODE".
  std::string scope = "*";
  // latency: milliseconds; error: the message; status: CODE[:MESSAGE]; hostile: WHAT[:CODE]
  std::string arg;
  int latency_ms = 0;
  int status = 0;       // status: CODE; hostile long-text: the code whose message is long
  std::string message;  // status: MESSAGE (default "pve-sim: injected fault")
  Hostile hostile = Hostile::kLongText;

  [[nodiscard]] std::string spec() const;  // canonical "KIND:SCOPE[:ARG]"
  // Whether the fault hits `method` on `path` (the API path after /api2/json).
  [[nodiscard]] bool matches(const std::string& method, const std::string& path) const;
};

// The error an error, status or hostile long-text fault answers with. PVE's envelope rules:
// 401, 501 and the 59x proxy errors carry the text only in the reason phrase (reason_only);
// the rest also as the body {"data":null,"message":"MESSAGE\n"}.
struct InjectedError {
  int status = 500;
  std::string message;  // one line, without the trailing newline
  bool reason_only = false;
};
// Whether the fault answers with an error (injected_error) rather than a body (hostile_body).
[[nodiscard]] bool injects_error(const Fault& fault);
// `authorization`: the request's header, which echo-auth repeats.
[[nodiscard]] InjectedError injected_error(const Fault& fault,
                                           const std::string& authorization = "");

// The 200 body a hostile fault (other than long-text and echo-auth) sends for this request, or
// nullopt when the request is answered normally (huge-upid touches only POSTs and task lists).
[[nodiscard]] std::optional<std::string> hostile_body(const Fault& fault, const std::string& method,
                                                      const std::string& path);

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
