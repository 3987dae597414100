// What tool arguments are made of: the argument error, guest types, Proxmox identifier formats
// and the readers of values as models send them.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tools {

// A bad argument; what() names the argument and the rule it broke.
class ArgError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A call the settings or a guest's protection forbid, whatever its arguments; what() says why
// and how to allow it. An ArgError, so it answers the same way; the audit log tells it apart.
class Refusal : public ArgError {
 public:
  using ArgError::ArgError;
};

enum class GuestType { kQemu, kLxc };
std::string guest_type_name(GuestType type);   // "qemu" / "lxc": the URL segment
std::string guest_type_label(GuestType type);  // "QEMU" / "LXC": for people
inline bool is_container(GuestType type) {
  return type == GuestType::kLxc;
}

inline constexpr std::int64_t kMinVmid = 100;
inline constexpr std::int64_t kMaxVmid = 999999999;

// PVE formats, so that we reject what Proxmox would reject before it reaches a path.
bool is_node_name(std::string_view text);   // pve-node: a DNS label
bool is_storage_id(std::string_view text);  // pve-storage-id
bool is_pool_id(std::string_view text);     // pve-poolid: "prod", nested "prod/web" (3 levels)

namespace args {

// One value as sent: an integer (or a numeric string, or a float without a fraction); a boolean
// (or "true"/"false"/"1"/"0", or 0/1). nullopt when it is neither.
std::optional<std::int64_t> integer_value(const nlohmann::json& value);
std::optional<bool> boolean_value(const nlohmann::json& value);

}  // namespace args
}  // namespace tools
