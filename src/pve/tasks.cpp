#include "pve/tasks.h"

#include <algorithm>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "pve/error.h"

namespace pve {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kMaxPollInterval{2000};
constexpr std::chrono::milliseconds kSleepSlice{50};

// Perl sends numbers as strings or numbers depending on history; both are accepted.
std::string text_of(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Sleeps `duration` in short slices, returning early (true) as soon as the caller cancels.
bool sleep_unless_cancelled(std::chrono::milliseconds duration, const WaitOptions& options) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until) {
    if (options.cancelled && options.cancelled()) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    std::this_thread::sleep_for(std::min(left, kSleepSlice));
  }
  return options.cancelled && options.cancelled();
}

std::vector<std::string> log_lines(const nlohmann::json& data) {
  std::vector<std::string> lines;
  if (!data.is_array()) return lines;
  for (const auto& entry : data) {
    if (entry.is_object()) lines.push_back(text_of(entry, "t"));
  }
  return lines;
}

// The last `count` lines of the task log. The log endpoint pages from the start, so the first
// page tells the total and a second request fetches the tail when the log is longer.
std::vector<std::string> log_tail(Api& api, const std::string& log_path, std::size_t count) {
  const auto limit = std::to_string(count);
  nlohmann::json page = api.get_envelope(log_path, {{"start", "0"}, {"limit", limit}});
  std::vector<std::string> lines = log_lines(page.value("data", nlohmann::json()));
  long long total = -1;
  if (auto it = page.find("total"); it != page.end()) {
    if (it->is_number_integer()) {
      total = it->get<long long>();
    } else if (it->is_string()) {
      total = std::strtoll(it->get<std::string>().c_str(), nullptr, 10);
    }
  }
  if (total > static_cast<long long>(count)) {
    const auto start = std::to_string(total - static_cast<long long>(count));
    page = api.get_envelope(log_path, {{"start", start}, {"limit", limit}});
    lines = log_lines(page.value("data", nlohmann::json()));
  }
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<long>(count));
  return lines;
}

Upid parse_or_throw(const std::string& upid) {
  std::optional<Upid> parsed = Upid::parse(upid);
  if (!parsed) {
    throw Error(
        ErrorKind::kBadRequest, 0, "",
        "'" + upid + "' is not a Proxmox task id (UPID:node:pid:pstart:starttime:type:id:user:)");
  }
  return *parsed;
}

}  // namespace

std::optional<Upid> Upid::parse(std::string_view text) {
  static const std::regex kUpid(
      R"(^UPID:([a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, kUpid)) return std::nullopt;
  Upid upid;
  upid.node = match[1].str();
  upid.pid = std::stoul(match[3].str(), nullptr, 16);
  upid.pstart = std::stoull(match[4].str(), nullptr, 16);
  upid.starttime = std::stoll(match[5].str(), nullptr, 16);
  upid.type = match[6].str();
  upid.id = match[7].str();
  upid.user = match[8].str();
  return upid;
}

TaskStatus task_status(Api& api, const std::string& upid) {
  const Upid parsed = parse_or_throw(upid);
  const nlohmann::json data = api.get(path({"nodes", parsed.node, "tasks", upid, "status"}));
  if (!data.is_object()) {
    throw Error(ErrorKind::kProtocol, 200, "",
                "Proxmox sent a task status for " + upid + " that is not an object");
  }
  TaskStatus status;
  status.upid = upid;
  status.node = text_of(data, "node");
  if (status.node.empty()) status.node = parsed.node;
  status.type = text_of(data, "type");
  if (status.type.empty()) status.type = parsed.type;
  status.status = text_of(data, "status");
  if (status.finished()) status.exitstatus = text_of(data, "exitstatus");
  return status;
}

TaskStatus wait_for_task(Api& api, const std::string& upid, const WaitOptions& options) {
  const Upid parsed = parse_or_throw(upid);
  const auto start = Clock::now();
  auto interval = std::max(options.poll_interval, std::chrono::milliseconds(1));
  const auto max_interval = std::max(kMaxPollInterval, interval);
  for (;;) {
    TaskStatus status = task_status(api, upid);
    const auto elapsed = Clock::now() - start;
    if (options.on_progress) {
      options.on_progress(std::chrono::duration<double>(elapsed).count(), status.status);
    }
    if (status.finished()) {
      if (!status.succeeded()) {
        try {
          status.log_tail = log_tail(api, path({"nodes", parsed.node, "tasks", upid, "log"}),
                                     options.log_tail_lines);
        } catch (const Error& error) {
          status.log_tail = {std::string("(the task log could not be read: ") + error.what() + ")"};
        }
      }
      return status;
    }
    if (options.cancelled && options.cancelled()) {
      status.cancelled = true;
      return status;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        options.timeout - std::chrono::duration_cast<std::chrono::milliseconds>(elapsed));
    if (left <= std::chrono::milliseconds(0)) {
      status.timed_out = true;
      return status;
    }
    if (sleep_unless_cancelled(std::min(interval, left), options)) {
      status.cancelled = true;
      return status;
    }
    interval = std::min(max_interval,
                        std::max(interval + interval / 2, interval + std::chrono::milliseconds(1)));
  }
}

}  // namespace pve
