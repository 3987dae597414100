#include "tools/values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace tools {
namespace {

const nlohmann::json* member(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> number_value(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (v.is_string()) return parse_number(v.get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<std::int64_t> integer_value(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    // Above INT64_MAX it would come out negative: no sane count or size is that large.
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  auto n = number_value(v);
  if (!n || std::fabs(*n) > 9.0e18) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*n));
}

std::string text_value(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return v.dump();
}

bool flag_value(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return v.get<std::string>() == "1" || v.get<std::string>() == "true";
  return false;
}

std::optional<double> number_field(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* v = member(obj, key);
  return v == nullptr ? std::nullopt : number_value(*v);
}

std::optional<std::int64_t> integer_field(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* v = member(obj, key);
  return v == nullptr ? std::nullopt : integer_value(*v);
}

std::string text_field(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* v = member(obj, key);
  return v == nullptr ? "" : text_value(*v);
}

bool flag_field(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* v = member(obj, key);
  return v != nullptr && flag_value(*v);
}

void put_number(nlohmann::json& obj, const char* key, const std::optional<double>& v) {
  if (v) obj[key] = *v;
}

void put_integer(nlohmann::json& obj, const char* key, const std::optional<std::int64_t>& v) {
  if (v) obj[key] = *v;
}

bool same_without_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace tools
