// Tolerant accessors for schema JSON, where a field may be absent or of an unexpected type.
#pragma once

#include <string>

#include "apischema/json.h"

namespace apischema {

// The string value of obj[key]; "" when obj is no object, the key is absent or not a string.
inline std::string string_field(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// Perl truthiness of a schema flag such as optional, default_key or allowtoken.
inline bool truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get<std::string>().empty() && v.get<std::string>() != "0";
  return true;
}

}  // namespace apischema
