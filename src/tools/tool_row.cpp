#include "tools/tool_row.h"

#include "tools/audited_call.h"
#include "tools/guest_write.h"
#include "tools/handler.h"
#include "tools/task_follow.h"

namespace tools {

std::string_view toolset_name(Toolset set) {
  switch (set) {
    case Toolset::inventory:
      return "inventory";
    case Toolset::tasks:
      return "tasks";
    case Toolset::lifecycle:
      return "lifecycle";
    case Toolset::snapshots:
      return "snapshots";
    case Toolset::backups:
      return "backups";
    case Toolset::disks:
      return "disks";
    case Toolset::network:
      return "network";
    case Toolset::exec:
      return "exec";
    case Toolset::create:
      return "create";
    case Toolset::remove:
      return "delete";
  }
  return "unknown";
}

namespace {

nlohmann::json output_schema(const About& about) {
  nlohmann::json output =
      about.output.empty() ? nlohmann::json() : nlohmann::json::parse(about.output);
  if ((about.reports & kGuestFields) != 0)
    output = with_guest_output(std::move(output), about.guest);
  if ((about.reports & kEitherType) != 0)
    output["properties"]["type"]["enum"] = {guest_type_name(GuestType::kQemu),
                                            guest_type_name(GuestType::kLxc)};
  if ((about.reports & kTaskFields) != 0) output = with_task_output(std::move(output));
  return output;
}

}  // namespace

policy::ToolMeta tool_meta(const About& about) {
  // A tool that asks the policy about each call (proxmox_api_call) is a read as a whole.
  const bool writes = !about.annotations.read_only && !about.policy_per_call;
  return {std::string(about.name), writes ? policy::Access::write : policy::Access::read,
          std::string(about.privileges), std::string(toolset_name(about.toolset))};
}

mcp::Tool make_tool(const Row& row, pve::Api& api,
                    const std::shared_ptr<const policy::Policy>& policy, const audit::Log* audit) {
  const About& about = row.about;
  mcp::ToolHandler handler = guarded([&api, run = row.run, about, policy, audit](
                                         const nlohmann::json& args, mcp::CallContext& ctx) {
    const auto run_on = [&](pve::Api& target) {
      return run(Call{target, ctx, about.guest, policy.get()}, args);
    };
    if (audit == nullptr || !audited(about, args)) return run_on(api);
    return run_audited(*audit, about.name, args, ctx, api, run_on);
  });
  const policy::ToolMeta meta = tool_meta(about);
  const bool listed = policy->listed(meta);
  if (!policy->allowed(meta)) {
    // The settings are fixed for the server's lifetime, so the refusal is decided once.
    handler = [refusal = policy->refusal(meta), about, audit](const nlohmann::json& args,
                                                              mcp::CallContext& ctx) {
      if (audit == nullptr || !audited(about, args)) return mcp::ToolResult::error(refusal);
      return audited_refusal(*audit, about.name, args, ctx, refusal);
    };
  }
  mcp::Tool tool{std::string(about.name),
                 std::string(about.title),
                 std::string(about.description),
                 row.input,
                 output_schema(about),
                 about.annotations,
                 std::move(handler)};
  tool.listed = listed;
  return tool;
}

}  // namespace tools
