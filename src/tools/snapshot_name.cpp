#include "tools/snapshot_name.h"

#include <cctype>

namespace tools {
namespace {

constexpr std::size_t kMaxSnapnameLength = 40;  // apidata.json: snapname maxLength

}  // namespace

// PVE's pve-configid (pve-common JSONSchema::pve_verify_configid): /^[a-z][a-z0-9_-]+$/i, and
// the snapshot endpoints cap it at 40. "current" (the live state in every snapshot list) and
// "pending" are refused by Proxmox itself.
typed::Problem typed::snapshot_id(const std::string& name) {
  bool valid = name.size() >= 2 && name.size() <= kMaxSnapnameLength &&
               std::isalpha(static_cast<unsigned char>(name.front())) != 0;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') valid = false;
  }
  if (!valid) {
    return "must start with a letter and continue with letters, digits, '_' or '-' (2 to 40 "
           "characters, Proxmox's configuration ID format)";
  }
  if (name == "current" || name == "pending") {
    return "'" + name + "' is reserved by Proxmox (the live state and pending changes)";
  }
  return std::nullopt;
}

}  // namespace tools
