#include "tools/args.h"

#include <cctype>
#include <cmath>

#include "tools/common_args.h"

namespace tools {
namespace {

std::string quoted(std::string_view key) {
  return "'" + std::string(key) + "'";
}

[[noreturn]] void fail(std::string_view key, const std::string& rule) {
  throw ArgError("Invalid argument " + quoted(key) + ": " + rule);
}

const nlohmann::json* lookup(const nlohmann::json& args, std::string_view key) {
  if (!args.is_object()) return nullptr;
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return nullptr;
  return &*it;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::string guest_type_name(GuestType type) {
  return type == GuestType::kLxc ? "lxc" : "qemu";
}
std::string guest_type_label(GuestType type) {
  return type == GuestType::kLxc ? "LXC" : "QEMU";
}

bool is_node_name(std::string_view text) {
  if (text.empty() || text.size() > 63) return false;
  if (!is_alnum(text.front()) || !is_alnum(text.back())) return false;
  for (char c : text) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_storage_id(std::string_view text) {
  if (text.size() < 2 || text.size() > 100) return false;
  if (std::isalpha(static_cast<unsigned char>(text.front())) == 0 || !is_alnum(text.back())) {
    return false;
  }
  for (char c : text) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

bool is_pool_id(std::string_view text) {
  int levels = 1;
  bool segment_empty = true;
  for (char c : text) {
    if (c == '/') {
      if (segment_empty || ++levels > 3) return false;
      segment_empty = true;
    } else if (is_alnum(c) || c == '-' || c == '_' || c == '.') {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return !segment_empty;
}

namespace args {

std::optional<std::string> optional_string(const nlohmann::json& args, std::string_view key) {
  const nlohmann::json* v = lookup(args, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) fail(key, "must be a string");
  return v->get<std::string>();
}

std::string required_string(const nlohmann::json& args, std::string_view key) {
  auto v = optional_string(args, key);
  if (!v || v->empty()) fail(key, "is required");
  return *v;
}

std::optional<std::string> optional_node(const nlohmann::json& args, std::string_view key) {
  auto v = optional_string(args, key);
  if (!v) return std::nullopt;
  if (auto problem = typed::node_name(*v)) fail(key, *problem);
  return v;
}

std::string node(const nlohmann::json& args, std::string_view key) {
  auto v = optional_node(args, key);
  if (!v) fail(key, "is required");
  return *v;
}

std::optional<std::int64_t> optional_vmid(const nlohmann::json& args, std::string_view key) {
  const nlohmann::json* v = lookup(args, key);
  if (v == nullptr) return std::nullopt;
  auto id = integer_value(*v);
  if (!id) fail(key, *typed::vmid_number(0));
  if (auto problem = typed::vmid_number(*id)) fail(key, *problem);
  return id;
}

std::int64_t vmid(const nlohmann::json& args, std::string_view key) {
  auto v = optional_vmid(args, key);
  if (!v) fail(key, "is required");
  return *v;
}

GuestType guest_type(const nlohmann::json& args, std::string_view key, GuestType fallback) {
  std::string name = choice(args, key, {"qemu", "lxc"}, guest_type_name(fallback));
  return name == "lxc" ? GuestType::kLxc : GuestType::kQemu;
}

std::string storage(const nlohmann::json& args, std::string_view key, std::string_view fallback) {
  auto v = optional_string(args, key);
  if (!v) return std::string(fallback);
  if (auto problem = typed::storage_id(*v)) fail(key, *problem);
  return *v;
}

std::optional<std::string> optional_pool(const nlohmann::json& args, std::string_view key) {
  auto v = optional_string(args, key);
  if (v) {
    if (auto problem = typed::pool_id(*v)) fail(key, *problem);
  }
  return v;
}

std::optional<bool> boolean_value(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  if (value.is_number_integer() &&
      (value.get<std::int64_t>() == 0 || value.get<std::int64_t>() == 1)) {
    return value.get<std::int64_t>() == 1;
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer_value(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // The range first: converting a double outside int64 (1e300) is undefined behaviour.
    if (d > -1e18 && d < 1e18 && d == std::trunc(d)) {
      return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (!all_digits(s) || s.size() > 18) return std::nullopt;
    return std::stoll(s);
  }
  return std::nullopt;
}

bool boolean(const nlohmann::json& args, std::string_view key, bool fallback) {
  const nlohmann::json* v = lookup(args, key);
  if (v == nullptr) return fallback;
  auto b = boolean_value(*v);
  if (!b) fail(key, "must be true or false");
  return *b;
}

std::int64_t integer(const nlohmann::json& args, std::string_view key, std::int64_t fallback,
                     std::int64_t min, std::int64_t max) {
  const nlohmann::json* v = lookup(args, key);
  if (v == nullptr) return fallback;
  auto n = integer_value(*v);
  if (!n || *n < min || *n > max) {
    fail(key, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return *n;
}

std::string choice(const nlohmann::json& args, std::string_view key,
                   std::initializer_list<std::string_view> allowed, std::string_view fallback) {
  return choice(args, key, std::span(allowed.begin(), allowed.size()), fallback);
}

std::string choice(const nlohmann::json& args, std::string_view key,
                   std::span<const std::string_view> allowed, std::string_view fallback) {
  auto v = optional_string(args, key);
  if (!v) return std::string(fallback);
  std::string list;
  for (std::string_view a : allowed) {
    if (*v == a) return *v;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  fail(key, "must be one of: " + list);
}

}  // namespace args
}  // namespace tools
