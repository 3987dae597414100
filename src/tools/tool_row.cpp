#include "tools/tool_row.h"

#include "tools/audited_call.h"
#include "tools/catalog_rows.h"
#include "tools/confirm_gate.h"
#include "tools/dry_run.h"
#include "tools/guest_write.h"
#include "tools/handler.h"
#include "tools/scope_guard.h"
#include "tools/task_follow.h"
#include "tools/values.h"

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

nlohmann::json built_output_schema(const About& about) {
  nlohmann::json output =
      about.output.empty() ? nlohmann::json() : nlohmann::json::parse(about.output);
  if ((about.reports & kGuestFields) != 0)
    output = with_guest_output(std::move(output), about.guest);
  if ((about.reports & kEitherType) != 0)
    output["properties"]["type"]["enum"] = {guest_type_name(GuestType::kQemu),
                                            guest_type_name(GuestType::kLxc)};
  if ((about.reports & kTaskFields) != 0) output = with_task_output(std::move(output));
  if (!about.annotations.read_only) output = with_dry_run_output(std::move(output));
  return output;
}

bool needs_confirmation(const About& about, const nlohmann::json& args) {
  return about.confirm == Confirm::always ||
         (about.confirm == Confirm::with_force && args.value("force", false) == true);
}

// The guest a call names by `node` and `vmid`, if it does.
std::optional<GuestTarget> named_guest(const About& about, const nlohmann::json& args) {
  const std::string node = text_field(args, "node");
  const std::optional<std::int64_t> vmid = integer_field(args, "vmid");
  if (node.empty() || !vmid) return std::nullopt;
  return GuestTarget{node, about.guest, *vmid};
}

// Nothing when the call is confirmed (by a token, or the person approves it now); the tool's own
// answer when it would send nothing (a guest already stopped). Throws Unconfirmed otherwise.
std::optional<mcp::ToolResult> unconfirmed(const Row& row, pve::Api& api,
                                           const policy::Policy& policy, const nlohmann::json& args,
                                           mcp::CallContext& ctx,
                                           const ContainerShell* containers) {
  const std::string tool(row.about.name);
  Confirmation confirmation{.tool = tool, .call = canonical_call(tool, args)};
  const std::optional<GuestTarget> guest = named_guest(row.about, args);
  if (guest && !bind_to_guest(confirmation, api, *guest)) return std::nullopt;
  const std::optional<std::string> token = confirm_token(args);
  if (confirmed(confirmation, token, ctx)) return std::nullopt;
  DryRunApi dry(api);
  try {
    return row.run(Call{dry, ctx, row.about.guest, &policy, true, containers}, args);
  } catch (const WouldSend& request) {
    confirmation.impact = impact_lines(request, dry.config_at(request.path));
  }
  ask_person(confirmation, token.has_value(), ctx);
  return std::nullopt;
}

// One call of `row`'s tool, once the policy allowed the tool: the scope settings first, then
// the handler, against Proxmox or, for a dry run, against reads only; what cannot be undone
// once confirmed.
mcp::ToolResult run_call(const Row& row, pve::Api& api, const policy::Policy& policy, bool write,
                         const nlohmann::json& args, mcp::CallContext& ctx,
                         const ContainerShell* containers) {
  // proxmox_api_call judges the scope of each request itself, by the endpoint's schema.
  if (!row.about.policy_per_call) {
    enforce_scope(api, policy.scope(), reach_of(row.about, row.input.get(), write, args));
  }
  if (!row.about.annotations.read_only && wants_dry_run(args)) {
    DryRunApi dry(api);
    try {
      return row.run(Call{dry, ctx, row.about.guest, &policy, true, containers}, args);
    } catch (const WouldSend& request) {
      return dry_run_answer(request, dry);
    }
  }
  if (policy.confirms() && needs_confirmation(row.about, args)) {
    if (std::optional<mcp::ToolResult> answer =
            unconfirmed(row, api, policy, args, ctx, containers)) {
      return std::move(*answer);
    }
  }
  return row.run(Call{api, ctx, row.about.guest, &policy, false, containers}, args);
}

