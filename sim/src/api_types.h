// The contract between the simulator's HTTP/schema layer and its cluster model.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pvesim {

using Json = nlohmann::json;

// A request that passed authentication, routing, permission and schema validation.
struct ApiRequest {
  std::string method;         // GET POST PUT DELETE
  std::string path;           // decoded path after /api2/json
  std::string template_path;  // the schema path it matched, e.g. /nodes/{node}/qemu/{vmid}/config
  Json params = Json::object();  // path + query + body merged; strings, or arrays of strings
  std::string auth_id;           // "root@pam!mcpserver"
};

struct ApiResponse {
  int status = 200;
  Json data;                  // envelope `data`
  std::optional<long> total;  // envelope `total` (task list, task log)
  std::string message;        // for errors: PVE's message (first line is the reason phrase)
  std::map<std::string, std::string> errors;  // for 400
  // A schema endpoint pve-sim does not model: answered as PVE answers a method it cannot serve,
  // and marked so (the X-Pve-Sim header), so that a test cannot mistake it for PVE's behaviour.
  bool not_simulated = false;

  static ApiResponse ok(Json d) {
    ApiResponse r;
    r.data = std::move(d);
    return r;
  }
  static ApiResponse error(int status, std::string msg) {
    ApiResponse r;
    r.status = status;
    r.message = std::move(msg);
    return r;
  }
};

// Node reachability as pveproxy sees it when it forwards a request (proxyto: node).
enum class NodeState { kOnline, kOffline, kUnknown };

// The stateful cluster. handle() is only called for requests that validated against the schema.
// The HTTP layer serializes every call into the model under one mutex (requests, and
// Simulator::set_node_offline), so implementations need no locking of their own; handle() should
// not block for long, since it holds up all other requests.
class ClusterModel {
 public:
  virtual ~ClusterModel() = default;
  virtual ApiResponse handle(const ApiRequest& request) = 0;
  virtual NodeState node_state(const std::string& node) const = 0;
  virtual void set_node_offline(const std::string& node, bool offline) = 0;
  // Privileges the token has on a path ("/vms/100"), for permission checks.
  virtual bool has_privilege(const std::string& auth_id, const std::string& acl_path,
                             const std::string& privilege) const = 0;
  // Token authentication: token_id is "user@realm!name".
  virtual bool token_valid(const std::string& token_id, const std::string& secret) const = 0;
  virtual std::string token_secret(const std::string& token_id) const = 0;  // "" if unknown

  // Added by the HTTP layer (additive, default provided): the names of all cluster nodes, so a
  // request for a wrongly-cased node ("PVE1") gets PVE's 596 "no such cluster node" instead of
  // the 500 DNS failure. Models should override it.
  virtual std::vector<std::string> node_names() const { return {}; }

  // Added by the HTTP layer for tickets and the control endpoint (additive). The defaults
  // describe a model without users, state dump or reset; the seeded model overrides them.
  // Users that may log in with a password (POST /access/ticket), e.g. "root@pam".
  virtual std::vector<std::string> user_ids() const { return {}; }
  // The whole state as JSON (GET /__sim/state), without secrets; null if not supported.
  virtual Json dump_state() const { return nullptr; }
  // Back to the seed, keeping users, tokens and their secrets; false if not supported.
  virtual bool reset() { return false; }
};

// Builds the seeded cluster ("small", "standalone", "empty", "large"); task_ms is each task's
// duration.
std::unique_ptr<ClusterModel> make_cluster_model(const std::string& seed, int task_ms);

}  // namespace pvesim
