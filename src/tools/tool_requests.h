// Which Proxmox requests each tool sends, and the privileges Proxmox checks for them beyond the
// schema's own check: what a least-privilege role is computed from (tool_privileges.h).
#pragma once

#include <string_view>
#include <vector>

namespace tools {

// A privilege on an ACL path template: {"VM.Config.Disk", "/vms/{vmid}"}.
struct Need {
  std::string_view privilege;
  std::string_view path;
};

// One request, "METHOD /schema/path/template", and what Proxmox's code checks besides the
// schema's `check` (its permission description, per-key checks of config writes). A need that
// names one privilege of a schema's "any of" list on the same path stands for that list.
struct ToolRequest {
  std::string_view request;
  std::vector<Need> needs = {};
};

struct ToolRequests {
  std::string_view tool;
  std::vector<ToolRequest> requests;
};

// Every tool but proxmox_api_call (it sends what it is asked to), in no particular order. A
// tool that follows its own task reads the task's status and log, which its owner may always do:
// those reads are not listed. tests/integration checks that every request a tool sends to
// pve-sim is in its entry.
const std::vector<ToolRequests>& tool_requests();

// The entry of `tool`, or null.
const ToolRequests* requests_of(std::string_view tool);

}  // namespace tools
