// Shared wording of the API tools.
#include "tools/api_text.h"

#include <algorithm>

#include "tools/api_tools.h"

namespace tools::api_text {

std::string enum_values(const apischema::Parameter& p, size_t keep) {
  std::string out;
  for (size_t i = 0; i < p.enum_values.size(); ++i) {
    if (i == keep) return out + "|…";
    out += (i == 0 ? "" : "|") + p.enum_values[i];
  }
  return out;
}

std::string value_type(const apischema::Parameter& p, size_t enum_keep) {
  if (!p.enum_values.empty()) return "enum " + enum_values(p, enum_keep);
  std::string out = p.type.empty() ? "string" : p.type;
  if (!p.minimum.empty() || !p.maximum.empty()) out += " " + p.minimum + ".." + p.maximum;
  return out;
}

std::string endpoint_name(const apischema::Endpoint& e) {
  return "`" + e.method + " " + e.path + "`";
}

nlohmann::json endpoint_facts(const apischema::Endpoint& e) {
  return {{"method", e.method},
          {"path", e.path},
          {"summary", e.summary},
          {"permission", e.permission},
          {"returns_task", e.returns_task}};
}

std::string placeholders(const apischema::Endpoint& e) {
  std::string out;
  for (const auto& p : e.parameters) {
    if (p.in_path) out += (out.empty() ? "" : ", ") + p.name;
  }
  return out;
}

}  // namespace tools::api_text

namespace tools {

typed::Problem http_method(const std::string& text) {
  if (apischema::http_method(text)) return std::nullopt;
  return "must be GET, POST, PUT or DELETE";
}

typed::Problem api_path(const std::string& text) {
  // Bounded, as nearest-path suggestions walk it segment by segment: no endpoint is this long.
  if (text.size() > 1024 || std::count(text.begin(), text.end(), '/') > 32) {
    return "must be an API path of at most 1024 characters and 32 segments";
  }
  if (text.starts_with('/') && text.find_first_of("?#") == std::string::npos) return std::nullopt;
  return "must be an API path such as /nodes/{node}/qemu (no host, /api2/json or query string)";
}

}  // namespace tools
