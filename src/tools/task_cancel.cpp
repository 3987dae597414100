// cancel_task: stop a running Proxmox task (DELETE …/tasks/{upid}), then report how it ended.
#include <chrono>

#include "pve/tasks.h"
#include "tools/markdown.h"
#include "tools/tasks.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kTaskCancelOutput = R"({
  "type": "object",
  "properties": {
    "upid": {"type": "string"}, "node": {"type": "string"}, "type": {"type": "string"},
    "id": {"type": "string"},
    "was_running": {"type": "boolean", "description": "false: it had ended; nothing was sent"},
    "status": {"type": "string", "enum": ["running", "stopped"]},
    "exitstatus": {"type": "string"},
    "log_tail": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["upid", "node", "type", "was_running", "status", "log_tail"]
})";

namespace {

// A stopped worker dies of SIGTERM within moments; longer means it ignores it for now.
constexpr std::chrono::seconds kStopWait{15};

std::string outcome_heading(bool was_running, const pve::TaskStatus& s) {
  if (!was_running) return md::heading("ℹ️", "Task had already ended");
  if (!s.finished()) return md::heading("⏳", "Stop requested; task still running");
  return md::heading("🛑", "Task stopped");
}

}  // namespace

mcp::ToolResult cancel_task(const Call& call, const TaskRef& a) {
  const pve::Upid upid = task_of(a);
  pve::TaskStatus s = pve::task_status(call.api, a.upid);
  const bool was_running = !s.finished();
  if (was_running) {
    call.api.del(pve::path({"nodes", upid.node, "tasks", a.upid}));
    pve::WaitOptions options;
    options.timeout = kStopWait;
    options.pause = [&call](std::chrono::milliseconds d) { return call.ctx.pause(d); };
    s = pve::wait_for_task(call.api, a.upid, options);
  }

  json out = {{"upid", a.upid},
              {"node", upid.node},
              {"type", upid.type},
              {"id", upid.id},
              {"was_running", was_running},
              {"status", s.finished() ? "stopped" : "running"},
              {"log_tail", s.log_tail}};
  std::string text = outcome_heading(was_running, s) + "\n\n";
  text += md::bullet("UPID", a.upid) + "\n";
  text += md::bullet("Type", upid.type + (upid.id.empty() ? "" : " " + upid.id)) + "\n";
  if (s.finished()) {
    out["exitstatus"] = s.exitstatus;
    text += md::bullet("Exit Status", md::one_line(s.exitstatus)) + "\n";
  }
  if (!was_running) text += "\nNothing was sent: there was nothing to stop.\n";
  if (was_running && !s.finished()) {
    text += "\nStill running " + std::to_string(kStopWait.count()) +
            "s after the stop request; check again with proxmox_get_task_status.\n";
  }
  if (was_running && s.finished()) {
    text +=
        "\nThe worker's own cleanup ran; what it had already changed may remain: check the "
        "guest.\n";
  }
  text += log_tail_text(s.log_tail);
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
