// A catalogue row: one tool's name, words, toolset, privileges, annotations, typed arguments and
// handler. catalog.cpp lists every row; make_tool turns one into what the MCP layer serves.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "policy/policy.h"
#include "pve/api.h"
#include "tools/args.h"
#include "tools/guest_locator.h"
#include "tools/typed_args.h"

namespace audit {
struct Log;
}

namespace tools {

struct ContainerShell;

// What a tool belongs to, for choosing which tools a server lists.
enum class Toolset {
  inventory,
  tasks,
  lifecycle,
  snapshots,
  backups,
  disks,
  network,
  exec,
  create,
  remove
};
std::string_view toolset_name(Toolset set);

// What a handler gets besides its arguments.
struct Call {
  pve::Api& api;
  mcp::CallContext& ctx;
  GuestType guest;  // the row's guest type: a _vm/_lxc pair names one handler
  // For a tool that decides per call what the policy allows (proxmox_api_call); null: basic mode.
  const policy::Policy* policy = nullptr;
  // A dry run: nothing is sent, so nothing needs confirming.
  bool dry_run = false;
  // How to reach the nodes' shells for container commands; null when the server has none.
  const ContainerShell* containers = nullptr;
};

// Shared fields a row's outputSchema gains (so its own schema text lists only its own fields).
enum Reports : unsigned {
  kOwnFields = 0,
  kGuestFields = 1,  // node, vmid, type: guest_facts() (write_pipeline.h)
  kTaskFields = 2,   // upid, status, …: task_result() (task_follow.h)
  kGuestTask = kGuestFields | kTaskFields,
  // The guest's type comes from a `type` argument, not from the row: both types are reported.
  kEitherType = 4,
};

inline constexpr mcp::Annotations kReadOnly{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};
// A tool that changes state: never read-only, always closed world.
constexpr mcp::Annotations writes(bool destructive, bool idempotent) {
  return {.read_only = false,
          .destructive = destructive,
          .idempotent = idempotent,
          .open_world = false};
}

// Whether a person confirms a call before it runs (PROXMOX_CONFIRM): what cannot be undone.
enum class Confirm {
  never,
  always,
  with_force,  // when `force` is true: a restore over an existing guest
};

struct About {
  std::string_view name;
  std::string_view title;
  std::string_view description;
  Toolset toolset;
  std::string_view privileges;  // what the Proxmox token needs, e.g. "VM.PowerMgmt"
  mcp::Annotations annotations;
  std::string_view output;  // outputSchema as JSON text
  GuestType guest = GuestType::kQemu;
  unsigned reports = kOwnFields;
  // Listed and callable in every mode, the handler asking the policy about each call
  // (proxmox_api_call: a GET in any mode, a change only where the policy allows it).
  bool policy_per_call = false;
  // Its `vmid` names a guest it copies without changing it (a clone's source, a backup's guest):
  // a guest the settings protect may still be copied.
  bool copies_guest = false;
  // Its `vmid` may name a guest that does not exist yet (a restore): without a node, an unknown
  // VMID is refused with a request for one.
  bool vmid_may_be_new = false;
  Confirm confirm = Confirm::never;
};

// How a row's call names its guest, read from its argument struct: a required node and vmid
// name one existing guest, which a call may then name by VMID or name alone (guest_locator.h);
// a `type` member lets it serve both types (make_tool keeps a _vm or _lxc tool to its own).
template <class Args>
constexpr GuestLookup addressing_of() {
  if constexpr (requires(Args & a) {
                  a.node;
                  a.vmid;
                }) {
    if constexpr (std::is_same_v<decltype(Args::node), std::string> &&
                  std::is_same_v<decltype(Args::vmid), std::int64_t>) {
      constexpr bool typed_by_argument = requires(Args & a) {
        a.type;
      };
      return typed_by_argument ? GuestLookup::kTypeArgument : GuestLookup::kRowType;
    }
  }
  return GuestLookup::kNone;
}

// The advertised inputSchema of `Args`' tool.
template <class Args>
mcp::Schema input_schema() {
  if constexpr (addressing_of<Args>() != GuestLookup::kNone) {
    return mcp::Schema([] { return locating_schema(typed::schema<Args>()); });
  } else {
    return mcp::Schema(&typed::schema<Args>);
  }
}

// What its calls are checked against when that is more: a vmid that may be a name.
template <class Args>
mcp::Schema accepted_schema() {
  if constexpr (addressing_of<Args>() != GuestLookup::kNone) {
    return mcp::Schema([] { return accepting_schema(typed::schema<Args>()); });
  } else {
    return nullptr;
  }
}

struct Row {
  About about;
  mcp::Schema input;   // the advertised inputSchema
  mcp::Schema output;  // the outputSchema: about.output and the shared fields it reports
  std::function<mcp::ToolResult(const Call&, const nlohmann::json&)> run;
  GuestLookup lookup = GuestLookup::kNone;
  mcp::Schema accepted = nullptr;  // what a call is checked against, if more than `input`
};

// The outputSchema of a row about `about`, built when first read.
mcp::Schema output_schema(const About& about);

template <class Args>
using Handler = mcp::ToolResult (*)(const Call&, const Args&);

// A row whose arguments are parsed into `Args` (typed_args.h) before `handler` runs.
template <class Args>
Row tool(const About& about, Handler<Args> handler) {
  return {about,
          input_schema<Args>(),
          output_schema(about),
          [handler](const Call& call, const nlohmann::json& args) {
            return handler(call, typed::parse<Args>(args));
          },
          addressing_of<Args>(),
          accepted_schema<Args>()};
}

// The same for a _vm/_lxc pair whose argument structs differ in names or rules (a container's
// mount point `mp`, a VM's `disk`): both rows name the one handler written over the struct
// both derive from.
template <class Args, class Shared>
requires(!std::is_same_v<Args, Shared> && std::is_base_of_v<Shared, Args>) Row
    tool(const About& about, Handler<Shared> handler) {
  return {about,
          input_schema<Args>(),
          output_schema(about),
          [handler](const Call& call, const nlohmann::json& args) {
            return handler(call, typed::parse<Args>(args));
          },
          addressing_of<Args>(),
          accepted_schema<Args>()};
}

// What tools/list shows of `row`'s tool: the Tool without its handler.
mcp::Tool tool_entry(const Row& row);

// What the policy judges a tool by.
policy::ToolMeta tool_meta(const About& about);

// The tool `row` describes (`row` must outlive it, as all_rows() does), served against `api`,
// listed and allowed as `policy` says; a refused call answers with the policy's refusal before
// anything reaches Proxmox. Bad arguments and Proxmox failures become isError results (handler.h).
// With `audit`, its calls that change things are recorded there (audited_call.h); `audit` must
// outlive the tool.
// A call that leaves out its guest's node finds it in `guests`, the directory of `api`'s cluster.
// With `containers` (which must outlive the tool), container commands reach the nodes' shells.
mcp::Tool make_tool(const Row& row, pve::Api& api,
                    const std::shared_ptr<const policy::Policy>& policy,
                    const std::shared_ptr<GuestDirectory>& guests,
                    const audit::Log* audit = nullptr, const ContainerShell* containers = nullptr);
// The tool's handler keeps a reference to its row: a temporary one would be gone by the first
// call.
mcp::Tool make_tool(Row&& row, pve::Api& api, const std::shared_ptr<const policy::Policy>& policy,
                    const std::shared_ptr<GuestDirectory>& guests,
                    const audit::Log* audit = nullptr,
                    const ContainerShell* containers = nullptr) = delete;

}  // namespace tools
