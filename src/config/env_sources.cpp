#include "config/env_sources.h"

#include <cerrno>
#include <cstring>
#include <fstream>
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

}  // namespace

std::vector<fs::path> env_file_paths(const fs::path& cwd, const fs::path& executable) {
  std::vector<fs::path> paths{cwd / ".env"};
  // executable = <parent>/<repo>/build/proxmox-mcp → <parent>/.env
  fs::path install_parent = executable.lexically_normal().parent_path().parent_path().parent_path();
  if (!install_parent.empty()) {
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
                                    std::vector<std::string>& problems) {
  std::vector<EnvFile> files;
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    FileRead read = read_file_from_disk(path.string());
    if (!read.ok) {
      problems.push_back("cannot read " + path.string() + ": " + read.error);
      continue;
    }
    files.push_back({path.string(), std::move(read.content)});
  }
  return files;
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
