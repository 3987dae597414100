// load_config: a pure function from (argv, environment, .env texts, file reader) to a Config or
// to the one line that tells the user what is wrong.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/env_sources.h"

namespace config {

struct Sources {
  std::vector<std::string> args;           // argv, including argv[0]
  std::map<std::string, std::string> env;  // the process environment
  std::vector<EnvFile> env_files;          // highest precedence first (see env_file_paths)
  std::function<FileRead(const std::string&)> read_file;  // for --token-file and PROXMOX_CA_FILE
  std::string version;                                    // for --version
  // For the clusters file (read_trusted_file); read_file when unset.
  std::function<FileRead(const std::string&)> read_settings_file = {};
};

struct LoadResult {
  std::optional<Config> config;  // set when the server should run
  int exit_code = 0;             // when config is empty: 0 for --help/--version, 2 for an error
  std::string output;            // --help or --version text, for stdout
  std::string error;             // one line naming the variable or flag; never the secret
  std::vector<std::string> warnings;  // e.g. malformed .env lines; never a value
};

LoadResult load_config(const Sources& sources);

// Prints what a result without a config has to say (output to `out`, "proxmox-mcp: <error>" to
// `err`) and returns the exit code to use. Prints nothing for a result with a config.
int report(const LoadResult& result, std::ostream& out, std::ostream& err);

}  // namespace config
