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

// "!name +other ?more" after the path: the parameters excluded, required and allowed, or a
// problem.
bool parse_conditions(std::string_view text, std::vector<std::string>& excluded,
                      std::vector<std::string>& required, std::vector<std::string>& allowed,
                      std::string& why) {
  for (const std::string& word : split(text, ' ')) {
    if (word.empty()) continue;
    const char kind = word.front();
    if (word.size() < 2 || (kind != '!' && kind != '+' && kind != '?') ||
        !std::all_of(word.begin() + 1, word.end(), is_name_char)) {
      why = "'" + word +
            "' after the path must be !parameter (excluded), +parameter (required) or "
            "?parameter (allowed; then no other is)";
      return false;
    }
    (kind == '!' ? excluded : kind == '+' ? required : allowed).push_back(word.substr(1));
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
    if (!parse_conditions(path.substr(end + 1), pattern.excluded_, pattern.required_,
                          pattern.allowed_, why)) {
      return std::nullopt;
    }
    path = path.substr(0, end);
  }
  pattern.request_text_ = std::string(text.substr(0, space)) + " " + std::string(path);
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

std::optional<std::string> ApiPattern::unmet(const std::vector<std::string>& params) const {
  const auto sent = [&](const std::string& name) {
    return std::find(params.begin(), params.end(), name) != params.end();
  };
  for (const std::string& name : excluded_) {
    if (sent(name)) return "with '" + name + "'";
  }
  if (!allowed_.empty()) {
    for (const std::string& name : params) {
      const auto named = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), name) != list.end();
      };
      if (!named(allowed_) && !named(required_)) return "with '" + name + "'";
    }
  }
  for (const std::string& name : required_) {
    if (!sent(name)) return "without '" + name + "'";
  }
  return std::nullopt;
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

const std::vector<DefaultApiWrite>& default_api_writes() {
  static const std::vector<DefaultApiWrite> writes = {
      {"POST /nodes/*/qemu !archive", {"proxmox_create_vm"}},
      {"POST /nodes/*/lxc !restore", {"proxmox_create_lxc"}},
      {"POST /nodes/*/qemu +archive", {"proxmox_restore_backup_vm"}},
      {"POST /nodes/*/lxc +restore", {"proxmox_restore_backup_lxc"}},
      {"POST /nodes/*/qemu/*/status/start", {"proxmox_start_vm"}},
      {"POST /nodes/*/lxc/*/status/start", {"proxmox_start_lxc"}},
      {"POST /nodes/*/qemu/*/status/stop", {"proxmox_stop_vm"}},
      {"POST /nodes/*/lxc/*/status/stop", {"proxmox_stop_lxc"}},
      {"POST /nodes/*/qemu/*/status/shutdown", {"proxmox_shutdown_vm"}},
      {"POST /nodes/*/lxc/*/status/shutdown", {"proxmox_shutdown_lxc"}},
      {"POST /nodes/*/qemu/*/status/reboot", {"proxmox_reboot_vm"}},
      {"POST /nodes/*/lxc/*/status/reboot", {"proxmox_reboot_lxc"}},
      {"POST /nodes/*/qemu/*/status/suspend", {"proxmox_pause_vm"}},
      {"POST /nodes/*/qemu/*/status/resume", {"proxmox_resume_vm"}},
      {"DELETE /nodes/*/qemu/*", {"proxmox_delete_vm"}},
      {"DELETE /nodes/*/lxc/*", {"proxmox_delete_lxc"}},
      {"POST /nodes/*/qemu/*/clone", {"proxmox_clone_vm"}},
      {"POST /nodes/*/lxc/*/clone", {"proxmox_clone_lxc"}},
      {"POST|PUT /nodes/*/qemu/*/config",
       {"proxmox_resize_vm", "proxmox_add_disk_vm", "proxmox_remove_disk_vm",
        "proxmox_add_network_vm", "proxmox_update_network_vm", "proxmox_remove_network_vm",
        "proxmox_set_cloudinit", "proxmox_set_tags"}},
      {"PUT /nodes/*/lxc/*/config",
       {"proxmox_resize_lxc", "proxmox_add_mountpoint_lxc", "proxmox_remove_mountpoint_lxc",
        "proxmox_add_network_lxc", "proxmox_update_network_lxc", "proxmox_remove_network_lxc",
        "proxmox_set_tags"}},
      {"PUT /nodes/*/qemu/*/resize", {"proxmox_resize_disk_vm"}},
      {"PUT /nodes/*/lxc/*/resize", {"proxmox_resize_disk_lxc"}},
      // Not to another guest: the tool moves a disk between storages only.
      {"POST /nodes/*/qemu/*/move_disk !target-vmid !target-disk", {"proxmox_move_disk_vm"}},
      {"POST /nodes/*/lxc/*/move_volume !target-vmid !target-volume", {"proxmox_move_disk_lxc"}},
      {"POST /nodes/*/qemu/*/snapshot", {"proxmox_create_snapshot_vm"}},
      {"POST /nodes/*/lxc/*/snapshot", {"proxmox_create_snapshot_lxc"}},
      {"POST /nodes/*/qemu/*/snapshot/*/rollback", {"proxmox_rollback_snapshot_vm"}},
      {"POST /nodes/*/lxc/*/snapshot/*/rollback", {"proxmox_rollback_snapshot_lxc"}},
      {"DELETE /nodes/*/qemu/*/snapshot/*", {"proxmox_delete_snapshot_vm"}},
      {"DELETE /nodes/*/lxc/*/snapshot/*", {"proxmox_delete_snapshot_lxc"}},
      // What the tools send and nothing else: pruning rules of its own (prune-backups, maxfiles)
      // would delete older backups, `all` or `pool` back up more than one guest, `stop` ends
      // others' backup jobs.
      {"POST /nodes/*/vzdump ?vmid ?storage ?mode ?compress ?notes-template ?protected",
       {"proxmox_create_backup_vm", "proxmox_create_backup_lxc"}},
      {"POST /nodes/*/qemu/*/agent/exec", {"proxmox_execute_vm_command"}},
      {"POST /nodes/*/qemu/*/migrate", {"proxmox_migrate_vm"}},
      // proxmox_migrate_vm moves a container too when told type=lxc.
      {"POST /nodes/*/lxc/*/migrate", {"proxmox_migrate_lxc", "proxmox_migrate_vm"}},
      {"POST /nodes/*/qemu|lxc/*/template", {"proxmox_convert_to_template"}},
      {"DELETE /nodes/*/tasks/*", {"proxmox_cancel_task"}},
      // Judged by their tools only; PROXMOX_API_ALLOW decides the rest.
      {"DELETE /nodes/*/storage/*/content/*", {"proxmox_delete_backup"}, false},
      {"GET /nodes/*/qemu/*/agent/**", {"proxmox_execute_vm_command"}, false},
      // Runs a list of API calls that no check of ours would see.
      {"POST /nodes/*/execute", {}, false},
  };
  return writes;
}

}  // namespace policy
