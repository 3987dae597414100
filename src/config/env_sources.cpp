#include "config/env_sources.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

extern char** environ;  // POSIX

namespace config {
namespace fs = std::filesystem;

namespace {

// Same file (through symlinks or different spellings) when both exist; else lexical equality.
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return a.lexically_normal() == b.lexically_normal();
}

// "0666": the permission bits as chmod takes them.
std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Why the opened .env `file` at `path` must not be trusted, or "" when it may.
std::string distrust_reason(const fs::path& path, const struct stat& file, uid_t user) {
  if (file.st_uid != user && file.st_uid != 0) {
    return "it is owned by another user (uid " + std::to_string(file.st_uid) +
           "); only a .env owned by you or root is read";
  }
  if ((file.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return "it is writable by other users (mode " + octal_mode(file.st_mode) +
           "); fix with chmod go-w " + path.string();
  }
  // Without the sticky bit, anyone may rename the file away and put their own in its place.
  fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  struct stat parent {};
  if (::stat(dir.c_str(), &parent) == 0 && (parent.st_mode & S_IWOTH) != 0 &&
      (parent.st_mode & S_ISVTX) == 0) {
    return "its directory " + dir.string() + " is writable by every user (mode " +
           octal_mode(parent.st_mode) + ") without the sticky bit; move the file or fix with " +
           "chmod o-w " + dir.string();
  }
  return {};
}

// Closes a file descriptor on every way out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::optional<std::string> read_all(int fd) {
  std::string content;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return content;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    content.append(buffer, static_cast<size_t>(n));
  }
}

// A settings file read only if it may be trusted: its content, or why it was not read.
struct TrustedRead {
  FileRead read;
  bool missing = false;     // no such file
  bool distrusted = false;  // read.error says why and how to fix it
};

// The checks look at the file that was opened, so that it cannot be swapped between the check
// and the read; O_NONBLOCK keeps a FIFO from hanging the start.
TrustedRead read_trusted(const fs::path& path, uid_t user) {
  TrustedRead out;
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  struct stat info {};
  if (file.fd < 0 || ::fstat(file.fd, &info) != 0) {
    out.missing = errno == ENOENT;
    out.read.error = std::strerror(errno);
    return out;
  }
  if (S_ISDIR(info.st_mode)) {
    out.read.error = "is a directory";
    return out;
  }
  if (!S_ISREG(info.st_mode)) {
    out.read.error = "not a regular file";
    return out;
  }
  if (std::string reason = distrust_reason(path, info, user); !reason.empty()) {
    out.distrusted = true;
    out.read.error = std::move(reason);
    return out;
  }
  std::optional<std::string> content = read_all(file.fd);
  if (!content) {
    out.read.error = std::strerror(errno);
    return out;
  }
  out.read = FileRead{true, std::move(*content), "", static_cast<unsigned>(info.st_mode & 07777)};
  return out;
}

// One .env file, if it exists and may be trusted.
std::optional<EnvFile> read_env_file(const fs::path& path, uid_t user,
                                     std::vector<std::string>& problems) {
  TrustedRead file = read_trusted(path, user);
  if (file.read.ok) return EnvFile{path.string(), std::move(file.read.content)};
  if (!file.missing) {
    problems.push_back((file.distrusted ? "ignoring " : "cannot read ") + path.string() + ": " +
                       file.read.error);
  }
  return std::nullopt;
}

}  // namespace

std::vector<fs::path> env_file_paths(const fs::path& cwd, const fs::path& executable) {
  std::vector<fs::path> paths{cwd / ".env"};
  // executable = <parent>/<repo>/build/proxmox-mcp → <parent>/.env
  fs::path install_parent = executable.lexically_normal().parent_path().parent_path().parent_path();
  // An installed binary (/usr/bin, /usr/local/bin, …) has no project directory around it.
  const fs::path directory = executable.lexically_normal().parent_path().filename();
  const bool installed = directory == "bin" || directory == "sbin";
  if (!installed && !install_parent.empty()) {
    fs::path candidate = install_parent / ".env";
    if (!same_file(candidate, paths.front())) paths.push_back(candidate);
  }
  return paths;
}

FileRead read_file_from_disk(const std::string& path) {
  FileRead result;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    result.error = "is a directory";
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = std::strerror(errno);
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    result.error = "read error";
    return result;
  }
  result.ok = true;
  result.content = text.str();
  return result;
}

std::vector<EnvFile> read_env_files(const std::vector<fs::path>& paths,
                                    std::vector<std::string>& problems, uid_t user) {
  std::vector<EnvFile> files;
  for (const fs::path& path : paths) {
    if (std::optional<EnvFile> file = read_env_file(path, user, problems)) {
      files.push_back(std::move(*file));
    }
  }
  return files;
}

std::vector<EnvFile> read_env_files(const std::vector<fs::path>& paths,
                                    std::vector<std::string>& problems) {
  return read_env_files(paths, problems, ::geteuid());
}

FileRead read_trusted_file(const std::string& path) {
  TrustedRead file = read_trusted(path, ::geteuid());
  if (file.distrusted) file.read.error = "not used: " + file.read.error;
  return file.read;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return env;
}

fs::path executable_path(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return self;
  if (argv0 == nullptr || *argv0 == '\0') return {};
  return fs::absolute(argv0, ec);
}

}  // namespace config
