#include "cluster_tasks.h"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <sstream>

namespace pvesim {
namespace {

std::string hex8(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%08llX", static_cast<unsigned long long>(value));
  return buffer;
}

std::string final_log_line(const std::string& exitstatus) {
  if (exitstatus == "OK") return "TASK OK";
  if (task_status_type(exitstatus) == "warning") return "TASK " + exitstatus;
  std::string message = exitstatus;
  std::replace(message.begin(), message.end(), '\n', ' ');
  return "TASK ERROR: " + message;
}

void add_user_fields(Json& entry, const std::string& auth_id) {
  auto [user, token] = split_token_id(auth_id);
  entry["user"] = user;
  if (!token.empty()) entry["tokenid"] = token;
}

}  // namespace

bool owns_task(const Task& task, const std::string& caller) {
  const std::string& owner = task.spec.user;
  if (owner == caller) return true;
  return split_token_id(owner).first == caller && caller.find('!') == std::string::npos;
}

std::pair<std::string, std::string> split_token_id(const std::string& auth_id) {
  const auto bang = auth_id.find('!');
  if (bang == std::string::npos) return {auth_id, ""};
  return {auth_id.substr(0, bang), auth_id.substr(bang + 1)};
}

std::string task_status_type(const std::string& status) {
  static const std::regex kWarnings("^WARNINGS: \\d+$");
  if (status.empty() || status == "unexpected status") return "unknown";
  if (status == "OK") return "ok";
  if (std::regex_match(status, kWarnings)) return "warning";
  return "error";
}

std::optional<UpidParts> parse_upid(const std::string& upid) {
  static const std::regex kUpid(
      "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
      "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");
  std::smatch m;
  if (!std::regex_match(upid, m, kUpid)) return std::nullopt;
  UpidParts parts;
  parts.node = m[1];
  parts.pid = static_cast<std::uint32_t>(std::stoul(m[3], nullptr, 16));
  parts.pstart = std::stoull(m[4], nullptr, 16);
  parts.starttime = std::stoll(m[5], nullptr, 16);
  parts.type = m[6];
  parts.id = m[7];
  parts.user = m[8];
  return parts;
}

TaskEngine::TaskEngine(Clock clock) : clock_(std::move(clock)) {}

std::string TaskEngine::start(TaskSpec spec) {
  Task task;
  task.start_ms = spec.start_ms.value_or(clock_());
  task.pid = next_pid_;
  next_pid_ += 0x1D3;  // pids grow between workers, as other processes start in between
  // pstart is the process start in clock ticks since boot; any monotonic value is faithful.
  task.pstart = static_cast<std::uint32_t>((task.start_ms / 10) % 0x0FFFFFFF);
  task.upid = "UPID:" + spec.node + ":" + hex8(task.pid) + ":" + hex8(task.pstart) + ":" +
              hex8(static_cast<std::uint64_t>(task.starttime())) + ":" + spec.type + ":" + spec.id +
              ":" + spec.user + ":";
  task.spec = std::move(spec);
  tasks_.push_back(std::move(task));
  return tasks_.back().upid;
}

void TaskEngine::advance() {
  // Index loop: a hook may start a follow-up task, which appends to tasks_.
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (tasks_[i].finish_applied || running(tasks_[i])) continue;
    tasks_[i].finish_applied = true;
    auto hook = tasks_[i].spec.on_finish;
    if (hook) hook();
  }
}

bool TaskEngine::interrupt(const std::string& node, const std::string& upid) {
  for (auto& task : tasks_) {
    if (task.upid != upid || task.spec.node != node) continue;
    if (!running(task)) return false;
    task.spec.duration_ms = clock_() - task.start_ms;
    task.spec.exitstatus = "received interrupt";
    task.finish_applied = true;
    return true;
  }
  return false;
}

const Task* TaskEngine::find(const std::string& node, const std::string& upid) const {
  for (const auto& task : tasks_) {
    if (task.upid == upid && task.spec.node == node) return &task;
  }
  return nullptr;
}

