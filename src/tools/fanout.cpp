#include "tools/fanout.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "pve/error.h"
#include "pve/response.h"
#include "tools/values.h"

namespace tools {
namespace {

// Enough to hide latency on a large cluster without opening a connection storm.
constexpr std::size_t kMaxParallel = 8;

}  // namespace

std::vector<NodeReply> get_per_node(pve::Api& api, const std::vector<NodeRequest>& requests) {
  std::vector<NodeReply> replies(requests.size());
  std::vector<std::exception_ptr> failures(requests.size());
  std::atomic<std::size_t> next{0};

  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
      const NodeRequest& req = requests[i];
      replies[i].node = req.node;
      try {
        replies[i].data = api.get(req.path, req.params);
      } catch (const pve::Error& e) {
        if (e.kind() == pve::ErrorKind::kNodeOffline) {
          replies[i].offline = true;
        } else {
          failures[i] = std::current_exception();
        }
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };

  std::size_t count = std::min(kMaxParallel, requests.size());
  if (count <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    threads.reserve(count);
    for (std::size_t t = 0; t < count; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
  return replies;
}

NodeNames list_nodes(pve::Api& api) {
  nlohmann::json nodes = api.get("/nodes");
  NodeNames names;
  if (!nodes.is_array()) return names;
  for (const auto& n : nodes) {
    std::string name = text_field(n, "node");
    if (name.empty()) continue;
    (text_field(n, "status") == "offline" ? names.offline : names.online).push_back(name);
  }
  std::sort(names.online.begin(), names.online.end());
  std::sort(names.offline.begin(), names.offline.end());
  return names;
}

void require_cluster_node(pve::Api& api, const nlohmann::json& resources, const std::string& node) {
  for (const auto& item : resources) {
    if (text_field(item, "node") == node) return;
  }
  require_known_node(api, node);
}

void require_known_node(pve::Api& api, const std::string& node) {
  NodeNames names = list_nodes(api);
  std::vector<std::string> all = std::move(names.online);
  all.insert(all.end(), names.offline.begin(), names.offline.end());
  if (std::find(all.begin(), all.end(), node) != all.end()) return;
  std::sort(all.begin(), all.end());
  throw pve::node_not_found(node, all);
}

bool worth_per_node_fallback(const pve::Error& error) {
  return error.status() != 0 && error.kind() != pve::ErrorKind::kAuth;
}

std::string offline_warning(const std::string& node, const std::string& consequence) {
  return "⚠️ Node " + node + " is offline: " + consequence;
}

std::vector<std::string> nodes_to_ask(pve::Api& api, const std::optional<std::string>& node,
                                      const std::string& consequence,
                                      std::vector<std::string>& warnings) {
  if (node) return {*node};
  NodeNames names = list_nodes(api);
  for (const auto& n : names.offline) warnings.push_back(offline_warning(n, consequence));
  return names.online;
}

}  // namespace tools
