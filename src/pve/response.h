// Turning a Proxmox HTTP answer into data or into an actionable pve::Error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pve/error.h"

namespace pve {

// What a request was, for error texts (never holds the token secret).
struct RequestInfo {
  std::string method;    // GET, POST, PUT, DELETE
  std::string path;      // "/nodes/pve1/qemu", as sent (percent-encoded)
  std::string endpoint;  // "host:port"
  std::string token_id;  // "user@realm!name"
};

// Real answers nest a handful of levels; the limit only stops hostile input.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct HttpReply {
  int status = 0;
  std::string reason;  // the status line's reason phrase; PVE puts its message there
  std::string body;
};

// The envelope of a 2xx answer ({"data": …, …}); kProtocol when it is not a JSON object with
// `data`, or nests deeper than any real answer. `secret` is redacted from the excerpt of a body
// that is not JSON.
nlohmann::json parse_envelope(const RequestInfo& request, const HttpReply& reply,
                              std::string_view secret);

// The error for a non-2xx answer. Proxmox's texts in it are bounded (about 1,000 bytes each);
// the caller redacts the secret from `reply` first.
Error http_error(const RequestInfo& request, const HttpReply& reply);

// The node name when the answer says the node in the request does not exist (596 "no such
// cluster node", 500 "hostname lookup 'x' failed"); the caller then lists the cluster's nodes.
std::optional<std::string> unknown_node(const RequestInfo& request, const HttpReply& reply);

// "node 'PVE1' not found; cluster nodes: pve1, pve2 (did you mean 'pve1'?)". `cluster_nodes`
// is nullopt when they could not be listed.
Error node_not_found(const std::string& node,
                     const std::optional<std::vector<std::string>>& cluster_nodes,
                     const HttpReply& reply);

// The same error when the cluster's node list (GET /nodes) shows `node` missing, for a tool that
// filters a cluster-wide answer by node: Proxmox never sees the name, so it cannot refuse it.
// status() is 0, as no answer was an error.
Error node_not_found(const std::string& node, const std::vector<std::string>& cluster_nodes);

// The cluster node that best matches a mistyped name: same name in another case, or the short
// name of an FQDN. nullopt when none matches.
std::optional<std::string> suggest_node(const std::string& node,
                                        const std::vector<std::string>& cluster_nodes);

// The node a request path addresses ("/nodes/pve3/qemu" → "pve3"), decoded; "" when none.
std::string node_of_path(const std::string& path);

}  // namespace pve
