// The task engine: worker tasks with real UPIDs that run for a while, then stop with a status.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api_types.h"
#include "cluster_clock.h"

namespace pvesim {

struct TaskSpec {
  std::string node;
  std::string type;  // worker type: "qmstart", "vzdump", …
  std::string id;    // usually the vmid; "" for node-wide tasks
  std::string user;  // the authenticated id, "root@pam!mcpserver" for a token
  std::int64_t duration_ms = 0;
  std::string exitstatus = "OK";  // "OK", "WARNINGS: n", or the error text
  std::vector<std::string> log;   // lines before the final "TASK …" line
  // Applied once, under the model's lock, when the task is first seen stopped: the
  // state change a write endpoint's worker makes.
  std::function<void()> on_finish;
  std::optional<std::int64_t> start_ms;  // seeds: a task that ran in the past
};

struct Task {
  std::string upid;
  TaskSpec spec;
  std::uint32_t pid = 0;
  std::uint32_t pstart = 0;
  std::int64_t start_ms = 0;
  bool finish_applied = false;

  std::int64_t starttime() const { return start_ms / 1000; }
  std::int64_t endtime() const { return (start_ms + spec.duration_ms) / 1000; }
};

struct UpidParts {
  std::string node;
  std::uint32_t pid = 0;
  std::uint64_t pstart = 0;
  std::int64_t starttime = 0;
  std::string type, id, user;
};

// Decodes "UPID:node:PID:PSTART:STARTTIME:type:id:user:" as PVE's upid_decode does.
std::optional<UpidParts> parse_upid(const std::string& upid);

// The filters of GET /nodes/{node}/tasks.
struct TaskQuery {
  std::string source = "archive";  // archive | active | all
  long start = 0;
  long limit = 50;
  std::string userfilter, typefilter;
  std::optional<long> vmid, since, until;
  bool errors = false;
  std::optional<std::string> statusfilter;  // list of ok, warning, error, unknown
};

class TaskEngine {
 public:
  explicit TaskEngine(Clock clock);

  std::string start(TaskSpec spec);  // returns the UPID
  void advance();                    // applies on_finish of tasks that have stopped since
  std::int64_t now_ms() const { return clock_(); }

  const Task* find(const std::string& node, const std::string& upid) const;
  // DELETE /nodes/{node}/tasks/{upid} on a running task: the worker dies of SIGTERM as
  // fork_worker's handler makes it ("received interrupt"), so its on_finish never runs.
  // False when the task had already stopped (PVE's check_worker then does nothing).
  bool interrupt(const std::string& node, const std::string& upid);
  bool running(const Task& task) const;
  // The log as the file holds it now: the final "TASK …" line only once stopped.
  std::vector<std::string> log_lines(const Task& task) const;

  Json status_json(const Task& task) const;
  // GET /nodes/{node}/tasks for `node`; `visible` is the owner/Sys.Audit rule.
  Json list(const std::string& node, const TaskQuery& query,
            const std::function<bool(const Task&)>& visible, long& total) const;

 private:
  Clock clock_;
  std::uint32_t next_pid_ = 0x0001F3A0;
  std::vector<Task> tasks_;
};

// "OK" → ok, "WARNINGS: n" → warning, "" → unknown, anything else → error (PVE's rule).
std::string task_status_type(const std::string& status);

// A token sees its own tasks; a user sees its own and its tokens' (PVE's check_task_user).
bool owns_task(const Task& task, const std::string& caller);

// Splits "user@realm!token" into user and token name ("" when not a token).
std::pair<std::string, std::string> split_token_id(const std::string& auth_id);

}  // namespace pvesim
