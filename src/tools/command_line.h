// Splitting a command string into argv the way a POSIX shell would, without running a shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tools {

// Words separated by unquoted blanks (space, tab, newline). 'single quotes' keep everything
// literally; "double quotes" keep everything but let a backslash escape $ ` " \ and newline;
// outside quotes a backslash escapes the next character (backslash-newline joins lines).
// Nothing else is interpreted: no variables, globs, pipes or redirections, since the guest
// agent runs the program directly. Throws ArgError (naming `argument`) for an unterminated
// quote or a trailing backslash.
std::vector<std::string> split_command_line(std::string_view text, std::string_view argument);

}  // namespace tools
