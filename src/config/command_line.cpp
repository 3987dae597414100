#include "config/command_line.h"

#include <CLI/CLI.hpp>

#include "config/settings.h"

namespace config {
namespace {

constexpr const char* kFooter =
    R"(Settings come from flags, then the environment, then .env files: ./.env first,
then the .env in the parent directory of the installation (for
/home/u/proxmox-mcp/build/proxmox-mcp that is /home/u/.env). A variable already
set in the environment is never overridden by a file.

Environment variables (flag in parentheses):
  PROXMOX_HOST (--host)              required unless --demo
  PROXMOX_PORT (--port)              default 8006
  PROXMOX_USER (--user)              default root@pam
  PROXMOX_TOKEN_NAME (--token-name)  default mcpserver
  PROXMOX_TOKEN_VALUE (--token-file) the token secret, required unless --demo;
                                     prefer the variable or a file: a value on the
                                     command line would be visible in ps
  PROXMOX_ALLOW_ELEVATED (--elevated)       true/false, default false
  PROXMOX_CA_FILE (--ca-file)               PEM CA bundle for the host certificate
  PROXMOX_FINGERPRINT (--fingerprint)       SHA-256 certificate pin, AB:CD:...
  PROXMOX_INSECURE_TLS (--insecure)         true disables verification (warned at start)
  PROXMOX_CONNECT_TIMEOUT (--connect-timeout) seconds, default 5
  PROXMOX_TIMEOUT (--timeout)               seconds per request, default 30
  PROXMOX_LIST_ALL_TOOLS (--list-all-tools) true/false, default false
Booleans accept true/false, 1/0, yes/no. A switch also takes a value: --elevated=false.
Exit codes: 0 after stdin closes, 2 for a missing or invalid setting.)";

// Secret-shaped flags people try; CLI11 would echo the value in its error, so catch them first.
bool is_secret_flag(const std::string& arg) {
  for (const char* flag : {"--token-value", "--token-secret", "--token", "--secret"}) {
    std::string f(flag);
    if (arg == f || arg.rfind(f + "=", 0) == 0) return true;
  }
  return false;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args, const std::string& version) {
  CommandLine result;
  for (size_t i = 1; i < args.size(); ++i) {
    if (is_secret_flag(args[i])) {
      result.action = CommandLine::Action::error;
      result.text =
          "the token secret cannot be given on the command line (it would be visible in ps): "
          "set PROXMOX_TOKEN_VALUE or use --token-file PATH";
      return result;
    }
  }

  CLI::App app{"proxmox-mcp: an MCP server for Proxmox VE (stdio transport)", "proxmox-mcp"};
  app.footer(kFooter);
  app.set_version_flag("--version", "proxmox-mcp " + version, "Print the version and exit");
  app.add_flag(
      "--demo", result.demo,
      "Serve an embedded simulated cluster instead of a real host (no credentials needed)");

  std::map<std::string, std::string> strings;
  std::map<std::string, bool> switches;
  std::vector<std::pair<std::string, CLI::Option*>> options;
  for (const Setting& s : settings()) {
    std::string variable(s.variable);
    std::string help = std::string(s.help) + " [" + variable + "]";
    CLI::Option* option = s.is_switch
                              ? app.add_flag(std::string(s.flag), switches[variable], help)
                              : app.add_option(std::string(s.flag), strings[variable], help);
    if (!s.is_switch) option->type_name("VALUE");
    options.emplace_back(variable, option);
  }
  std::string token_file;
  CLI::Option* token_file_option =
      app.add_option("--token-file", token_file,
                     "Read the token secret from this file (overrides PROXMOX_TOKEN_VALUE)")
          ->type_name("PATH");
  std::string log_level;
  CLI::Option* log_level_option =
      app.add_option("--log-level", log_level, "stderr log level: debug, info, warning, error")
          ->type_name("LEVEL");

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
  if (log_level_option->count() > 0) result.log_level = log_level;
  return result;
}

}  // namespace config
