#include "tools/guest_args.h"

#include <algorithm>
#include <cctype>

namespace tools::typed {
namespace {

constexpr std::size_t kMaxSnapnameLength = 40;  // apidata.json: snapname maxLength

}  // namespace

// pve-common's JSONSchema::pve_verify_configid: /^[a-z][a-z0-9_-]+$/i.
Problem snapname_rule(const std::string& text) {
  bool valid = text.size() >= 2 && text.size() <= kMaxSnapnameLength &&
               std::isalpha(static_cast<unsigned char>(text.front())) != 0;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') valid = false;
  }
  if (!valid) {
    return "must start with a letter and continue with letters, digits, '_' or '-' (2 to 40 "
           "characters, Proxmox's configuration ID format)";
  }
  if (text == "current" || text == "pending") {
    return "'" + text + "' is reserved by Proxmox (the live state and pending changes)";
  }
  return std::nullopt;
}

Problem listed_in(std::span<const std::string_view> allowed, const std::string& text) {
  if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return std::nullopt;
  std::string list;
  for (std::string_view choice : allowed) list += (list.empty() ? "" : ", ") + std::string(choice);
  return "must be one of: " + list;
}

}  // namespace tools::typed
