// Which Proxmox API changes proxmox_api_call may send: "METHOD /path" patterns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policy {

// One pattern, e.g. "POST|PUT /nodes/*/qemu/*/config" or "DELETE /cluster/ha/**". The method
// part is GET, POST, PUT, DELETE or several joined by '|'; a path segment is a literal, `*`
// (any one segment), alternatives joined by '|' ("qemu|lxc"), or a final `**` (the rest,
// possibly nothing). After the path, `!name` words name parameters the pattern does not allow,
// `+name` words parameters it requires, `?name` words the only others it allows:
// "POST /nodes/*/migrate !force" allows a migration without force; "POST /nodes/*/qemu
// +archive" a restore; "POST /nodes/*/vzdump ?vmid ?storage" a backup sending nothing else.
class ApiPattern {
 public:
  // The pattern, or nothing with `why` set to what is wrong with the text.
  static std::optional<ApiPattern> parse(std::string_view text, std::string& why);

  // `path` is the path sent, its segments percent-encoded (a value holding '/' is one segment);
  // a literal of the pattern is compared encoded too, so "vm:100" matches "vm%3A100".
  [[nodiscard]] bool matches(std::string_view method, std::string_view path) const;
  // What keeps `params` (the names sent) from fitting the pattern ("with 'prune-backups'",
  // "without 'archive'"), or nothing when they fit.
  [[nodiscard]] std::optional<std::string> unmet(const std::vector<std::string>& params) const;
  [[nodiscard]] const std::string& text() const { return text_; }
  // The methods and path, without the parameter words.
  [[nodiscard]] const std::string& request_text() const { return request_text_; }

 private:
  std::vector<std::string> methods_;
  std::vector<std::vector<std::string>> segments_;  // each: its alternatives ({"*"} for any)
  bool rest_ = false;                               // ended in `**`
  std::vector<std::string> excluded_;               // parameters named with `!`
  std::vector<std::string> required_;               // parameters named with `+`
  std::vector<std::string> allowed_;                // with `?`: the only others that may be sent
  std::string text_;
  std::string request_text_;
};

// A request the curated tools send, and which of them can send it by that path.
struct DefaultApiWrite {
  std::string_view pattern;
  std::vector<std::string_view> tools;  // none: proxmox_api_call never sends it
  bool allows = true;  // false: only judged by its tools; it takes a pattern of the user's
};

// What the curated tools send, so that proxmox_api_call can do by hand what they do, and only
// while every tool that can send the request by that path is enabled. Rows that allow nothing
// by themselves: deleting storage content (proxmox_delete_backup accepts backup volumes only; a
// pattern cannot tell a backup from a disk), reads through the guest agent (the exec toolset).
const std::vector<DefaultApiWrite>& default_api_writes();

}  // namespace policy
