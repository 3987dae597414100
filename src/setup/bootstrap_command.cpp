// bootstrap's command line (CLI11, checked first by config::check_arguments so that nothing
// pasted is echoed).
#include "setup/bootstrap_command.h"

#include <CLI/CLI.hpp>

#include "config/command_line.h"
#include "setup/pveum_script.h"
#include "tools/catalog.h"

namespace setup {

namespace {

constexpr const char* kFooter =
    R"(Tiers: read-only (the read tools), operator (the reads plus power, migration,
CPU/memory, snapshots and backups of existing guests; no create, clone, restore,
delete, disk, network, command or task-stopping tools), admin (every tool).
--toolsets narrows the tier to those toolsets, as PROXMOX_TOOLSETS does.
The role's privileges are computed from the Proxmox API schema's permission
checks of the requests the chosen tools send. Exit status: 0, or 2 for a usage
error.)";

struct Options {
  std::string tier;
  std::string toolsets;
  int pve = 9;
  Principal who;
};

void add_options(CLI::App& app, Options& options) {
  app.add_option("--tier", options.tier, "read-only, operator or admin")
      ->type_name("TIER")
      ->required();
  app.add_option("--toolsets", options.toolsets, "Only these toolsets, e.g. inventory,snapshots")
      ->type_name("LIST");
  app.add_option("--pve", options.pve, "Proxmox VE major version: 8 or 9 (default 9)")
      ->type_name("VERSION")
      ->check(CLI::IsMember({8, 9}));
  app.add_option("--user", options.who.user, "The user owning the token (default mcp@pve)")
      ->type_name("USER");
  app.add_option("--token", options.who.token, "The token id (default mcpserver)")
      ->type_name("NAME");
  app.add_option("--role", options.who.role, "The role's name (default ProxmoxMCP-<tier>)")
      ->type_name("ROLE");
}

int usage_error(std::ostream& err, const std::string& problem) {
  err << "proxmox-mcp bootstrap: " << problem << "\n";
  return 2;
}

}  // namespace

int run_bootstrap(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "proxmox-mcp bootstrap: prints the pveum commands that create a role with just "
      "the privileges a tier of tools needs, a user, a privilege-separated token and "
      "their ACLs",
      "proxmox-mcp bootstrap"};
  app.footer(kFooter);
  Options options;
  add_options(app, options);
  if (std::string problem = config::check_arguments(app, args); !problem.empty()) {
    return usage_error(err, problem);
  }
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    return usage_error(err, std::string(e.what()) + " (see --help)");
  }
  const std::optional<Tier> tier = parse_tier(options.tier);
  if (!tier) return usage_error(err, "--tier must be read-only, operator or admin");
  if (std::string problem = check_principal(options.who); !problem.empty()) {
    return usage_error(err, problem);
  }
  const PlanRequest request{*tier, policy::parse_name_list(options.toolsets), options.pve};
  try {
    const Plan plan = make_plan(request, tools::tool_metas());
    out << pveum_script(request, plan, options.who);
  } catch (const std::invalid_argument& e) {
    return usage_error(err, std::string("--toolsets: ") + e.what());
  }
  return 0;
}

}  // namespace setup
