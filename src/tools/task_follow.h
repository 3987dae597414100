// Following a Proxmox task a write tool started, and reporting it the same way in every tool.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "pve/api.h"
#include "pve/tasks.h"

namespace tools {

inline constexpr int kMaxTaskTimeout = 3600;  // seconds; longer waits belong to get_task_status

struct FollowOptions {
  bool wait = true;
  std::chrono::seconds timeout{120};
  // The first poll interval (pve::wait_for_task backs off from it); tests shorten it.
  std::chrono::milliseconds poll_interval{500};
};

struct FollowedTask {
  std::string upid;        // empty when Proxmox answered without a task id
  pve::TaskStatus status;  // status.status is "" when there was no task or it could not be read
  bool waited = false;
  std::string node;                 // where the task runs (from the UPID); else the node asked
  std::string answer;               // Proxmox's answer when it was a string but not a UPID
  bool synchronous = false;         // Proxmox answered null: the change was applied, no task
  std::string read_error;           // the task started but its status could not be read
  std::chrono::seconds timeout{0};  // how long it was followed (for "still running after Ns")
  std::string lost_answer;          // why the start's answer was lost (start_task found the task)
};

// Sends the request that starts a task of `type` (qmsnapshot, vzdump, …) for guest `vmid` on
// `node`. When its answer is lost after the request reached Proxmox (pve::Error::outcome_unknown:
// a timeout, a cut connection), looks for that task in the node's task list (started by this API
// token since just before the request) and answers as Proxmox would have, so that the tool
// follows the real task and reports the real outcome. Rethrows when there is no such task.
nlohmann::json start_task(pve::Api& api, const std::string& node, std::int64_t vmid,
                          std::string_view type, const std::function<nlohmann::json()>& send);

// Follows `upid` with pve::wait_for_task: progress notifications while waiting (when the
// client asked for them), stops waiting (not the task) when the request is cancelled. Without
// `wait`, reads the status once. A string that is not a UPID is reported as such, honestly.
// A failure reading the status after the task started does not throw: the UPID must reach the
// caller, so it is recorded in read_error.
FollowedTask follow_task(pve::Api& api, const std::string& upid, const FollowOptions& options,
                         mcp::CallContext& ctx);
// The same from the `data` of the call that started the task, which may be a UPID, null (a
// synchronous change, already applied), start_task's recovered task, or another value. `node` is
// the node that was asked.
FollowedTask follow_task(pve::Api& api, const nlohmann::json& answer, const std::string& node,
                         const FollowOptions& options, mcp::CallContext& ctx);

// The outcome in the Node.js server's Markdown look and as structuredContent fields.
struct TaskReport {
  // "• **Task ID**: …\n• **Result**: …\n", plus the log tail in a code block on failure.
  std::string markdown;
  // {upid? (absent when no task ran), node, status ("running"|"stopped"|"unknown"),
  //  exitstatus?, waited, timed_out, cancelled, succeeded, log_tail?}
  nlohmann::json fields;
  bool is_error = false;  // the task failed
};
TaskReport task_report(const FollowedTask& task);

// The usual write-tool answer: the tool's own `text` (heading and bullets, ending in "\n")
// followed by the task lines; `structured` gets the task fields; isError when the task failed.
mcp::ToolResult task_result(std::string text, nlohmann::json structured, const FollowedTask& task);

// Adds the task fields to a tool's output schema (null → an object schema holding only them).
nlohmann::json with_task_output(nlohmann::json output_schema);

}  // namespace tools
