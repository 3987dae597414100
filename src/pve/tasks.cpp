#include "pve/tasks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "pve/error.h"

namespace pve {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kMaxPollInterval{2000};

// Perl sends numbers as strings or numbers depending on history; both are accepted.
std::string text_of(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Sleeps between two polls; true when the caller wants the wait to end.
bool pause(std::chrono::milliseconds duration, const WaitOptions& options) {
  if (options.pause) return options.pause(duration);
  std::this_thread::sleep_for(duration);
  return false;
}

std::vector<LogLine> log_lines(const nlohmann::json& data) {
  std::vector<LogLine> lines;
  if (!data.is_array()) return lines;
  for (const auto& entry : data) {
    if (!entry.is_object()) continue;
    const std::string n = text_of(entry, "n");
    lines.push_back({std::strtoll(n.c_str(), nullptr, 10), text_of(entry, "t")});
  }
  return lines;
}

long long total_of(const nlohmann::json& page) {
  auto it = page.find("total");
  if (it == page.end()) return -1;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_string()) return std::strtoll(it->get<std::string>().c_str(), nullptr, 10);
  return -1;
}

LogWindow log_page(Api& api, const std::string& log_path, long long start, std::size_t count) {
  const nlohmann::json page = api.get_envelope(
      log_path, {{"start", std::to_string(start)}, {"limit", std::to_string(count)}});
  return {log_lines(page.value("data", nlohmann::json())), total_of(page)};
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

bool is_hex(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// A UPID's type, id and user: no white space and no '/' (the UPID goes into a URL path).
bool is_word(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return c == '/' || std::isspace(static_cast<unsigned char>(c)) != 0;
  });
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
  // Real UPIDs are under 150 bytes; anything far longer is not one (and is never scanned).
  static constexpr std::size_t kMaxUpidBytes = 512;
  static constexpr std::size_t kFields = 9;  // "UPID", 7 values, and the empty tail
  if (text.size() > kMaxUpidBytes) return std::nullopt;
  std::array<std::string_view, kFields> field;
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    const std::size_t colon = text.find(':', start);
    if (count == kFields) return std::nullopt;
    field[count++] = text.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (count != kFields || field[0] != "UPID" || !field[8].empty()) return std::nullopt;
  const std::string_view node = field[1];
  const bool node_ok = !node.empty() && std::all_of(node.begin(), node.end(), is_name_char) &&
                       node.front() != '-' && node.back() != '-';
  const bool values_ok = is_hex(field[2], 8, 8) && is_hex(field[3], 8, 9) &&
                         is_hex(field[4], 8, 8) && !field[5].empty() && is_word(field[5]) &&
                         is_word(field[6]) && !field[7].empty() && is_word(field[7]);
  if (!node_ok || !values_ok) return std::nullopt;
  Upid upid;
  upid.node = std::string(node);
  upid.pid = std::stoul(std::string(field[2]), nullptr, 16);
  upid.pstart = std::stoull(std::string(field[3]), nullptr, 16);
  upid.starttime = std::stoll(std::string(field[4]), nullptr, 16);
  upid.type = std::string(field[5]);
  upid.id = std::string(field[6]);
  upid.user = std::string(field[7]);
  return upid;
}

LogWindow read_task_log(Api& api, const std::string& upid, std::optional<long long> start,
                        std::size_t count) {
  const Upid parsed = parse_or_throw(upid);
  const std::string log_path = path({"nodes", parsed.node, "tasks", upid, "log"});
  LogWindow window = log_page(api, log_path, start.value_or(0), count);
  if (!start && window.total > static_cast<long long>(count)) {
    window = log_page(api, log_path, window.total - static_cast<long long>(count), count);
  }
  if (window.lines.size() > count) {
    window.lines.erase(window.lines.begin(), window.lines.end() - static_cast<long>(count));
  }
  return window;
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

namespace {

std::vector<std::string> unreadable_log(const Error& error) {
  return {std::string("(the task log could not be read: ") + error.what() + ")"};
}

// A migration log's "2026-12-06 10:00:01 " in front of every line.
bool has_timestamp(const std::string& line) {
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd ";
  if (line.size() < kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(line[i])) != 0;
    if (kShape[i] == 'd' ? !digit : line[i] != kShape[i]) return false;
  }
  return true;
}

// The text after a migration log's timestamp, else the line.
std::string_view message_of(const std::string& line) {
  return has_timestamp(line) ? std::string_view(line).substr(20) : std::string_view(line);
}

// Whether a line begins a message of its own rather than continuing the one before: blank,
// a worker's "INFO:"/"WARN:"/"ERROR:" prefix, the "TASK …" end, a migration log's timestamp.
bool begins_message(const std::string& line) {
  const std::string_view text = message_of(line);
  return line.empty() || has_timestamp(line) || text.starts_with("INFO:") ||
         text.starts_with("WARN:") || text.starts_with("ERROR:") || text.starts_with("TASK ");
}

// The warnings of a task that ended "WARNINGS: n": each log_warn line ("WARN: …") with the
// lines that continue it (a multi-line message, the explanation printed after it, up to a
// blank or prefixed line), the last `count` lines of them; a note when the log is unreadable.
std::vector<std::string> warning_lines(Api& api, const std::string& upid, std::size_t count) {
  constexpr long long kMaxLines = 5000;  // a long vzdump log; the warnings are within
  constexpr std::size_t kMaxContinuation = 8;
  std::vector<std::string> out;
  try {
    std::size_t continuing = 0;  // lines a warning may still take
    for (auto& line : read_task_log(api, upid, 0, kMaxLines).lines) {
      if (message_of(line.text).starts_with("WARN: ")) {
        continuing = kMaxContinuation;
      } else if (continuing == 0 || begins_message(line.text)) {
        continuing = 0;
        continue;
      } else {
        --continuing;
      }
      out.push_back(std::move(line.text));
    }
  } catch (const Error& error) {
    return unreadable_log(error);
  }
  if (out.size() > count) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(count));
  return out;
}

}  // namespace

TaskStatus wait_for_task(Api& api, const std::string& upid, const WaitOptions& options) {
  parse_or_throw(upid);  // a malformed UPID fails before the first request
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
          for (auto& line : read_task_log(api, upid, std::nullopt, options.log_tail_lines).lines) {
            status.log_tail.push_back(std::move(line.text));
          }
        } catch (const Error& error) {
          status.log_tail = unreadable_log(error);
        }
      } else if (status.exitstatus != "OK") {
        status.log_tail = warning_lines(api, upid, options.log_tail_lines);
      }
      return status;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        options.timeout - std::chrono::duration_cast<std::chrono::milliseconds>(elapsed));
    if (left <= std::chrono::milliseconds(0)) {
      status.timed_out = true;
      return status;
    }
    if (pause(std::min(interval, left), options)) {
      status.cancelled = true;
      return status;
    }
    interval = std::min(max_interval,
                        std::max(interval + interval / 2, interval + std::chrono::milliseconds(1)));
  }
}

}  // namespace pve
