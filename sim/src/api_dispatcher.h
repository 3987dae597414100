// The PVE request pipeline: body rules, auth, routing, parameter merge, permissions, node
// proxying, schema validation, then the cluster model, in upstream's order (pve-api.md §2.4).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "api_types.h"
#include "apischema/api_schema.h"
#include "fault_injection.h"
#include "http_message.h"
#include "pvesim/simulator.h"
#include "ticket_auth.h"

namespace pvesim {

struct DispatcherOptions {
  int auth_failure_delay_ms = 0;        // real PVE delays every auth failure to about 3 s
  bool log_requests = false;            // one line per request on stderr
  std::function<std::int64_t()> clock;  // ms since the epoch, for tickets; empty = system time
  bool loose_types = false;             // answers with the other real form of loose values
};

// The simulator's own endpoints under /__sim/ (outside /api2/json), reached only by root@pam
// (ticket) or a root@pam token: method, path ("/__sim/faults") and the merged parameters.
using ControlHandler =
    std::function<ApiResponse(const std::string& method, const std::string& path, const Json&)>;

// The decoded query string, in order and with repeated keys.
using QueryPairs = std::vector<std::pair<std::string, std::string>>;

class ApiDispatcher {
 public:
  static constexpr size_t kMaxBody = size_t{512} * 1024;  // pveproxy's limit
  // A long-running pve-sim keeps the newest requests only; the oldest tenth is dropped at the cap.
  static constexpr size_t kMaxRecorded = 100000;

  ApiDispatcher(const apischema::ApiSchema& schema, ClusterModel& model, DispatcherOptions options);

  HttpResponse handle(const HttpRequest& request);
  // The answer to a body over kMaxBody (the server sends it without reading the body).
  static HttpResponse too_large();

  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  void clear_requests();
  void set_node_offline(const std::string& node, bool offline);
  [[nodiscard]] std::string token_secret(const std::string& token_id) const;

  [[nodiscard]] TicketAuthority& tickets() { return tickets_; }
  [[nodiscard]] FaultSet& faults() { return faults_; }
  void set_control_handler(ControlHandler handler) { control_ = std::move(handler); }
  // Runs `fn(ClusterModel&)` under the lock that serializes the model.
  template <class Fn>
  auto with_model(Fn&& fn) {
    std::lock_guard lock(model_mutex_);
    return fn(model_);
  }

 private:
  struct Caller {
    std::string auth_id;  // "root@pam", "auditor@pve!ro"; "" when the method needs no auth
    bool token = false;
  };

  HttpResponse dispatch(const HttpRequest& request, RecordedRequest& record);
  // A /__sim/ request: root only; the handler runs without the model lock.
  HttpResponse control(const std::string& method, const std::string& path, const Caller& caller,
                       const Json& body_params, const QueryPairs& query_pairs,
                       std::unique_lock<std::mutex>& model_lock);
  // The answer of the first error, status or hostile fault that matches, if any.
  std::optional<HttpResponse> injected_answer(const HttpRequest& request, const std::string& path);
  HttpResponse call_api(const std::string& method, const std::string& path, const Caller& caller,
                        const Json& body_params, const QueryPairs& query_pairs,
                        std::unique_lock<std::mutex>& model_lock);
  // pveproxy's answer when the method's proxyto node is missing or unreachable.
  std::optional<HttpResponse> proxy_refusal(const apischema::MethodSchema& ms,
                                            const Json& params) const;
  // Token, then ticket (plus CSRF on writes); a 401 answer when neither holds.
  std::variant<Caller, HttpResponse> authenticate(const HttpRequest& request,
                                                  std::unique_lock<std::mutex>& model_lock);
  HttpResponse auth_failure(std::unique_lock<std::mutex>& model_lock, HttpResponse answer) const;
  // POST /access/ticket: a new ticket for a password or a still-valid ticket.
  HttpResponse issue_ticket(const Json& params, std::unique_lock<std::mutex>& model_lock);
  Json ticket_capabilities(const std::string& userid);

  const apischema::ApiSchema& schema_;
  ClusterModel& model_;
  DispatcherOptions options_;
  mutable std::mutex model_mutex_;
  mutable std::mutex log_mutex_;
  std::vector<RecordedRequest> log_;
  TicketAuthority tickets_;
  FaultSet faults_;
  ControlHandler control_;
};

}  // namespace pvesim
