// Task tools: one task's status (optionally followed to its end) and a node's task list.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "pve/api_enums.h"
#include "pve/error.h"
#include "pve/tasks.h"
#include "tools/markdown.h"
#include "tools/tasks.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kTaskStatusOutput = R"({
  "type": "object",
  "properties": {
    "upid": {"type": "string"}, "node": {"type": "string"}, "type": {"type": "string"},
    "id": {"type": "string"}, "user": {"type": "string"},
    "starttime": {"type": "integer"}, "started": {"type": "string"},
    "status": {"type": "string", "enum": ["running", "stopped"]},
    "exitstatus": {"type": "string"},
    "succeeded": {"type": "boolean"},
    "duration": {"type": "integer", "description": "seconds from start to end"},
    "timed_out": {"type": "boolean", "description": "the wait ended before the task did"},
    "cancelled": {"type": "boolean", "description": "the client stopped the wait; the task goes on"},
    "log_tail": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["upid", "node", "type", "status", "succeeded", "timed_out", "cancelled", "log_tail"]
})";

extern const std::string_view kTaskListOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"},
    "tasks": {"type": "array", "items": {"type": "object", "properties": {
      "upid": {"type": "string"}, "type": {"type": "string"}, "id": {"type": "string"},
      "user": {"type": "string"}, "status": {"type": "string"},
      "starttime": {"type": "integer"}, "endtime": {"type": "integer"}},
      "required": ["upid", "type", "status"]}},
    "count": {"type": "integer"},
    "total": {"type": "integer", "description": "tasks matching the filters, when Proxmox says"}
  },
  "required": ["node", "tasks", "count"]
})";

namespace {

// The task list knows when a task ended; the status endpoint does not. Best effort: a failure
// here only costs the duration line.
std::optional<std::int64_t> lookup_endtime(pve::Api& api, const pve::Upid& upid,
                                           const std::string& text) {
  try {
    std::string start = std::to_string(upid.starttime);
    json list =
        api.get(pve::path({"nodes", upid.node, "tasks"}),
                {{"typefilter", upid.type}, {"since", start}, {"until", start}, {"source", "all"}});
    if (!list.is_array()) return std::nullopt;
    for (const auto& t : list) {
      if (text_field(t, "upid") == text) return integer_field(t, "endtime");
    }
  } catch (const pve::Error&) {
  }
  return std::nullopt;
}

std::string task_heading(const pve::TaskStatus& s) {
  if (!s.finished()) return md::heading("⏳", "Task running");
  if (s.exitstatus == "OK") return md::heading("✅", "Task finished: OK");
  if (s.succeeded()) return md::heading("⚠️", "Task finished with warnings");
  return md::heading("❌", "Task failed");
}

}  // namespace

typed::Problem upid_text(const std::string& text) {
  if (pve::Upid::parse(text)) return std::nullopt;
  return "not a Proxmox task id (UPID:node:pid:pstart:starttime:type:id:user:)";
}

typed::Problem task_type(const std::string& text) {
  bool word =
      !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
      });
  if (word) return std::nullopt;
  return "must be a task type such as vzdump or qmstart";
}

pve::Upid task_of(const TaskRef& args) {
  std::optional<pve::Upid> upid = pve::Upid::parse(args.upid);
  if (!upid) throw ArgError("Invalid argument 'upid': " + *upid_text(args.upid));
  if (args.node && *args.node != upid->node) {
    throw ArgError("Invalid argument 'node': the task ran on " + upid->node +
                   " (from its UPID), not " + *args.node);
  }
  return *upid;
}

std::string log_tail_text(const std::vector<std::string>& tail) {
  if (tail.empty()) return "";
  std::string text = "\n**Log (last " + std::to_string(tail.size()) + " lines)**:\n\n";
  for (const auto& line : tail) text += "    " + md::one_line(line) + "\n";
  return text;
}

