// Confirmation of destructive calls: the person approves, through the client when it can ask,
// else through a token the call must come back with.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "pve/api.h"
#include "tools/guest_write.h"

namespace tools {

// What a destructive call is about to do, for the person to approve.
struct Confirmation {
  std::string tool;         // proxmox_delete_vm
  std::string call;         // the call as one canonical text: what a token is bound to
  std::string state = {};   // the guest's config digest when the call acts on a guest, else ""
  std::string impact = {};  // Markdown bullets: the request it would send
  std::string guest = {};   // "VM 100" when there is one: a token lapses when its config changes
};

// The canonical text of a call: the tool and its arguments (sorted keys), without the options
// that do not change what it does (confirm, dry_run, wait, timeout).
std::string canonical_call(const std::string& tool, const nlohmann::json& args);

// Binds `confirmation` to `guest`'s config as it is now (its digest) and names the guest;
// returns that config, or nothing when there is no such guest (nothing to confirm: the tool or
// Proxmox says so itself).
std::optional<nlohmann::json> bind_to_guest(Confirmation& confirmation, pve::Api& api,
                                            const GuestTarget& guest);

// Whether `token` was issued for this call and state, on the cluster `ctx` acts on, and is still
// good; a token confirms one call only.
bool confirmed(const Confirmation& confirmation, const std::optional<std::string>& token,
               const mcp::CallContext& ctx);

// What a declined call answers first, and all its audit line says of it (the rest of the answer
// repeats the request's parameters, which may hold secrets).
inline constexpr std::string_view kDeclined =
    "The user did not approve this (declined, or no answer in time): nothing was done.";

// The answer to a call the person has not approved (yet): the question put to the model with
// a token, or the person's refusal. Not a std::exception, so no handler takes it for a failure:
// the audit log records the call as asked or declined, and the tool answers with `answer`.
struct Unconfirmed {
  mcp::ToolResult answer;
  bool declined = false;
};

// For a call not (validly) confirmed by a token: asks the person through the client when it
// can, and returns when they accept. Throws Unconfirmed when they decline or do not answer, or,
// when the client cannot ask, with the impact and a token for a second call. A token given that
// does not fit (for other arguments or another guest, expired, or issued before the guest's
// config changed) is named as such.
void ask_person(const Confirmation& confirmation, bool token_given, mcp::CallContext& ctx);

// The `confirm` argument: a string when given (ArgError otherwise).
std::optional<std::string> confirm_token(const nlohmann::json& args);

}  // namespace tools