// The same tool for the other guest type ("proxmox_start_lxc" for "proxmox_start_vm"), if any.
std::string_view sibling_of(std::string_view name) {
  std::string other;
  if (name.ends_with("_vm")) {
    other = std::string(name.substr(0, name.size() - 3)) + "_lxc";
  } else if (name.ends_with("_lxc")) {
    other = std::string(name.substr(0, name.size() - 4)) + "_vm";
  } else {
    return {};
  }
  for (const Row& row : all_rows()) {
    if (row.about.name == other) return row.about.name;
  }
  return {};
}

LocatedTool located_tool(const Row& row, bool write) {
  LocatedTool tool{.name = row.about.name,
                   .lookup = row.lookup,
                   .type = row.about.guest,
                   .write = write,
                   .vmid_may_be_new = row.about.vmid_may_be_new,
                   .input = &row.input,
                   .sibling = {}};
  // A _vm or _lxc tool that still takes the Node.js server's `type` (proxmox_migrate_vm) acts on
  // its own type when it finds the guest: a container named to it is refused, not moved.
  if (tool.lookup == GuestLookup::kTypeArgument &&
      (row.about.name.ends_with("_vm") || row.about.name.ends_with("_lxc"))) {
    tool.lookup = GuestLookup::kRowType;
  }
  if (tool.lookup == GuestLookup::kRowType) tool.sibling = sibling_of(row.about.name);
  return tool;
}

// Forgets the guests' places once a call that may change them ends, however it ends.
struct ForgetAfterChange {
  GuestDirectory* guests;
  explicit ForgetAfterChange(GuestDirectory* directory) : guests(directory) {}
  ForgetAfterChange(const ForgetAfterChange&) = delete;
  ForgetAfterChange& operator=(const ForgetAfterChange&) = delete;
  ~ForgetAfterChange() {
    if (guests != nullptr) guests->forget();
  }
};

}  // namespace

mcp::Schema output_schema(const About& about) {
  return mcp::Schema([about] { return built_output_schema(about); });
}

policy::ToolMeta tool_meta(const About& about) {
  // A tool that asks the policy about each call (proxmox_api_call) is a read as a whole.
  const bool writes = !about.annotations.read_only && !about.policy_per_call;
  return {std::string(about.name), writes ? policy::Access::write : policy::Access::read,
          std::string(about.privileges), std::string(toolset_name(about.toolset))};
}

mcp::Tool tool_entry(const Row& row) {
  const About& about = row.about;
  return {std::string(about.name),
          std::string(about.title),
          std::string(about.description),
          row.input,
          row.output,
          row.accepted,
          about.annotations,
          nullptr};
}

mcp::Tool make_tool(const Row& row, pve::Api& api,
                    const std::shared_ptr<const policy::Policy>& policy,
                    const std::shared_ptr<GuestDirectory>& guests, const audit::Log* audit,
                    const ContainerShell* containers) {
  const About& about = row.about;
  const policy::ToolMeta meta = tool_meta(about);
  const bool write = meta.access == policy::Access::write;
  mcp::ToolHandler handler = guarded(
      [&api, &row, policy, guests, audit, containers, write, locating = located_tool(row, write)](
          const nlohmann::json& given, mcp::CallContext& ctx) {
        // A change made here may move, rename, create or remove a guest.
        const ForgetAfterChange forget{row.about.annotations.read_only ? nullptr : guests.get()};
        // Inside the audit record: it shows the guest as the call named it, and a guest that
        // could not be found is recorded like any other refused argument.
        const auto run_on = [&](pve::Api& target) {
          const std::optional<nlohmann::json> located =
              locate_guest(*guests, locating, policy->scope(), given);
          return run_call(row, target, *policy, write, located ? *located : given, ctx, containers);
        };
        if (audit == nullptr || !audited(row.about, given)) return run_on(api);
        return run_audited(*audit, row.about.name, given, ctx, api, run_on);
      });
  const bool listed = policy->listed(meta);
  if (!policy->allowed(meta)) {
    // The settings are fixed for the server's lifetime, so the refusal is decided once.
    handler = [refusal = policy->refusal(meta), about, audit](const nlohmann::json& args,
                                                              mcp::CallContext& ctx) {
      if (audit == nullptr || !audited(about, args)) return mcp::ToolResult::error(refusal);
      return audited_refusal(*audit, about.name, args, ctx, refusal);
    };
  }
  mcp::Tool tool = tool_entry(row);
  tool.handler = std::move(handler);
  tool.listed = listed;
  return tool;
}

}  // namespace tools
