// `proxmox-mcp bootstrap`: prints the pveum commands of a least-privilege token for a tier.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace setup {

// `args` is argv from the subcommand on ({"bootstrap", "--tier", "operator"}). Prints the
// script (or --help) on `out` and a usage problem on `err`. Returns 0, or 2 for a usage error.
int run_bootstrap(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace setup
