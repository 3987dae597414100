// What the server tells a client about itself: name, version and instructions for the model.
#pragma once

#include "mcp/server.h"
#include "policy/policy.h"

namespace app {

mcp::ServerInfo server_info(const policy::Policy& policy);

}  // namespace app
