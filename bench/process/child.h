// A server process started for a measurement: its stdin and stdout as line pipes, its /proc
// figures, and its end.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bench {

class Child {
 public:
  // Starts `argv` in `cwd` with exactly `env` (nothing inherited); stderr goes to /dev/null
  // unless `stderr_path` names a file. Throws std::runtime_error when it cannot start.
  Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
        const std::string& cwd, const std::string& stderr_path = "");
  ~Child();  // kills what still runs
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void send(const std::string& line);  // one line; the newline is added
  // The next line of stdout, or nullopt at end of output or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Closes stdin and waits for the exit (killed after `timeout`); the exit status.
  int finish(std::chrono::milliseconds timeout);

  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1;   // the child's stdin
  int out_ = -1;  // the child's stdout
  std::string buffered_;
};

}  // namespace bench
