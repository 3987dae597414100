#include "tools/audited_call.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>

#include "mcp/input_required.h"
#include "pve/observed_api.h"
#include "tools/args.h"
#include "tools/confirm_gate.h"

namespace tools {
namespace {

// The task fields task_report() puts into structuredContent that say how the task went.
nlohmann::json task_of(const nlohmann::json& structured) {
  if (!structured.is_object() || !structured.contains("upid")) return nullptr;
  nlohmann::json task = nlohmann::json::object();
  for (const char* key : {"upid", "node", "status", "exitstatus", "waited", "timed_out"}) {
    if (const auto it = structured.find(key); it != structured.end()) task[key] = *it;
  }
  return task;
}

audit::CallEnd end_of(const mcp::ToolResult& result, const mcp::CallContext& ctx) {
  const bool cancelled = ctx.cancelled() || (result.structured.is_object() &&
                                             result.structured.value("cancelled", false));
  audit::CallEnd end{.outcome = audit::Outcome::ok, .task = task_of(result.structured)};
  if (cancelled) {
    end.outcome = audit::Outcome::cancelled;
  } else if (result.is_error) {
    end.outcome = audit::Outcome::error;
    end.error = result.text;
  }
  return end;
}

// What the answer says when the log cannot record what comes next, so it is not sent.
std::string unrecorded(const audit::WriteError& error, std::string_view unsent) {
  return std::string(error.what()) + ". " + std::string(unsent) +
         " to Proxmox: calls that change things run only while the audit log "
         "(PROXMOX_AUDIT_LOG) records them.";
}

// Writes the end line; when it (or a reply line) could not be written, what went wrong.
std::string unrecorded_end(audit::CallRecord& record, const audit::CallEnd& end) {
  try {
    record.end(end);
    return {};
  } catch (const audit::WriteError& error) {
    return error.what();
  }
}

// The call did run: what it did stands, and its answer says the log lacks the outcome.
void note_unrecorded(mcp::ToolResult& result, const std::string& problem) {
  if (problem.empty()) return;
  result.text +=
      "\n\n**Audit log**: the outcome of this call could not be recorded (" + problem + ").";
}

audit::CallStart start_of(std::string_view tool, const nlohmann::json& args,
                          const mcp::ClientInfo& client) {
  return {.tool = tool,
          .client_name = client.name,
          .client_version = client.version,
          .access_token = client.access_token,
          .arguments = args};
}

}  // namespace

bool audited(const About& about, const nlohmann::json& args) {
  if (!about.policy_per_call) return !about.annotations.read_only;
  const auto method = args.find("method");
  if (method == args.end() || !method->is_string()) return true;
  std::string name = method->get<std::string>();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return name != "GET";
}

mcp::ToolResult run_audited(const audit::Log& log, std::string_view tool,
                            const nlohmann::json& args, mcp::CallContext& ctx, pve::Api& api,
                            const std::function<mcp::ToolResult(pve::Api&)>& run) {
  std::optional<audit::CallRecord> record;
  try {
    record.emplace(log, start_of(tool, args, ctx.client()));
  } catch (const audit::WriteError& error) {
    return mcp::ToolResult::error(unrecorded(error, "Nothing was sent"));
  }
  pve::ObservedApi observed(api, *record);
  mcp::ToolResult result;
  try {
    result = run(observed);
  } catch (const mcp::InputRequired&) {
    // Not a std::exception: the session answers input_required and the client retries.
    unrecorded_end(*record, {.outcome = audit::Outcome::asked});
    throw;
  } catch (const Unconfirmed& unconfirmed) {
    // Nothing was sent: the person is asked, or said no.
    unrecorded_end(
        *record,
        {.outcome = unconfirmed.declined ? audit::Outcome::declined : audit::Outcome::asked,
         // Not the answer: it repeats the request's parameters, which may hold secrets.
         .error = unconfirmed.declined ? std::string(kDeclined) : std::string()});
    throw;
  } catch (const Refusal& refusal) {
    unrecorded_end(*record, {.outcome = audit::Outcome::refused, .error = refusal.what()});
    throw;
  } catch (const mcp::MissingCapabilities&) {
    // Nothing was sent: the client cannot answer what the tool needs to ask.
    unrecorded_end(*record, {.outcome = audit::Outcome::refused,
                             .error = "the client lacks a capability the tool needs"});
    throw;
  } catch (const audit::WriteError& error) {
    // A request line could not be written: that request, and what would follow it, is not sent.
    result = mcp::ToolResult::error(unrecorded(error, "The next request was not sent"));
    note_unrecorded(
        result, unrecorded_end(*record, {.outcome = audit::Outcome::error, .error = error.what()}));
    return result;
  } catch (const std::exception& error) {
    unrecorded_end(*record, {.outcome = audit::Outcome::error, .error = error.what()});
    throw;
  }
  note_unrecorded(result, unrecorded_end(*record, end_of(result, ctx)));
  return result;
}

mcp::ToolResult audited_refusal(const audit::Log& log, std::string_view tool,
                                const nlohmann::json& args, mcp::CallContext& ctx,
                                const std::string& refusal) {
  try {
    audit::CallRecord record(log, start_of(tool, args, ctx.client()));
    record.end({.outcome = audit::Outcome::refused, .error = refusal});
  } catch (const audit::WriteError&) {
    // Nothing was going to be sent either way; the refusal is the answer.
  }
  return mcp::ToolResult::error(refusal);
}

}  // namespace tools
