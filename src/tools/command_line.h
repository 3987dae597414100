// Splitting a command string into argv the way a POSIX shell would, without running a shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tools {

struct CommandLine {
  std::vector<std::string> words;
  // The first unquoted, unescaped piece of shell syntax a shell would act on instead of passing
  // it on: an operator (";", "|", "||", "&", "&&", ">", "2>&1"'s ">&", "<", "(", ")"), a
  // substitution ("`", "$(", "${"), a variable ("$HOME", "$?") or "\n" for a line break before
  // another word. Empty when there is none. Quoted text is passed as is, so it never counts.
  std::string shell_syntax;
  // Why the text cannot be split: an unterminated quote or a trailing backslash. Empty when it
  // can; otherwise `words` is empty.
  std::string malformed;
};

// Words separated by unquoted blanks (space, tab, newline). 'single quotes' keep everything
// literally; "double quotes" keep everything but let a backslash escape $ ` " \ and newline;
// outside quotes a backslash escapes the next character (backslash-newline joins lines).
// Nothing else is interpreted: no variables, globs, pipes or redirections, since the guest
// agent runs the program directly; shell_syntax says where the text relied on them.
CommandLine split_command_line(std::string_view text);

}  // namespace tools
