#include "config/command_line.h"

#include <CLI/CLI.hpp>

#include "config/settings.h"
#include "config/values.h"

namespace config {
namespace {

constexpr const char* kFooter =
    R"(Each flag overrides the environment variable in brackets. Settings come from
flags, then the environment, then .env files: ./.env first, then the .env in the
parent directory of the installation (for /home/u/proxmox-mcp/build/proxmox-mcp
that is /home/u/.env). A variable set in the environment is never overridden by
a file.

PROXMOX_TOKEN_VALUE holds the token secret (required unless --demo). It has no
flag on purpose: a value on the command line is visible to every user through
ps. Set the variable, put it in a .env file, or keep it in a file of its own:
--token-file PATH, PROXMOX_TOKEN_VALUE_FILE=PATH, or a systemd credential named
PROXMOX_TOKEN_VALUE (LoadCredential=). MCP_AUTH_TOKEN takes MCP_AUTH_TOKEN_FILE
and its credential the same way.

Booleans accept true/false, 1/0, yes/no; a switch also takes a value:
--elevated=false. Exit status: 0 when stdin closes, 2 for a missing or invalid
setting.

Beside the server: `proxmox-mcp bootstrap --tier read-only|operator|admin`
prints the pveum commands of a least-privilege token; `proxmox-mcp doctor`
checks these settings against the host. Each has its own --help.)";

// Secret-shaped flags people try; CLI11 would echo the value in its error, so catch them first.
bool is_secret_flag(const std::string& arg) {
  for (const char* flag : {"--token-value", "--token-secret", "--token", "--secret"}) {
    std::string f(flag);
    if (arg == f || arg.rfind(f + "=", 0) == 0) return true;
  }
  return false;
}

bool is_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// An option name is shown back only when it is shaped like one (--token_value); anything else
// after the dashes may be a pasted secret.
bool looks_like_option_name(std::string_view name) {
  constexpr size_t kLongest = 30;  // a token secret (a UUID) is longer
  size_t dashes = name.find_first_not_of('-');
  if (dashes == std::string_view::npos) return false;
  std::string_view bare = name.substr(dashes);
  return bare.size() <= kLongest && is_letter(bare.front()) &&
         bare.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
             std::string_view::npos;
}

std::string unknown_option(std::string_view name, size_t position) {
  if (looks_like_option_name(name)) {
    return "unknown option '" + std::string(name) + "' (see --help)";
  }
  return "unknown option at position " + std::to_string(position) + " (name not shown; see --help)";
}

}  // namespace

// CLI11 quotes whatever it did not expect, value and all, so a secret pasted as
// --token_value=SECRET, after an unknown option or as a stray argument would be echoed. This walks
// the arguments as CLI11 will and stops at the first one it would not take as an option or an
// option's value, naming only what is safe to show. Returns "" when CLI11 may parse them.
std::string check_arguments(const CLI::App& app, const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      return "unexpected argument at position " + std::to_string(i) +
             " (value not shown; see --help)";
    }
    bool is_long = arg[1] == '-';
    // Only -h is short, and it takes no value: in "-xSECRET" only "-x" can be named.
    std::string name = is_long ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
    const CLI::Option* option = app.get_option_no_throw(name);
    if (option == nullptr || (!is_long && arg.size() > 2)) return unknown_option(name, i);
    bool takes_value = option->get_items_expected_max() > 0;
    if (!takes_value) {
      // A switch takes only a boolean (--elevated=false); anything else there is not shown.
      if (name.size() < arg.size() && !parse_bool(std::string_view(arg).substr(name.size() + 1))) {
        return name + " must be " + kBoolRule + " (value not shown; see --help)";
      }
      continue;
    }
    if (name.size() < arg.size()) continue;
    // CLI11 would take even "--port" or a stray secret after "--host" as the host; refuse instead.
    if (i + 1 == args.size() || args[i + 1].rfind('-', 0) == 0) {
      return name + " needs a value (see --help)";
    }
    ++i;
  }
  return {};
}

CommandLine parse_command_line(const std::vector<std::string>& args, const std::string& version) {
  CommandLine result;
  // No arguments, as MCP clients mostly start the server: nothing to parse, and setting up
  // CLI11's options costs a fifth of a start.
  if (args.size() <= 1) return result;
  for (size_t i = 1; i < args.size(); ++i) {
    if (is_secret_flag(args[i])) {
      result.action = CommandLine::Action::error;
      result.text =
          "the token secret cannot be given on the command line (it would be visible in ps): "
          "set PROXMOX_TOKEN_VALUE or use --token-file PATH";
      return result;
    }
  }

  CLI::App app{"proxmox-mcp: an MCP server for Proxmox VE (stdio, or HTTP with --http)",
               "proxmox-mcp"};
  app.footer(kFooter);
  app.set_version_flag("--version", "proxmox-mcp " + version, "Print the version and exit");
  app.add_flag("--demo", result.demo, "Serve an embedded simulated cluster (no Proxmox needed)");
  // An empty group keeps it out of --help: it is for the project's own tests.
  app.add_flag("--test-fixtures", result.test_fixtures)->group("");

  std::map<std::string, std::string> strings;
  std::map<std::string, bool> switches;
  std::vector<std::pair<std::string, CLI::Option*>> options;
  for (const Setting& s : settings()) {
    std::string variable(s.variable);
    std::string help = std::string(s.help) + " [" + variable + "]";
    CLI::Option* option = s.is_switch
                              ? app.add_flag(std::string(s.flag), switches[variable], help)
                              : app.add_option(std::string(s.flag), strings[variable], help);
    if (!s.is_switch) option->type_name(std::string(s.value_name));
    options.emplace_back(variable, option);
  }
  std::string token_file;
  CLI::Option* token_file_option =
      app.add_option("--token-file", token_file,
                     "Read the token secret from this file (overrides PROXMOX_TOKEN_VALUE)")
          ->type_name("PATH");
  std::string auth_token_file;
  CLI::Option* auth_token_file_option =
      app.add_option("--auth-token-file", auth_token_file,
                     "Read the HTTP bearer token from this file (overrides MCP_AUTH_TOKEN)")
          ->type_name("PATH");
  std::string log_level;
  CLI::Option* log_level_option =
      app.add_option("--log-level", log_level,
                     "Log level on stderr: debug, info (default), warning, error")
          ->type_name("LEVEL");

  if (std::string problem = check_arguments(app, args); !problem.empty()) {
    result.action = CommandLine::Action::error;
    result.text = problem;
    return result;
  }

  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    result.action = CommandLine::Action::help;
    result.text = app.help();
    return result;
  } catch (const CLI::CallForVersion&) {
    result.action = CommandLine::Action::version;
    result.text = "proxmox-mcp " + version + "\n";
    return result;
  } catch (const CLI::ParseError& e) {
    result.action = CommandLine::Action::error;
    result.text = std::string(e.what()) + " (see --help)";
    return result;
  }

  for (const auto& [variable, option] : options) {
    if (option->count() == 0) continue;
    auto it = switches.find(variable);
    result.values[variable] =
        it != switches.end() ? (it->second ? "true" : "false") : strings[variable];
  }
  if (token_file_option->count() > 0) result.token_file = token_file;
  if (auth_token_file_option->count() > 0) result.auth_token_file = auth_token_file;
  if (log_level_option->count() > 0) result.log_level = log_level;
  return result;
}

}  // namespace config
