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

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

bool is_path_char(char c) {
  return is_name_char(c) || c == '*' || c == '|' || c == '%' || c == ':';
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A literal as the path sent spells it: ':' (not unreserved) percent-encoded and escapes in
// upper case, as the server encodes them; nothing for a '%' that starts no escape.
std::optional<std::string> encoded_literal(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ':') {
      out += "%3A";
    } else if (text[i] != '%') {
      out += text[i];
    } else if (i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      for (size_t k = i; k <= i + 2; ++k) {
        out += static_cast<char>(text[k] >= 'a' && text[k] <= 'f' ? text[k] - 'a' + 'A' : text[k]);
      }
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// "!name !other" after the path: the parameter names, or a problem.
bool parse_exclusions(std::string_view text, std::vector<std::string>& names, std::string& why) {
  for (const std::string& word : split(text, ' ')) {
    if (word.empty()) continue;
    if (word.size() < 2 || word.front() != '!' ||
        !std::all_of(word.begin() + 1, word.end(), is_name_char)) {
      why = "'" + word + "' after the path must be !parameter (a parameter the pattern excludes)";
      return false;
    }
    names.push_back(word.substr(1));
  }
  return true;
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
  std::string_view path = text.substr(text.find_first_not_of(' ', space));
  if (const size_t end = path.find(' '); end != std::string_view::npos) {
    if (!parse_exclusions(path.substr(end + 1), pattern.excluded_, why)) return std::nullopt;
    path = path.substr(0, end);
  }
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
    std::vector<std::string> alternatives = split(segment, '|');
    for (std::string& alternative : alternatives) {
      std::optional<std::string> encoded = encoded_literal(alternative);
      if (!encoded) {
        why = "path segment '" + segment + "' has a % that starts no %XX escape";
        return std::nullopt;
      }
      alternative = std::move(*encoded);
    }
    pattern.segments_.push_back(std::move(alternatives));
  }
  return pattern;
}

std::optional<std::string> ApiPattern::excluded(const std::vector<std::string>& params) const {
  for (const std::string& name : params) {
    if (std::find(excluded_.begin(), excluded_.end(), name) != excluded_.end()) return name;
  }
  return std::nullopt;
}

std::string ApiPattern::request_text() const {
  return text_.substr(0, text_.find(' ', text_.find(' ') + 1));
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
      // Not to another guest: the tool moves a disk between storages only.
      "POST /nodes/*/qemu/*/move_disk !target-vmid !target-disk",
      "POST /nodes/*/lxc/*/move_volume !target-vmid !target-volume",
      "POST /nodes/*/qemu|lxc/*/snapshot",
      "POST /nodes/*/qemu|lxc/*/snapshot/*/rollback",
      "DELETE /nodes/*/qemu|lxc/*/snapshot/*",
      // Rules of its own would delete older backups, which the storage's rules keep.
      "POST /nodes/*/vzdump !prune-backups",
      "POST /nodes/*/qemu/*/agent/exec",
      "POST /nodes/*/qemu|lxc/*/migrate",
      "POST /nodes/*/qemu|lxc/*/template",
      "DELETE /nodes/*/tasks/*",
  };
  return patterns;
}

}  // namespace policy
