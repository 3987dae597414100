// Proxmox tasks: UPID parsing and following a task to its end.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pve/api.h"

namespace pve {

struct Upid {
  std::string node;
  unsigned long pid = 0;
  unsigned long long pstart = 0;
  long long starttime = 0;  // unix seconds
  std::string type;         // qmstart, vzdump, ...
  std::string id;           // usually the vmid; may be empty
  std::string user;         // user@realm!token
  // Strict parse of "UPID:node:PID:PSTART:STARTTIME:type:id:user:"; nullopt when malformed.
  static std::optional<Upid> parse(std::string_view text);
};

struct TaskStatus {
  std::string upid;
  std::string node;
  std::string type;
  std::string status;      // "running" or "stopped"
  std::string exitstatus;  // "OK", "WARNINGS: n", or the error text; empty while running
  bool timed_out = false;  // the wait ended before the task did
  bool cancelled = false;  // the caller stopped waiting (the task goes on)
  // The log's last lines when the task failed; its WARN: lines when it ended with warnings.
  std::vector<std::string> log_tail;
  [[nodiscard]] bool finished() const { return status == "stopped"; }
  [[nodiscard]] bool succeeded() const {
    return finished() && (exitstatus == "OK" || exitstatus.rfind("WARNINGS:", 0) == 0);
  }
};

struct WaitOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds poll_interval{std::chrono::milliseconds(500)};
  // Sleeps between polls, up to the given time; returns true when the wait should end now (the
  // request was cancelled, the client went away). Empty: a plain sleep.
  std::function<bool(std::chrono::milliseconds)> pause;
  std::function<void(double elapsed_s, const std::string& status)> on_progress;  // may be empty
  std::size_t log_tail_lines = 10;
};

// A window of a task's log: its lines with their numbers (from 1) and the log's length.
struct LogLine {
  long long n = 0;
  std::string text;
};
struct LogWindow {
  std::vector<LogLine> lines;
  long long total = -1;  // -1: Proxmox did not say
};

// `count` lines from line `start` (from 0); without `start`, the last `count`. The log endpoint
// pages from the start, so the first page tells the total and a second request fetches the
// tail when the log is longer.
LogWindow read_task_log(Api& api, const std::string& upid, std::optional<long long> start,
                        std::size_t count);

// GET /nodes/{node}/tasks/{upid}/status once.
TaskStatus task_status(Api& api, const std::string& upid);

// Polls the task until it stops, the timeout passes or `pause` says to stop (then `cancelled`).
// On failure, fetches the last lines of /tasks/{upid}/log into log_tail; on warnings, the
// WARN: lines.
TaskStatus wait_for_task(Api& api, const std::string& upid, const WaitOptions& options);

}  // namespace pve
