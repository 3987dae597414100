// pve::Error: every failure talking to Proxmox, with the facts a person needs to act on it.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace pve {

// What pve::Client produces, precisely (status() in brackets):
//  kNodeOffline: 595..599 from the node proxy [595..599], except 596 "no such cluster node";
//    tools skip such a node with a warning. what(): "node pve3 is offline or unreachable (…)".
//  kNotFound: 404; 500 "Configuration file 'nodes/N/qemu-server|lxc/ID.conf' does not exist"
//    (what(): "VM 999 not found on node pve1" / "CT …"); any other 5xx "… does not exist"; an
//    unknown node name (596 "no such cluster node", 500 "hostname lookup 'x' failed"; [0] when
//    the node list showed it missing), whose what() lists the cluster's nodes and suggests the
//    right spelling.
//  kBadRequest: 400 (errors() holds PVE's map), other 4xx, and a malformed UPID [0].
//  kTls / kTimeout / kTransport: no HTTP answer [0]; kProtocol: an answer that is not a JSON
//    envelope with `data`, truncated or oversized [0 or the HTTP status].
enum class ErrorKind {
  kTransport,       // connect/TLS/timeout/reset: no HTTP status (status == 0)
  kTls,             // certificate verification or fingerprint mismatch
  kTimeout,         // connect or total timeout
  kAuth,            // 401
  kPermission,      // 403
  kNotFound,        // a missing guest/config/snapshot/node ("does not exist") or 404
  kBadRequest,      // 400 parameter verification
  kNotImplemented,  // 501
  kNodeOffline,     // 595 / 596
  kServer,          // other 5xx
  kProtocol,        // malformed or unexpected response body
};

class Error : public std::runtime_error {
 public:
  // `what()` is the one-line, actionable sentence; never contains the token secret.
  Error(ErrorKind kind, int status, std::string pve_message, const std::string& actionable,
        std::map<std::string, std::string> errors = {})
      : std::runtime_error(actionable),
        kind_(kind),
        status_(status),
        pve_message_(std::move(pve_message)),
        errors_(std::move(errors)) {}

  [[nodiscard]] ErrorKind kind() const { return kind_; }
  [[nodiscard]] int status() const { return status_; }  // 0 for transport errors
  [[nodiscard]] const std::string& pve_message() const { return pve_message_; }  // as PVE said it
  [[nodiscard]] const std::map<std::string, std::string>& errors() const { return errors_; }
  // A POST, PUT or DELETE that reached Proxmox but whose answer was lost (timeout, cut
  // connection, unreadable body): Proxmox may have applied it, so it must not be repeated
  // blindly. what() says so.
  [[nodiscard]] bool outcome_unknown() const { return outcome_unknown_; }
  void set_outcome_unknown(bool unknown) { outcome_unknown_ = unknown; }

 private:
  ErrorKind kind_;
  int status_;
  std::string pve_message_;
  std::map<std::string, std::string> errors_;
  bool outcome_unknown_ = false;
};

}  // namespace pve
