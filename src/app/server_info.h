// What the server tells a client about itself: name, version and instructions for the model.
#pragma once

#include <string>
#include <vector>

#include "mcp/server.h"
#include "policy/policy.h"

namespace app {

// A cluster the server serves and the policy its tools follow; name "" when it is the only one.
struct ServedPolicy {
  std::string name;
  const policy::Policy* policy;
};

mcp::ServerInfo server_info(const policy::Policy& policy);
// Several clusters (the first named `default_name` is the one a call that names none acts on).
mcp::ServerInfo server_info(const std::vector<ServedPolicy>& clusters,
                            const std::string& default_name);

}  // namespace app
