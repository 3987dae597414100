// app::Logger: one-line, levelled log messages on stderr that can never carry the token secret.
#pragma once

#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace app {

class Logger {
 public:
  Logger(std::ostream& out, config::LogLevel threshold) : out_(out), threshold_(threshold) {}

  void set_threshold(config::LogLevel threshold);
  // Every later message has this text replaced by "<redacted>" (no-op for an empty string).
  void redact(std::string secret);

  void debug(std::string_view message) { write(config::LogLevel::debug, message); }
  void info(std::string_view message) { write(config::LogLevel::info, message); }
  void warning(std::string_view message) { write(config::LogLevel::warning, message); }
  void error(std::string_view message) { write(config::LogLevel::error, message); }

  // "proxmox-mcp: warning: <message>\n", written whole and flushed.
  void write(config::LogLevel level, std::string_view message);

 private:
  std::mutex mutex_;  // messages come from worker threads too
  std::ostream& out_;
  config::LogLevel threshold_;
  std::vector<std::string> secrets_;
};

}  // namespace app
