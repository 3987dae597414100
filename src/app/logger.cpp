#include "app/logger.h"

#include <ostream>

namespace app {
namespace {

const char* level_name(config::LogLevel level) {
  switch (level) {
    case config::LogLevel::debug:
      return "debug";
    case config::LogLevel::info:
      return "info";
    case config::LogLevel::warning:
      return "warning";
    case config::LogLevel::error:
      return "error";
  }
  return "info";
}

}  // namespace

void Logger::set_threshold(config::LogLevel threshold) {
  std::lock_guard lock(mutex_);
  threshold_ = threshold;
}

void Logger::redact(std::string secret) {
  if (secret.empty()) return;
  std::lock_guard lock(mutex_);
  secrets_.push_back(std::move(secret));
}

void Logger::write(config::LogLevel level, std::string_view message) {
  std::lock_guard lock(mutex_);
  if (level < threshold_) return;
  std::string line = "proxmox-mcp: ";
  line += level_name(level);
  line += ": ";
  line += message;
  for (const std::string& secret : secrets_) {
    for (size_t pos = line.find(secret); pos != std::string::npos; pos = line.find(secret, pos)) {
      line.replace(pos, secret.size(), "<redacted>");
    }
  }
  line += '\n';
  out_ << line << std::flush;
}

}  // namespace app
