#include "cluster_model.h"

#include "cluster_handlers.h"
#include "cluster_pools.h"
#include "cluster_request.h"
#include "cluster_seed.h"
#include "state_dump.h"

namespace pvesim {
namespace {

bool is_node_path(const std::string& template_path) {
  return template_path.rfind("/nodes/{node}", 0) == 0;
}

}  // namespace

SimClusterModel::SimClusterModel(const std::string& seed, int task_ms, Clock clock)
    : seed_(seed), state_(std::move(clock)) {
  state_.task_ms = task_ms;
  seed_cluster(state_, seed);
  // state_ never moves, and reset() keeps `access`, so the lookup stays valid.
  state_.access.set_pool_members([this] { return pool_member_paths(state_); });
}

ApiResponse SimClusterModel::handle(const ApiRequest& request) {
  std::lock_guard lock(mutex_);
  try {
    state_.tasks.advance();
    Handler handler = find_handler(request.method, request.template_path);
    if (handler == nullptr) return not_implemented(request);
    if (is_node_path(request.template_path)) {
      // pveproxy forwards to the node in the path (proxyto: node).
      const std::string name = param_string(request, "node").value_or("");
      const Node* node = state_.find_node(name);
      if (node == nullptr) {
        return ApiResponse::error(500, "hostname lookup '" + name +
                                           "' failed - failed to get address info for: " + name +
                                           ": Name or service not known\n");
      }
      if (!node->online) return ApiResponse::error(595, "No route to host");
    }
    return handler(state_, request);
  } catch (const std::exception& error) {
    return ApiResponse::error(500, std::string("pve-sim internal error: ") + error.what() + "\n");
  }
}

NodeState SimClusterModel::node_state(const std::string& node) const {
  std::lock_guard lock(mutex_);
  const Node* found = state_.find_node(node);
  if (found == nullptr) return NodeState::kUnknown;
  return found->online ? NodeState::kOnline : NodeState::kOffline;
}

void SimClusterModel::set_node_offline(const std::string& node, bool offline) {
  std::lock_guard lock(mutex_);
  // Unreachable, not rebooted: the node keeps its guests and uptime while it is away.
  if (Node* found = state_.find_node(node)) found->online = !offline;
}

bool SimClusterModel::has_privilege(const std::string& auth_id, const std::string& acl_path,
                                    const std::string& privilege) const {
  std::lock_guard lock(mutex_);
  return state_.access.has_privilege(auth_id, acl_path, privilege);
}

bool SimClusterModel::token_valid(const std::string& token_id, const std::string& secret) const {
  std::lock_guard lock(mutex_);
  return state_.access.token_valid(token_id, secret);
}

std::string SimClusterModel::token_secret(const std::string& token_id) const {
  std::lock_guard lock(mutex_);
  return state_.access.token_secret(token_id);
}

std::vector<std::string> SimClusterModel::node_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& node : state_.nodes) names.push_back(node.name);
  return names;
}

std::vector<std::string> SimClusterModel::user_ids() const {
  std::lock_guard lock(mutex_);
  return state_.access.user_ids();
}

Json SimClusterModel::dump_state() const {
  std::lock_guard lock(mutex_);
  Json out = dump_cluster_state(state_);
  out["seed"] = seed_;
  return out;
}

bool SimClusterModel::reset() {
  std::lock_guard lock(mutex_);
  // Credentials survive so clients stay logged in; the seed is rebuilt in place because
  // task callbacks may refer to state_.
  AccessControl access = std::move(state_.access);
  Clock clock = state_.clock;
  const int task_ms = state_.task_ms;
  state_ = ClusterState(clock);
  state_.task_ms = task_ms;
  seed_cluster(state_, seed_);
  state_.access = std::move(access);
  return true;
}

std::unique_ptr<SimClusterModel> make_sim_cluster_model(const std::string& seed, int task_ms,
                                                        Clock clock) {
  return std::make_unique<SimClusterModel>(seed, task_ms, std::move(clock));
}

std::unique_ptr<ClusterModel> make_cluster_model(const std::string& seed, int task_ms) {
  return make_sim_cluster_model(seed, task_ms, system_clock());
}

}  // namespace pvesim
