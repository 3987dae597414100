// A guest snapshot's name as Proxmox accepts it, for every tool that takes one.
#pragma once

#include <string>
#include <string_view>

#include "tools/typed_args.h"

namespace tools::typed {

// PVE's pve-configid format (a letter, then letters, digits, '_' or '-'; 2 to 40 characters),
// not "current" or "pending".
Problem snapshot_id(const std::string& name);

}  // namespace tools::typed
