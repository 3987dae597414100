#include "tools/args.h"

#include <cctype>
#include <cmath>

namespace tools {
namespace {

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

}  // namespace args
}  // namespace tools
