// The PVE request pipeline: body rules, auth, routing, parameter merge, permissions, node
// proxying, schema validation, then the cluster model, in upstream's order (pve-api.md §2.4).
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "api_schema.h"
#include "api_types.h"
#include "http_message.h"
#include "pvesim/simulator.h"

namespace pvesim {

struct DispatcherOptions {
  int auth_failure_delay_ms = 0;  // real PVE delays every auth failure to about 3 s
  bool log_requests = false;      // one line per request on stderr
};

class ApiDispatcher {
 public:
  static constexpr size_t kMaxBody = 512 * 1024;  // pveproxy's limit
  // A long-running pve-sim keeps the newest requests only; the oldest tenth is dropped at the cap.
  static constexpr size_t kMaxRecorded = 100000;

  ApiDispatcher(const ApiSchema& schema, ClusterModel& model, DispatcherOptions options);

  HttpResponse handle(const HttpRequest& request);
  // The answer to a body over kMaxBody (the server sends it without reading the body).
  static HttpResponse too_large();

  [[nodiscard]] std::vector<RecordedRequest> requests() const;
  void clear_requests();
  void set_node_offline(const std::string& node, bool offline);
  [[nodiscard]] std::string token_secret(const std::string& token_id) const;

 private:
  HttpResponse dispatch(const HttpRequest& request, RecordedRequest& record);

  const ApiSchema& schema_;
  ClusterModel& model_;
  DispatcherOptions options_;
  mutable std::mutex model_mutex_;
  mutable std::mutex log_mutex_;
  std::vector<RecordedRequest> log_;
};

}  // namespace pvesim
