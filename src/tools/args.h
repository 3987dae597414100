// Typed, validated access to tool arguments: every value that reaches a Proxmox URL passes here.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
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

enum class GuestType { kQemu, kLxc };
std::string guest_type_name(GuestType type);   // "qemu" / "lxc": the URL segment
std::string guest_type_label(GuestType type);  // "QEMU" / "LXC": for people

inline constexpr std::int64_t kMinVmid = 100;
inline constexpr std::int64_t kMaxVmid = 999999999;

// PVE formats, so that we reject what Proxmox would reject before it reaches a path.
bool is_node_name(std::string_view text);   // pve-node: a DNS label
bool is_storage_id(std::string_view text);  // pve-storage-id
bool is_pool_id(std::string_view text);     // pve-poolid: "prod", nested "prod/web" (3 levels)

namespace args {

// Missing and null both count as absent. `args` may itself be null (a call without arguments).
std::optional<std::string> optional_string(const nlohmann::json& args, std::string_view key);
std::string required_string(const nlohmann::json& args, std::string_view key);

std::string node(const nlohmann::json& args, std::string_view key = "node");
std::optional<std::string> optional_node(const nlohmann::json& args, std::string_view key = "node");

// An integer or a numeric string, 100..999999999.
std::int64_t vmid(const nlohmann::json& args, std::string_view key = "vmid");
std::optional<std::int64_t> optional_vmid(const nlohmann::json& args,
                                          std::string_view key = "vmid");

GuestType guest_type(const nlohmann::json& args, std::string_view key, GuestType fallback);
std::string storage(const nlohmann::json& args, std::string_view key, std::string_view fallback);
std::optional<std::string> optional_pool(const nlohmann::json& args, std::string_view key = "pool");

// One value as sent: an integer (or a numeric string, or a float without a fraction); a boolean
// (or "true"/"false"/"1"/"0", or 0/1). nullopt when it is neither.
std::optional<std::int64_t> integer_value(const nlohmann::json& value);
std::optional<bool> boolean_value(const nlohmann::json& value);

bool boolean(const nlohmann::json& args, std::string_view key, bool fallback);
std::int64_t integer(const nlohmann::json& args, std::string_view key, std::int64_t fallback,
                     std::int64_t min, std::int64_t max);
// One of `allowed`, or `fallback` when absent; otherwise an ArgError listing `allowed`.
std::string choice(const nlohmann::json& args, std::string_view key,
                   std::span<const std::string_view> allowed, std::string_view fallback);
std::string choice(const nlohmann::json& args, std::string_view key,
                   std::initializer_list<std::string_view> allowed, std::string_view fallback);

}  // namespace args
}  // namespace tools
