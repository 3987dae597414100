#include "policy/api_writes.h"

#include <algorithm>

namespace policy {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool is_method(std::string_view m) {
  return m == "GET" || m == "POST" || m == "PUT" || m == "DELETE";
}

bool is_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '*' || c == '|' || c == '%' || c == ':';
}

}  // namespace

std::optional<ApiPattern> ApiPattern::parse(std::string_view text, std::string& why) {
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) {
    why = "must be METHOD /path, e.g. POST /nodes/*/qemu/*/migrate";
    return std::nullopt;
  }
  ApiPattern pattern;
  pattern.text_ = std::string(text);
  pattern.methods_ = split(text.substr(0, space), '|');
  for (const std::string& method : pattern.methods_) {
    if (!is_method(method)) {
      why = "method '" + method + "' is not GET, POST, PUT or DELETE";
      return std::nullopt;
    }
  }
  const std::string_view path = text.substr(space + 1);
  if (path.size() < 2 || path.front() != '/' || path.back() == '/') {
    why = "the path must start with / and name at least one segment";
    return std::nullopt;
  }
  const std::vector<std::string> segments = split(path.substr(1), '/');
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    if (segment == "**" && i + 1 == segments.size()) {
      pattern.rest_ = true;
      break;
    }
    if (segment.empty() || !std::all_of(segment.begin(), segment.end(), is_path_char) ||
        (segment.find('*') != std::string::npos && segment != "*")) {
      why = "path segment '" + segment +
            "' must be a name, * (one segment), a|b (either), or a final **";
      return std::nullopt;
    }
    pattern.segments_.push_back(split(segment, '|'));
  }
  return pattern;
}

bool ApiPattern::matches(std::string_view method, std::string_view path) const {
  if (std::find(methods_.begin(), methods_.end(), method) == methods_.end()) return false;
  if (path.size() < 2 || path.front() != '/') return false;
  const std::vector<std::string> segments = split(path.substr(1), '/');
  if (segments.size() < segments_.size()) return false;
  if (segments.size() > segments_.size() && !rest_) return false;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const std::vector<std::string>& allowed = segments_[i];
    if (segments[i].empty()) return false;
    if (allowed.front() == "*") continue;
    if (std::find(allowed.begin(), allowed.end(), segments[i]) == allowed.end()) return false;
  }
  return true;
}

const std::vector<std::string_view>& default_api_writes() {
  static const std::vector<std::string_view> patterns = {
      "POST /nodes/*/qemu|lxc",  // create, restore
      "POST /nodes/*/qemu/*/status/start|stop|shutdown|reboot|suspend|resume",
      "POST /nodes/*/lxc/*/status/start|stop|shutdown|reboot",
      "DELETE /nodes/*/qemu|lxc/*",
      "POST /nodes/*/qemu|lxc/*/clone",
      "POST|PUT /nodes/*/qemu/*/config",
      "PUT /nodes/*/lxc/*/config",
      "PUT /nodes/*/qemu|lxc/*/resize",
      "POST /nodes/*/qemu/*/move_disk",
      "POST /nodes/*/lxc/*/move_volume",
      "POST /nodes/*/qemu|lxc/*/snapshot",
      "POST /nodes/*/qemu|lxc/*/snapshot/*/rollback",
      "DELETE /nodes/*/qemu|lxc/*/snapshot/*",
      "POST /nodes/*/vzdump",
      "POST /nodes/*/qemu/*/agent/exec",
      "POST /nodes/*/qemu|lxc/*/migrate",
      "POST /nodes/*/qemu|lxc/*/template",
      "DELETE /nodes/*/tasks/*",
  };
  return patterns;
}

}  // namespace policy