mcp::ToolResult get_task_status(const Call& call, const TaskStatusArgs& a) {
  pve::Api& api = call.api;
  mcp::CallContext& ctx = call.ctx;
  const std::string& text_upid = a.upid;
  const std::optional<pve::Upid> upid = task_of(a);
  const bool wait = a.wait;
  const std::int64_t timeout = a.timeout;

  // Without wait this is one status request (a zero timeout), plus the log tail on failure.
  pve::WaitOptions options;
  options.timeout = wait ? std::chrono::seconds(timeout) : std::chrono::seconds(0);
  options.pause = [&ctx](std::chrono::milliseconds duration) { return ctx.pause(duration); };
  if (wait) {
    options.on_progress = [&ctx, timeout, type = upid->type](double elapsed,
                                                             const std::string& st) {
      ctx.progress(elapsed, static_cast<double>(timeout), "task " + type + " " + st);
    };
  }
  pve::TaskStatus s = pve::wait_for_task(api, text_upid, options);

  json out = {{"upid", text_upid},
              {"node", upid->node},
              {"type", upid->type},
              {"id", upid->id},
              {"user", upid->user},
              {"starttime", upid->starttime},
              {"started", md::iso_time(upid->starttime)},
              {"status", s.finished() ? "stopped" : "running"},
              {"succeeded", s.succeeded()},
              {"timed_out", wait && s.timed_out},
              {"cancelled", s.cancelled},
              {"log_tail", s.log_tail}};

  std::string text = task_heading(s) + "\n\n";
  text += md::bullet("UPID", text_upid) + "\n";
  text += md::bullet("Node", upid->node) + "\n";
  text += md::bullet("Type", upid->type) + "\n";
  if (!upid->id.empty()) text += md::bullet("ID", upid->id) + "\n";
  text += md::bullet("User", upid->user) + "\n";
  text += md::bullet("Started", md::iso_time(upid->starttime)) + "\n";
  text += md::bullet("Status", s.finished() ? "stopped" : "running") + "\n";
  if (s.finished()) {
    out["exitstatus"] = s.exitstatus;
    text += md::bullet("Exit Status", md::one_line(s.exitstatus)) + "\n";
    if (auto end = lookup_endtime(api, *upid, text_upid)) {
      out["duration"] = *end - upid->starttime;
      text += md::bullet("Duration", md::duration(*end - upid->starttime)) + "\n";
    }
  }
  if (wait && s.timed_out) {
    text += "\n⏱️ Still running after " + std::to_string(timeout) +
            "s; call again with wait to keep following it.\n";
  }
  if (s.cancelled) text += "\nStopped waiting (cancelled); the task goes on.\n";
  text += log_tail_text(s.log_tail);
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

namespace {

std::string task_icon(const std::string& status, bool ended) {
  if (!ended) return "⏳";
  if (status == "OK") return "✅";
  if (status.rfind("WARNINGS", 0) == 0) return "⚠️";
  return "❌";
}

}  // namespace

mcp::ToolResult list_tasks(const Call& call, const TaskListArgs& a) {
  pve::Api& api = call.api;
  const std::string& node = a.node;
  const std::int64_t limit = a.limit;
  const std::optional<std::int64_t>& vmid = a.vmid;
  const std::optional<std::string>& type = a.type;
  const bool errors = a.errors;
  const std::string& source = a.source;

  pve::Params params = {{"limit", std::to_string(limit)}};
  if (vmid) params.emplace_back("vmid", std::to_string(*vmid));
  if (type) params.emplace_back("typefilter", *type);
  if (errors) params.emplace_back(pve::param_bool("errors", true));
  if (source != "archive") params.emplace_back("source", source);
  json envelope = api.get_envelope(pve::path({"nodes", node, "tasks"}), params);
  json list = envelope.value("data", json::array());
  auto total = integer_field(envelope, "total");

  std::vector<json> tasks(list.begin(), list.end());
  std::stable_sort(tasks.begin(), tasks.end(), [](const json& a, const json& b) {
    return integer_field(a, "starttime").value_or(0) > integer_field(b, "starttime").value_or(0);
  });

  std::string text = md::heading("📋", "Tasks on " + node) + "\n\n";
  json rows = json::array();
  for (const auto& t : tasks) {
    std::string status = text_field(t, "status");
    auto start = integer_field(t, "starttime");
    auto end = integer_field(t, "endtime");
    bool ended = end.has_value() && status != "RUNNING";
    std::string id = text_field(t, "id");
    std::string ttype = text_field(t, "type");
    // The UPID names a token's task as user!token; the list may give the token apart or not at all.
    std::string user = text_field(t, "user");
    if (auto parsed = pve::Upid::parse(text_field(t, "upid"))) {
      user = parsed->user;
    } else if (std::string token = text_field(t, "tokenid"); !token.empty()) {
      user += "!" + token;
    }
    std::string shown = ended ? (status.empty() ? "unknown" : status) : "running";
    text += task_icon(status, ended) + " **" + md::one_line(ttype) + "**" +
            (id.empty() ? "" : " " + md::one_line(id)) + " — " + md::one_line(shown) + "\n";
    if (start) {
      std::string took = ended ? " (took " + md::duration(*end - *start) + ")" : "";
      text += md::field("Started", md::iso_time(*start) + took) + "\n";
    }
    text += md::field("User", md::one_line(user)) + "\n";
    text += md::field("UPID", md::one_line(text_field(t, "upid"))) + "\n\n";
    // One line each: a hostile list can hold megabyte-long fields.
    json row = {{"upid", md::one_line(text_field(t, "upid"))},
                {"type", md::one_line(ttype)},
                {"id", md::one_line(id)},
                {"user", md::one_line(user)},
                {"status", md::one_line(shown)}};
    if (start) row["starttime"] = *start;
    if (end) row["endtime"] = *end;
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    text += "No tasks match.\n";
  } else if (total && *total > static_cast<std::int64_t>(rows.size())) {
    text += "**Shown**: " + std::to_string(rows.size()) + " of " + std::to_string(*total) +
            " task(s); raise limit for more\n";
  } else {
    text += "**Total**: " + std::to_string(rows.size()) + " task(s)\n";
  }
  json out = {{"node", node}, {"tasks", rows}, {"count", rows.size()}};
  if (total) out["total"] = *total;
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
