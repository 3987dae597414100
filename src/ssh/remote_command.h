// Runs one command on a host over SSH: the host's key checked against a known_hosts file, a
// private key to log in with, output collected up to a limit, the command stopped at a deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ssh {

struct Target {
  std::string host;  // a name or an address, as the known_hosts file lists it
  int port = 22;
  std::string user = "root";
};

// What proves who is who: the client's private key file, and the known_hosts file (OpenSSH's
// format) whose keys alone are accepted for the hosts. Nothing else is read: no ~/.ssh/config,
// no ~/.ssh/known_hosts, no agent.
struct Credentials {
  std::string key_file;
  std::string known_hosts_file;
};

struct Limits {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds run_timeout{30000};  // the command is stopped after it
  std::size_t max_stream_bytes = 64 * 1024;      // kept of each of stdout and stderr
  // Read in all before the command is stopped as a flood; what passes the kept part is dropped.
  std::size_t max_output_bytes = 8 * 1024 * 1024;
};

// Sees a running command: each piece of its output as it comes, and whether to stop it.
class Watcher {
 public:
  virtual ~Watcher() = default;
  virtual void output(bool is_stderr, std::string_view text) = 0;
  // Asked between reads, at least every 100 ms: true ends the command (the request was
  // cancelled).
  virtual bool stop() = 0;
};

struct Outcome {
  std::string stdout_text;
  std::string stderr_text;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  // None when it was stopped, or when it ended without one (killed by a signal: sshd then
  // reports the signal instead, which libssh 0.10 does not pass on).
  std::optional<int> exit_status;
  bool timed_out = false;
  bool cancelled = false;
  bool output_limit = false;             // stopped because its output passed max_output_bytes
  std::chrono::milliseconds ran_for{0};  // from the command's start (the login not counted)
};

// Something went wrong before the command ran (ran() false: nothing ran) or while it ran.
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, bool ran) : std::runtime_error(message), ran_(ran) {}
  [[nodiscard]] bool ran() const { return ran_; }

 private:
  bool ran_;
};

// `command` is given to the remote login shell as it is (quote with shell_words).
Outcome run(const Target& target, const Credentials& credentials, const std::string& command,
            const Limits& limits, Watcher& watcher);

// "root@10.0.0.11:22": who logs in where.
std::string where(const Target& target);

// Connects, checks the host's key and logs in, and runs nothing: whether run() could (Error
// says why not).
void log_in_only(const Target& target, const Credentials& credentials, const Limits& limits);

// `words` as one POSIX shell command line that the shell splits back into exactly those words.
std::string shell_words(const std::vector<std::string>& words);

}  // namespace ssh
