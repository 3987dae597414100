// The command line (CLI11): --help, --version, --demo and one flag per setting.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace config {

struct CommandLine {
  enum class Action { run, help, version, error };
  Action action = Action::run;
  std::string text;  // help text, version line, or the error (one line, no program prefix)

  bool demo = false;
  bool test_fixtures = false;                 // hidden --test-fixtures (see Config::test_fixtures)
  std::map<std::string, std::string> values;  // variable name → raw value given by its flag
  std::optional<std::string> token_file;
  std::optional<std::string> auth_token_file;
  std::optional<std::string> log_level;
};

// `args` is argv including argv[0]. Nothing is printed; the caller decides what to do.
CommandLine parse_command_line(const std::vector<std::string>& args, const std::string& version);

// The first argument of `args` (argv including argv[0]) that CLI11 would not take as one of
// `app`'s options or an option's value, named only as far as it is safe to show (a pasted
// secret never is); "" when CLI11 may parse them. CLI11's own errors quote values.
std::string check_arguments(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace config
