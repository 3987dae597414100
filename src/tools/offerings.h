// proxmox-mcp's prompts, resources and argument completions, built on its read tools.
#pragma once

#include "mcp/offerings.h"

namespace tools {

// Resources read through the client's own tools (so a scoped token reads only what its tools
// show), prompts for a health check, provisioning and permission diagnosis, and completers for
// node, vmid and storage arguments.
mcp::Offerings make_offerings();

}  // namespace tools
