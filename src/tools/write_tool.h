// Write-tool assembly: policy gating (basic vs elevated mode) around a guarded handler.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "tools/args.h"
#include "tools/handler.h"

namespace tools {

struct WriteSpec {
  std::string name, title, description;
  nlohmann::json input_schema;
  std::string_view output_schema;  // JSON text, parsed once by write_tool
  mcp::Annotations annotations;    // read_only is forced to false
  std::string privilege;           // the Proxmox privilege it needs, e.g. "VM.PowerMgmt"
  ToolBody body;
  // Addition: the tool starts a Proxmox task and reports it with task_result() (task_follow.h);
  // the task fields (upid, node, status, …) are merged into the output schema so the tool's own
  // schema text lists only its own fields.
  bool follows_task = false;
  // Addition: the tool acts on one guest of this type and reports it with GuestTarget::fields();
  // node, vmid and type are merged into the output schema the same way.
  std::optional<GuestType> guest;
};

// Listed per policy.listed(); a call that policy.allowed() refuses answers isError with
// policy.refusal() before anything reaches Proxmox. Unlisted tools stay callable so that a
// model (or person) calling one learns how to enable it.
mcp::Tool write_tool(WriteSpec spec, const policy::Policy& policy);

// Annotations for a tool that changes state: never read-only, always closed world.
mcp::Annotations write_annotations(bool destructive, bool idempotent);

}  // namespace tools
