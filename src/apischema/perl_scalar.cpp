#include "apischema/perl_scalar.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace apischema {

namespace {

std::string perl_number(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    return std::to_string(static_cast<long long>(d));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

}  // namespace

std::string scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) return perl_number(v.get<double>());
  return v.dump();
}

std::string perl_ref(const Json& v) {
  if (v.is_boolean()) return "JSON::PP::Boolean";
  if (v.is_array()) return "ARRAY";
  if (v.is_object()) return "HASH";
  return "";
}

bool is_integer_text(const std::string& s) {
  static const std::regex re("[+-]?[0-9]+");
  return std::regex_match(s, re);
}

bool is_number_text(const std::string& s) {
  static const std::regex re("[+-]?([0-9]+\\.[0-9]+|[0-9]+\\.|\\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?");
  return std::regex_match(s, re);
}

double number_value(const std::string& s) {
  // strtod, unlike std::stod, answers HUGE_VAL or 0 on ERANGE instead of throwing.
  return std::strtod(s.c_str(), nullptr);
}

size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace apischema
