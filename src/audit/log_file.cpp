#include "audit/log_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ossl/openssl.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

#include "bytes/hex.h"

namespace audit {
namespace {

constexpr long long kTailChunk = 4096;

// Holds an exclusive flock for its lifetime; another process appending waits.
class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd), locked_(::flock(fd, LOCK_EX) == 0) {}
  ~FileLock() {
    if (locked_) ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  [[nodiscard]] bool locked() const { return locked_; }

 private:
  int fd_;
  bool locked_;
};

}  // namespace

std::string sha256_hex(std::string_view text) {
  return bytes::to_hex(ossl::sha256(text));
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since = time.time_since_epoch();
  const std::time_t seconds = duration_cast<std::chrono::seconds>(since).count();
  const auto millis = duration_cast<milliseconds>(since).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%03dZ", static_cast<int>(millis));
  return std::string(text.data()) + fraction.data();
}

LogFile::LogFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw failure("cannot open");
  // Read access for the tail comes from a second descriptor: the append one may not read.
  const int probe = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (probe < 0) {
    WriteError error = failure("cannot read");
    ::close(fd_);
    throw error;
  }
  ::close(probe);
}

LogFile::~LogFile() {
  if (fd_ >= 0) ::close(fd_);
}

WriteError LogFile::failure(std::string_view what) const {
  return WriteError("audit log " + path_ + ": " + std::string(what) + ": " + std::strerror(errno));
}

LogFile::Tail LogFile::tail_locked(long long size) {
  if (size == 0) return {std::string(kFirstPrev), false};
  if (size == end_) return {last_hash_, false};
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw failure("cannot read");
  // The last line is what follows the last newline before the final byte.
  std::string line;
  bool open_line = false;
  long long at = size;
  bool found = false;
  while (at > 0 && !found) {
    const long long length = std::min(kTailChunk, at);
    at -= length;
    std::vector<char> chunk(static_cast<std::size_t>(length));
    if (::pread(fd, chunk.data(), chunk.size(), at) != length) {
      WriteError error = failure("cannot read");
      ::close(fd);
      throw error;
    }
    std::string text(chunk.begin(), chunk.end());
    if (at + length == size) {
      open_line = text.back() != '\n';
      if (!open_line) text.pop_back();
    }
    const std::size_t newline = text.rfind('\n');
    if (newline != std::string::npos) {
      text.erase(0, newline + 1);
      found = true;
    }
    line.insert(0, text);
  }
  ::close(fd);
  return {sha256_hex(line), open_line};
}

void LogFile::write_locked(const std::string& bytes) {
  // One write(2) for the whole line: a reader or another writer never sees half of it. A short
  // write (a full disk) leaves a cut line that the next write ends.
  const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
  if (written < 0) throw failure("cannot write");
  if (static_cast<std::size_t>(written) != bytes.size()) {
    errno = ENOSPC;
    throw failure("line cut short");
  }
  if (::fdatasync(fd_) != 0) throw failure("cannot sync");
}

void LogFile::append(const nlohmann::ordered_json& fields) {
  std::lock_guard guard(mutex_);
  const FileLock lock(fd_);
  if (!lock.locked()) throw failure("cannot lock");
  struct stat info {};
  if (::fstat(fd_, &info) != 0) throw failure("cannot stat");
  const Tail tail = tail_locked(info.st_size);
  nlohmann::ordered_json line;
  line["time"] = rfc3339_utc(std::chrono::system_clock::now());
  for (const auto& [key, value] : fields.items()) line[key] = value;
  line["prev"] = tail.prev;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  write_locked((tail.open_line ? "\n" : "") + text + "\n");
  last_hash_ = sha256_hex(text);
  end_ = info.st_size + static_cast<long long>(text.size() + 1 + (tail.open_line ? 1 : 0));
}

}  // namespace audit
