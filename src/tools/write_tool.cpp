#include "tools/write_tool.h"

#include "tools/guest_write.h"
#include "tools/task_follow.h"

namespace tools {

mcp::Annotations write_annotations(bool destructive, bool idempotent) {
  mcp::Annotations a;
  a.read_only = false;
  a.destructive = destructive;
  a.idempotent = idempotent;
  a.open_world = false;
  return a;
}

mcp::Tool write_tool(WriteSpec spec, const policy::Policy& policy) {
  policy::ToolMeta meta{spec.name, policy::Access::write, spec.privilege};
  nlohmann::json output =
      spec.output_schema.empty() ? nlohmann::json() : schema(spec.output_schema);
  if (spec.guest) output = with_guest_output(std::move(output), *spec.guest);
  if (spec.follows_task) output = with_task_output(std::move(output));
  mcp::Annotations annotations = spec.annotations;
  annotations.read_only = false;

  mcp::ToolHandler guarded_body = guarded(std::move(spec.body));
  mcp::ToolHandler handler;
  if (policy.allowed(meta)) {
    handler = std::move(guarded_body);
  } else {
    // The mode is fixed for the server's lifetime, so the refusal is decided once.
    handler = [refusal = policy.refusal(meta)](const nlohmann::json&, mcp::CallContext&) {
      return mcp::ToolResult::error(refusal);
    };
  }
  mcp::Tool tool{std::move(spec.name),        std::move(spec.title),
                 std::move(spec.description), std::move(spec.input_schema),
                 std::move(output),           annotations,
                 std::move(handler)};
  tool.listed = policy.listed(meta);
  return tool;
}

}  // namespace tools
