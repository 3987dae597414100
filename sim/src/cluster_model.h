// The ClusterModel implementation: seeded state behind one mutex, routed to the handlers.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_clock.h"
#include "cluster_state.h"

namespace pvesim {

class SimClusterModel final : public ClusterModel {
 public:
  // Throws std::invalid_argument for an unknown seed.
  SimClusterModel(const std::string& seed, int task_ms, Clock clock);

  ApiResponse handle(const ApiRequest& request) override;
  NodeState node_state(const std::string& node) const override;
  void set_node_offline(const std::string& node, bool offline) override;
  bool has_privilege(const std::string& auth_id, const std::string& acl_path,
                     const std::string& privilege) const override;
  bool token_valid(const std::string& token_id, const std::string& secret) const override;
  std::string token_secret(const std::string& token_id) const override;
  std::vector<std::string> node_names() const override;
  // Tickets and the control endpoint (see api_types.h).
  std::vector<std::string> user_ids() const override;
  Json dump_state() const override;
  bool reset() override;

  // Runs `fn(ClusterState&)` under the model's lock: for write handlers that need more than
  // one step, and for tests that inspect or seed state directly.
  template <class Fn>
  auto with_state(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(state_);
  }

 private:
  mutable std::mutex mutex_;
  std::string seed_;
  ClusterState state_;
};

// make_cluster_model with an injected clock (milliseconds since the epoch).
std::unique_ptr<SimClusterModel> make_sim_cluster_model(const std::string& seed, int task_ms,
                                                        Clock clock);

}  // namespace pvesim
