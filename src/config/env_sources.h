// Where settings come from on a real machine: the process environment, the .env files, files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace config {

// The text of a .env file that exists, with the path it was read from.
struct EnvFile {
  std::string path;
  std::string content;
};

// The outcome of reading a file the user named (--token-file, PROXMOX_CA_FILE).
struct FileRead {
  bool ok = false;
  std::string content;
  std::string error;  // e.g. "No such file or directory"; never the content
  unsigned mode = 0;  // its permission bits, when the reader looked (read_trusted_file)
};

// The .env files to read, highest precedence first: `<cwd>/.env`, then the .env in the parent of
// the installation, where the Node.js server keeps it. The binary lives in <repo>/build/, so
// that file is <repo>/../.env: for /home/u/proxmox-mcp/build/proxmox-mcp it is /home/u/.env.
// A path that names the same file as an earlier one is left out.
std::vector<std::filesystem::path> env_file_paths(const std::filesystem::path& cwd,
                                                  const std::filesystem::path& executable);

// Reads those of `paths` that exist and can be trusted. A .env can turn on elevated mode or
// switch TLS verification off, so, as ssh's StrictModes does, a file is skipped unless it belongs
// to `user` (or root) and nobody else may write it, nor replace it through a directory that is
// writable by every user without the sticky bit. A skipped or unreadable file adds a line to
// `problems`; a missing file is normal and says nothing.
std::vector<EnvFile> read_env_files(const std::vector<std::filesystem::path>& paths,
                                    std::vector<std::string>& problems, uid_t user);

// The same for the process's effective user.
std::vector<EnvFile> read_env_files(const std::vector<std::filesystem::path>& paths,
                                    std::vector<std::string>& problems);

FileRead read_file_from_disk(const std::string& path);
// The same for a settings file that can do what a .env can (the clusters file): read only if it
// may be trusted as a .env is (read_env_files), else an error that says why and how to fix it.
FileRead read_trusted_file(const std::string& path);

// The process environment as a map (only this process's variables; nothing is exported back).
std::map<std::string, std::string> process_environment();

// The running binary's absolute path (/proc/self/exe), or `argv0` made absolute as a fallback.
std::filesystem::path executable_path(const char* argv0);

}  // namespace config
