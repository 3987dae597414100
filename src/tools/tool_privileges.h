// The privileges a tool needs: the schema's permission checks of the requests it sends
// (tool_requests.h) and what Proxmox's code checks besides.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tools {

struct Privilege {
  std::string name;  // "VM.PowerMgmt"
  std::string path;  // the ACL path template: "/vms/{vmid}", "/storage/{storage}", "/"
  auto operator<=>(const Privilege&) const = default;
};

// What `tool` needs, sorted and without repeats; empty for a tool that sends nothing needing a
// privilege, or that the table does not know (proxmox_api_call). Where the schema accepts any
// one of several privileges, none when the tool needs one of them anyway, else the first.
std::vector<Privilege> tool_privileges(std::string_view tool);

}  // namespace tools
