// Per-node requests in parallel, tolerating offline nodes (HTTP 595/596) with a warning.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/api.h"
#include "pve/error.h"

namespace tools {

struct NodeRequest {
  std::string node;
  std::string path;
  pve::Params params;
};

struct NodeReply {
  std::string node;
  nlohmann::json data;  // the envelope's data; null when the node was offline
  bool offline = false;
};

// Runs every GET concurrently (a few at a time) and returns the replies in request order.
// A node that answers 595/596 gives an offline reply; any other failure is rethrown (the first,
// in request order) once all requests have finished.
std::vector<NodeReply> get_per_node(pve::Api& api, const std::vector<NodeRequest>& requests);

struct NodeNames {
  std::vector<std::string> online;   // sorted; includes nodes whose status is "unknown"
  std::vector<std::string> offline;  // sorted; /nodes says "offline", so no request is sent
};
// GET /nodes, split by status.
NodeNames list_nodes(pve::Api& api);

// For a tool that filters a /cluster/resources answer by `node`: Proxmox answers whatever the
// name, so a name no resource mentions is looked up in GET /nodes, and one that is not a
// cluster node throws pve::node_not_found (listing the nodes, suggesting the right spelling), as
// a request that named it would.
void require_cluster_node(pve::Api& api, const nlohmann::json& resources, const std::string& node);
// The same for a name no resource mentioned: GET /nodes decides.
void require_known_node(pve::Api& api, const std::string& node);

// Whether a failed cluster-wide request is worth repeating as per-node requests: it may fail for
// reasons they do not share (an old or restricted endpoint); an authentication or connection
// failure would only repeat.
bool worth_per_node_fallback(const pve::Error& error);

// "⚠️ Node pve3 is offline: <consequence>".
std::string offline_warning(const std::string& node, const std::string& consequence);

// The nodes a per-node listing asks: `node` when given, else every online node of GET /nodes,
// with a warning (offline_warning, ending in `consequence`) for each offline one.
std::vector<std::string> nodes_to_ask(pve::Api& api, const std::optional<std::string>& node,
                                      const std::string& consequence,
                                      std::vector<std::string>& warnings);

}  // namespace tools
