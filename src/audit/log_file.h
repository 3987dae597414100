// audit::LogFile: an append-only file of JSON lines, each chained to the line before it by hash.
#pragma once

#include <chrono>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace audit {

// The log could not be opened or written; what() names the file and the system's reason.
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The "prev" of a log's first line.
inline constexpr std::string_view kFirstPrev =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Lowercase hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

// "2026-01-02T03:04:05.678Z".
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

// Every line is one JSON object ending in "prev": the SHA-256 of the line before it (its bytes
// without the newline), so a line removed or changed breaks the chain at the next one. Lines
// are written with one write(2) each under an exclusive flock, then fdatasync'd: several
// servers may share one file, and a line is on disk before what it announces happens.
class LogFile {
 public:
  // Opens `path` for appending, creating it with mode 0600. Throws WriteError.
  explicit LogFile(std::string path);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }

  // Appends {"time": now, …fields, "prev": …} as one line. The time is taken under the lock,
  // so times never go backwards down the file. Thread-safe. Throws WriteError.
  void append(const nlohmann::ordered_json& fields);

 private:
  // The hash the next line chains to, and whether the file ends inside a line (a write cut
  // short), which the next write first ends.
  struct Tail {
    std::string prev;
    bool open_line = false;
  };
  Tail tail_locked(long long size);
  void write_locked(const std::string& bytes);
  [[nodiscard]] WriteError failure(std::string_view what) const;

  std::mutex mutex_;
  std::string path_;
  int fd_ = -1;
  // What this process last wrote: the file's size after it and its hash, so that the tail is
  // read again only when another process appended meanwhile.
  long long end_ = -1;
  std::string last_hash_;
};

}  // namespace audit
