// Which commands may run in a guest (PROXMOX_EXEC_ALLOW): patterns of words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace policy {

// A command pattern: its words match the command's words one by one, each with the shell's
// wildcards (`*` any characters, `?` one, `[...]` one of a set); a last word `**` matches any
// number of further words, none included. "systemctl status *" allows `systemctl status nginx`,
// "journalctl **" any journalctl, and "**" alone any command.
struct ExecPattern {
  std::vector<std::string> words;
  bool rest = false;  // ended in `**`
  std::string text;
};

struct ExecAllowParse {
  std::vector<ExecPattern> patterns;
  std::string problem;  // "PROXMOX_EXEC_ALLOW: pattern '…': why", or ""
};
// Patterns separated by ',' or new lines; blanks around each are ignored.
ExecAllowParse parse_exec_allow(std::string_view text);

// Whether one of `patterns` matches `argv` (the program and its arguments).
bool exec_allowed(const std::vector<ExecPattern>& patterns, const std::vector<std::string>& argv);

}  // namespace policy
