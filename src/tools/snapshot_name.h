// A guest snapshot's name as Proxmox accepts it, for every tool that takes one.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tools {

// args["snapname"] in PVE's pve-configid format (a letter, then letters, digits, '_' or '-'; 2
// to 40 characters), not "current" or "pending"; ArgError otherwise, or when it is missing.
std::string snapshot_name(const nlohmann::json& args);

// The input schema property for it.
nlohmann::json snapshot_name_property(std::string_view description);

}  // namespace tools
