// The words of a remote command, quoted so that the node's login shell splits them back as
// given: run through a real POSIX shell here.
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ssh/remote_command.h"

namespace ssh {
namespace {

// What `sh -c` makes of `line`: each word it passes to printf, one per line (with a marker, so
// that an empty word shows).
std::string through_sh(const std::string& line) {
  const std::string script = "printf '<%s>\\n' " + line;
  const std::string command = "sh -c " + shell_words({script});
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  pclose(pipe);
  return out;
}

TEST(ShellWords, EachWordComesBackAsItWas) {
  const std::vector<std::string> words = {"pct",
                                          "exec",
                                          "101",
                                          "--",
                                          "sh",
                                          "-c",
                                          "echo \"$HOME\" | tr a-z A-Z; rm -rf /tmp/x",
                                          "it's",
                                          "",
                                          "a\\b",
                                          "`id`",
                                          "$(reboot)",
                                          "*",
                                          "new\nline"};
  std::string expected;
  for (const std::string& word : words) expected += "<" + word + ">\n";
  EXPECT_EQ(through_sh(shell_words(words)), expected);
  EXPECT_EQ(shell_words({"it's", "a b"}), "'it'\\''s' 'a b'");
}

}  // namespace
}  // namespace ssh
