// The command line (CLI11): --help, --version, --demo and one flag per setting.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace config {

struct CommandLine {
  enum class Action { run, help, version, error };
  Action action = Action::run;
  std::string text;  // help text, version line, or the error (one line, no program prefix)

  bool demo = false;
  bool test_fixtures = false;                 // hidden --test-fixtures (see Config::test_fixtures)
  std::map<std::string, std::string> values;  // variable name → raw value given by its flag
  std::optional<std::string> token_file;
  std::optional<std::string> log_level;
};

// `args` is argv including argv[0]. Nothing is printed; the caller decides what to do.
CommandLine parse_command_line(const std::vector<std::string>& args, const std::string& version);

}  // namespace config
