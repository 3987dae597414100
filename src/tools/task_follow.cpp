#include "tools/task_follow.h"

#include <algorithm>

#include "pve/error.h"
#include "tools/args.h"
#include "tools/markdown.h"

namespace tools {
namespace {

using nlohmann::json;

constexpr std::string_view kFollowHint = "follow it with proxmox_get_task_status";

// A fence longer than any run of backticks in the log, so a log line cannot end the block.
std::string code_fence(const std::vector<std::string>& lines) {
  std::size_t longest = 0;
  for (const auto& line : lines) {
    std::size_t run = 0;
    for (char c : line) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string result_line(const FollowedTask& task) {
  const pve::TaskStatus& s = task.status;
  if (task.synchronous) return "✅ done (Proxmox applied it at once; there is no task)";
  if (task.upid.empty()) {
    return "❓ Proxmox answered \"" + md::one_line(task.answer) +
           "\" instead of a task id, so whether it acted is unknown: check with "
           "proxmox_list_tasks before trying again";
  }
  if (!task.read_error.empty()) {
    return "⚠️ the task started but its status could not be read: " +
           md::one_line(task.read_error) + " (" + std::string(kFollowHint) + ")";
  }
  if (s.finished()) {
    if (s.exitstatus == "OK") return "✅ OK";
    if (s.succeeded()) {
      return "⚠️ " + md::one_line(s.exitstatus) +
             (s.log_tail.empty() ? " (finished; see its log)" : " (finished; its warnings below)");
    }
    return "❌ " + md::one_line(s.exitstatus.empty() ? "failed" : s.exitstatus);
  }
  if (s.cancelled) {
    return "⏹️ stopped waiting because the request was cancelled — the task continues (" +
           std::string(kFollowHint) + ")";
  }
  if (!task.waited) return "⏳ started, not waited for (" + std::string(kFollowHint) + ")";
  return "⏳ still running after " + std::to_string(task.timeout.count()) + "s (" +
         std::string(kFollowHint) + ")";
}

// One line for a client that follows the server's log: how the task ended, or why it is not known.
void log_outcome(const FollowedTask& task, const std::string& type, mcp::CallContext& ctx) {
  const std::string what = "task " + type + " on node " + task.node;
  if (!task.read_error.empty()) {
    ctx.log(mcp::LogLevel::warning, "cannot read the status of " + what + ": " + task.read_error);
  } else if (task.status.timed_out) {
    ctx.log(mcp::LogLevel::notice, what + " still runs; no longer waiting for it");
  } else if (task.status.finished()) {
    ctx.log(task.status.succeeded() ? mcp::LogLevel::info : mcp::LogLevel::error,
            what + " ended: " + task.status.exitstatus);
  }
}

}  // namespace

FollowedTask follow_task(pve::Api& api, const std::string& upid, const FollowOptions& options,
                         mcp::CallContext& ctx) {
  FollowedTask task;
  std::optional<pve::Upid> parsed = pve::Upid::parse(upid);
  if (!parsed) {
    task.answer = upid;
    return task;
  }
  task.upid = upid;
  task.node = parsed->node;
  task.waited = options.wait;
  task.timeout = options.wait ? options.timeout : std::chrono::seconds(0);

  pve::WaitOptions wait;
  wait.timeout = task.timeout;
  wait.poll_interval = options.poll_interval;
  wait.pause = [&ctx](std::chrono::milliseconds duration) { return ctx.pause(duration); };
  if (options.wait) {
    wait.on_progress = [&ctx, total = static_cast<double>(options.timeout.count()),
                        type = parsed->type](double elapsed, const std::string& status) {
      ctx.progress(elapsed, total, "task " + type + " " + status);
    };
  }
  if (options.wait) {
    ctx.log(mcp::LogLevel::info,
            "waiting for task " + parsed->type + " on node " + parsed->node + " (" + upid + ")");
  }
  try {
    task.status = pve::wait_for_task(api, upid, wait);
  } catch (const pve::Error& e) {
    task.status.upid = upid;
    task.status.node = parsed->node;
    task.read_error = e.what();
  }
  // Without wait the single status read is not a timeout.
  if (!options.wait) task.status.timed_out = false;
  log_outcome(task, parsed->type, ctx);
  return task;
}

namespace {

// How far the Proxmox node's clock may be behind ours when looking for a task just started.
constexpr std::int64_t kClockSlackSeconds = 30;
constexpr const char* kRecoveredUpid = "upid";
constexpr const char* kLostAnswer = "lost_answer";

// The newest task of `type` for `vmid` on `node` that this API token started at or after `since`.
std::optional<std::string> find_started_task(pve::Api& api, const std::string& node,
                                             std::int64_t vmid, std::string_view type,
                                             std::int64_t since) {
  const std::string token = api.token_id();
  if (token.empty()) return std::nullopt;
  const json tasks = api.get(pve::path({"nodes", node, "tasks"}),
                             {{"vmid", std::to_string(vmid)},
                              {"typefilter", std::string(type)},
                              {"source", "all"},
                              {"since", std::to_string(since)},
                              {"userfilter", token.substr(0, token.find('!'))},
                              {"limit", "50"}});
  if (!tasks.is_array()) return std::nullopt;
  std::optional<pve::Upid> newest;
  std::string newest_text;
  for (const json& entry : tasks) {
    const auto upid = entry.is_object() ? entry.find("upid") : entry.end();
    if (upid == entry.end() || !upid->is_string()) continue;
    const std::optional<pve::Upid> parsed = pve::Upid::parse(upid->get<std::string>());
    if (!parsed || parsed->user != token || parsed->type != type ||
        parsed->id != std::to_string(vmid) || parsed->starttime < since ||
        (newest && parsed->starttime <= newest->starttime)) {
      continue;
    }
    newest = parsed;
    newest_text = upid->get<std::string>();
  }
  if (!newest) return std::nullopt;
  return newest_text;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

json start_task(pve::Api& api, const std::string& node, std::int64_t vmid, std::string_view type,
                const std::function<json()>& send) {
  const std::int64_t since = unix_now() - kClockSlackSeconds;
  try {
    return send();
  } catch (const pve::Error& error) {
    if (!error.outcome_unknown()) throw;
    std::optional<std::string> upid;
    try {
      upid = find_started_task(api, node, vmid, type, since);
    } catch (const pve::Error&) {
      throw error;  // the lost answer is the failure to report, not the lookup's
    }
    if (!upid) throw;
    return json{{kRecoveredUpid, *upid}, {kLostAnswer, error.what()}};
  }
}

FollowedTask follow_task(pve::Api& api, const json& answer, const std::string& node,
                         const FollowOptions& options, mcp::CallContext& ctx) {
  if (answer.is_object() && answer.contains(kRecoveredUpid) && answer.contains(kLostAnswer)) {
    FollowedTask task = follow_task(api, answer[kRecoveredUpid].get<std::string>(), options, ctx);
    task.lost_answer = answer[kLostAnswer].get<std::string>();
    return task;
  }
  if (answer.is_string()) {
    FollowedTask task = follow_task(api, answer.get<std::string>(), options, ctx);
    if (task.node.empty()) task.node = node;
    return task;
  }
  FollowedTask task;
  task.node = node;
  if (answer.is_null()) {
    task.synchronous = true;
    task.status.status = "stopped";
    task.status.exitstatus = "OK";
  } else {
    task.answer = answer.dump();
  }
  return task;
}

TaskReport task_report(const FollowedTask& task) {
  const pve::TaskStatus& s = task.status;
  TaskReport report;
  if (!task.lost_answer.empty()) {
    report.markdown +=
        md::bullet("Note", "the answer to the request was lost (" + task.lost_answer +
                               "); this is the task it started, found in the "
                               "node's task list") +
        "\n";
  }
  if (!task.upid.empty()) report.markdown += md::bullet("Task ID", task.upid) + "\n";
  report.markdown += md::bullet("Result", result_line(task)) + "\n";

  // "applied": Proxmox made the change within the request; no task ran, so no exit status.
  std::string status = "unknown";
  if (task.synchronous) {
    status = "applied";
  } else if (task.read_error.empty() && (s.status == "running" || s.status == "stopped")) {
    status = s.status;
  }
  report.fields = {{"node", task.node},        {"status", status},
                   {"waited", task.waited},    {"timed_out", task.waited && s.timed_out},
                   {"cancelled", s.cancelled}, {"succeeded", s.succeeded()}};
  if (!task.upid.empty()) report.fields["upid"] = task.upid;
  if (s.finished() && !task.synchronous) report.fields["exitstatus"] = s.exitstatus;
  // No task id and no synchronous answer: nothing tells whether the change happened.
  report.is_error = (s.finished() && !s.succeeded()) || (task.upid.empty() && !task.synchronous);
  if (!s.log_tail.empty()) {
    report.fields["log_tail"] = s.log_tail;
    const std::string fence = code_fence(s.log_tail);
    report.markdown += s.succeeded() ? "\n**Warnings**:\n" + fence + "\n"
                                     : "\n**Task log (last " + std::to_string(s.log_tail.size()) +
                                           " lines)**:\n" + fence + "\n";
    for (const auto& line : s.log_tail) report.markdown += md::one_line(line) + "\n";
    report.markdown += fence + "\n";
  }
  return report;
}

mcp::ToolResult task_result(std::string text, json structured, const FollowedTask& task) {
  TaskReport report = task_report(task);
  if (!structured.is_object()) structured = json::object();
  structured.update(report.fields);
  mcp::ToolResult result;
  result.text = std::move(text) + report.markdown;
  result.structured = std::move(structured);
  result.is_error = report.is_error;
  return result;
}

json with_task_output(json output_schema) {
  if (!output_schema.is_object()) output_schema = {{"type", "object"}};
  json& props = output_schema["properties"];
  if (!props.is_object()) props = json::object();
  // Parsed once: every task tool's outputSchema gets these.
  static const json kTaskProperties = json::parse(R"({
    "upid": {"type": "string", "description": "the Proxmox task id; absent when no task ran"},
    "node": {"type": "string"},
    "status": {"type": "string", "enum": ["running", "stopped", "applied", "unknown"],
               "description": "applied: done within the request, no task ran"},
    "exitstatus": {"type": "string", "description": "OK, WARNINGS: n, or the error; once stopped"},
    "waited": {"type": "boolean"},
    "timed_out": {"type": "boolean", "description": "the wait ended before the task did"},
    "cancelled": {"type": "boolean", "description": "the request was cancelled; the task goes on"},
    "succeeded": {"type": "boolean"},
    "log_tail": {"type": "array", "items": {"type": "string"},
                 "description": "the log's end on failure; its WARN lines on warnings"}
  })");
  props.update(kTaskProperties);
  json& required = output_schema["required"];
  if (!required.is_array()) required = json::array();
  for (const char* key : {"node", "status", "waited", "timed_out", "cancelled", "succeeded"}) {
    if (std::find(required.begin(), required.end(), key) == required.end()) {
      required.push_back(key);
    }
  }
  return output_schema;
}

}  // namespace tools
