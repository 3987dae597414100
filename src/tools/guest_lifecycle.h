// Internal: the guest lifecycle tools (clone, resize, delete), one file each, one area together.
#pragma once

#include "pve/api.h"
#include "tools/args.h"
#include "tools/write_tool.h"

namespace tools {

// Each describes the tool of its kind for one guest type (proxmox_clone_vm, …_lxc).
WriteSpec clone_spec(pve::Api& api, GuestType type);
WriteSpec resize_spec(pve::Api& api, GuestType type);
WriteSpec delete_spec(pve::Api& api, GuestType type);

}  // namespace tools
