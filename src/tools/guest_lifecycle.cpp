// The lifecycle area: clone, resize and delete, each for VMs and containers.
#include "tools/guest_lifecycle.h"

#include "tools/areas.h"

namespace tools {

std::vector<mcp::Tool> lifecycle_tools(pve::Api& api, const policy::Policy& policy) {
  std::vector<mcp::Tool> tools;
  for (auto make : {clone_spec, resize_spec, delete_spec}) {
    for (GuestType type : {GuestType::kQemu, GuestType::kLxc}) {
      tools.push_back(write_tool(make(api, type), policy));
    }
  }
  return tools;
}

}  // namespace tools
