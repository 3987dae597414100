#include "tools/confirm_gate.h"

#include <chrono>

#include "policy/confirm_token.h"
#include "pve/error.h"
#include "tools/args.h"
#include "tools/guest_guard.h"
#include "tools/markdown.h"
#include "tools/values.h"

namespace tools {

namespace {

policy::ConfirmTokens& tokens() {
  static policy::ConfirmTokens tokens;
  return tokens;
}

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string canonical_call(const std::string& tool, const nlohmann::json& args) {
  nlohmann::json kept = args.is_object() ? args : nlohmann::json::object();
  for (const char* option : {"confirm", "dry_run", "wait", "timeout"}) kept.erase(option);
  return tool + " " + kept.dump();  // an object's keys are sorted
}

std::optional<std::string> confirm_token(const nlohmann::json& args) {
  auto it = args.find("confirm");
  if (it == args.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw ArgError("Invalid argument 'confirm': must be a string.");
  return it->get<std::string>();
}

std::optional<nlohmann::json> bind_to_guest(Confirmation& confirmation, pve::Api& api,
                                            const GuestTarget& guest) {
  nlohmann::json config;
  try {
    config = guest_config(api, guest.node, guest.type, guest.vmid);
  } catch (const pve::Error& e) {
    if (e.kind() == pve::ErrorKind::kNotFound) return std::nullopt;
    throw;
  }
  confirmation.state = text_field(config, "digest");
  confirmation.guest = guest.label();
  return config;
}

namespace {

// The call a token is bound to: with several clusters, the same request on another cluster is
// another call, whatever its arguments say.
std::string bound_call(const Confirmation& confirmation, const mcp::CallContext& ctx) {
  const std::string cluster = ctx.cluster();
  return cluster.empty() ? confirmation.call : "cluster " + cluster + ": " + confirmation.call;
}

}  // namespace

bool confirmed(const Confirmation& confirmation, const std::optional<std::string>& token,
               const mcp::CallContext& ctx) {
  return token && tokens().redeem(*token, bound_call(confirmation, ctx), confirmation.state, now());
}

void ask_person(const Confirmation& confirmation, bool token_given, mcp::CallContext& ctx) {
  // The same facts on every round of the question (a 2026-07-28 client asks again otherwise).
  const std::string question = "Allow " + confirmation.tool + " to do this" +
                               (confirmation.guest.empty() ? "" : " to " + confirmation.guest) +
                               "? It cannot be undone.\n\n" + confirmation.impact;
  switch (ctx.ask(question)) {
    case mcp::Consent::accepted:
      return;
    case mcp::Consent::declined:
      throw Unconfirmed{
          .answer = mcp::ToolResult::error(std::string(kDeclined) + "\n\n" + confirmation.impact),
          .declined = true};
    case mcp::Consent::unavailable:
      break;
  }
  std::string text;
  if (token_given) {
    text +=
        "The confirm token does not fit this call: it was issued for other arguments or "
        "another guest, it expired, or " +
        (confirmation.guest.empty() ? std::string("it was issued by an earlier run of the server")
                                    : confirmation.guest + "'s config changed since") +
        ". Nothing was done.\n\n";
  }
  const std::string issued =
      tokens().issue(bound_call(confirmation, ctx), confirmation.state, now());
  text +=
      md::heading("⚠️", "Confirmation Needed") + ": nothing was done yet.\n\n" +
      confirmation.impact + "\nAsk the user whether to do this. Only if they agree, call " +
      confirmation.tool + " again with the same arguments and confirm: \"" + issued +
      "\" (good for " + std::to_string(policy::kConfirmSeconds / 60) + " minutes" +
      (confirmation.guest.empty() ? std::string()
                                  : ", while " + confirmation.guest + "'s config is unchanged") +
      ").\n";
  throw Unconfirmed{.answer = mcp::ToolResult::error(std::move(text))};
}

}  // namespace tools
