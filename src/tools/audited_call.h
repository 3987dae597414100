// Tool calls through the audit log: which calls it records, and running one between its lines.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/call_record.h"
#include "mcp/tool.h"
#include "pve/api.h"
#include "tools/tool_row.h"

namespace tools {

// Every call of a write tool, and every call of proxmox_api_call that does not send a GET;
// reads are not recorded.
bool audited(const About& about, const nlohmann::json& args);

// Runs `run` against `api` seen through an audit::CallRecord: a start line first (the call is
// refused when it cannot be written), a line before and after each change request, an end line
// with the outcome. A Refusal thrown by `run` is recorded as refused and rethrown, like any
// other exception (recorded as an error).
mcp::ToolResult run_audited(const audit::Log& log, std::string_view tool,
                            const nlohmann::json& args, mcp::CallContext& ctx, pve::Api& api,
                            const std::function<mcp::ToolResult(pve::Api&)>& run);

// A call the policy refuses before its handler runs: a start and an end line ("refused").
mcp::ToolResult audited_refusal(const audit::Log& log, std::string_view tool,
                                const nlohmann::json& args, mcp::CallContext& ctx,
                                const std::string& refusal);

}  // namespace tools
