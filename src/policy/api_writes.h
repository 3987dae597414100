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
// possibly nothing). After the path, `!name` words name parameters the pattern does not allow:
// "POST /nodes/*/vzdump !prune-backups" allows a backup but not one that prunes by its own rules.
class ApiPattern {
 public:
  // The pattern, or nothing with `why` set to what is wrong with the text.
  static std::optional<ApiPattern> parse(std::string_view text, std::string& why);

  // `path` is the path sent, its segments percent-encoded (a value holding '/' is one segment);
  // a literal of the pattern is compared encoded too, so "vm:100" matches "vm%3A100".
  [[nodiscard]] bool matches(std::string_view method, std::string_view path) const;
  // The first of `params` (the names sent) that the pattern excludes, or nothing.
  [[nodiscard]] std::optional<std::string> excluded(const std::vector<std::string>& params) const;
  [[nodiscard]] const std::string& text() const { return text_; }
  // The text without its `!name` words.
  [[nodiscard]] std::string request_text() const;

 private:
  std::vector<std::string> methods_;
  std::vector<std::vector<std::string>> segments_;  // each: its alternatives ({"*"} for any)
  bool rest_ = false;                               // ended in `**`
  std::vector<std::string> excluded_;               // parameters named with `!`
  std::string text_;
};

// What the curated write tools send, so that proxmox_api_call can do by hand what they do. Not
// in it: deleting storage content (proxmox_delete_backup accepts backup volumes only; the
// pattern cannot tell a backup from a disk).
const std::vector<std::string_view>& default_api_writes();

}  // namespace policy