bool TaskEngine::running(const Task& task) const {
  return clock_() < task.start_ms + task.spec.duration_ms;
}

std::vector<std::string> TaskEngine::log_lines(const Task& task) const {
  std::vector<std::string> lines = task.spec.log;
  if (!running(task)) lines.push_back(final_log_line(task.spec.exitstatus));
  return lines;
}

Json TaskEngine::status_json(const Task& task) const {
  Json out = {{"upid", task.upid},     {"node", task.spec.node},        {"pid", task.pid},
              {"pstart", task.pstart}, {"starttime", task.starttime()}, {"type", task.spec.type},
              {"id", task.spec.id}};
  add_user_fields(out, task.spec.user);
  if (running(task)) {
    out["status"] = "running";
  } else {
    out["status"] = "stopped";
    out["exitstatus"] = task.spec.exitstatus;
  }
  return out;
}

Json TaskEngine::list(const std::string& node, const TaskQuery& query,
                      const std::function<bool(const Task&)>& visible, long& total) const {
  std::vector<const Task*> active, archived;
  for (const auto& task : tasks_) {
    if (task.spec.node != node) continue;
    (running(task) ? active : archived).push_back(&task);
  }
  // Newest first: active by start, the archive by end (the order of PVE's index file).
  std::sort(active.begin(), active.end(),
            [](const Task* a, const Task* b) { return a->start_ms > b->start_ms; });
  std::sort(archived.begin(), archived.end(), [](const Task* a, const Task* b) {
    return a->start_ms + a->spec.duration_ms > b->start_ms + b->spec.duration_ms;
  });

  std::map<std::string, bool> wanted = {
      {"ok", true}, {"warning", true}, {"error", true}, {"unknown", true}};
  if (query.statusfilter && !query.errors) {
    for (auto& [type, on] : wanted) on = false;
    std::string list = *query.statusfilter;
    std::replace_if(
        list.begin(), list.end(), [](char c) { return c == ';' || c == ' '; }, ',');
    std::istringstream parts(list);
    for (std::string part; std::getline(parts, part, ',');) {
      std::transform(part.begin(), part.end(), part.begin(), ::tolower);
      if (!part.empty()) wanted[part] = true;
    }
  } else if (query.errors) {
    wanted["ok"] = false;
  }

  Json out = Json::array();
  long count = 0;
  long remaining = query.limit;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    return s;
  };
  auto consider = [&](const Task& task, bool is_active) {
    const std::string status = is_active ? "" : task.spec.exitstatus;
    if (!query.userfilter.empty() &&
        lower(split_token_id(task.spec.user).first).find(lower(query.userfilter)) ==
            std::string::npos) {
      return;
    }
    if (!visible(task)) return;
    if (!query.typefilter.empty() && task.spec.type != query.typefilter) return;
    if (query.vmid && *query.vmid != 0 &&
        (task.spec.id.empty() || task.spec.id != std::to_string(*query.vmid))) {
      return;
    }
    if (query.since && task.starttime() < *query.since) return;
    if (query.until && task.starttime() > *query.until) return;
    if (!wanted[task_status_type(status)]) return;
    if (count++ < query.start) return;
    if (remaining <= 0) return;
    --remaining;
    Json entry = {
        {"upid", task.upid},     {"node", task.spec.node},        {"pid", task.pid},
        {"pstart", task.pstart}, {"starttime", task.starttime()}, {"type", task.spec.type},
        {"id", task.spec.id}};
    add_user_fields(entry, task.spec.user);
    if (is_active) {
      entry["status"] = "RUNNING";
    } else {
      entry["endtime"] = task.endtime();
      entry["status"] = status;
    }
    out.push_back(std::move(entry));
  };
  if (query.source == "active" || query.source == "all") {
    for (const Task* task : active) consider(*task, true);
  }
  if (query.source != "active") {
    for (const Task* task : archived) consider(*task, false);
  }
  total = count;
  return out;
}

}  // namespace pvesim
