#include "tools/markdown.h"

#include "pve/text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace tools::md {
namespace {

std::string fixed(double value, int decimals) {
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%.*f", decimals, value);
  return buf.data();
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string bytes(double n) {
  static constexpr std::array<const char*, 7> kUnits = {"B",   "KiB", "MiB", "GiB",
                                                        "TiB", "PiB", "EiB"};
  if (!std::isfinite(n) || n < 1024) {
    return std::to_string(!std::isfinite(n) || n < 0 ? 0 : static_cast<long long>(n)) + " B";
  }
  std::size_t unit = 0;
  double value = n;
  while (value >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  // 1023.999 KiB would print as "1024.00 KiB": carry into the next unit instead.
  if (std::round(value * 100) / 100 >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  return fixed(value, 2) + " " + kUnits[unit];
}

std::string uptime(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  std::int64_t days = seconds / 86400;
  std::int64_t hours = seconds % 86400 / 3600;
  std::int64_t minutes = seconds % 3600 / 60;
  if (days > 0) {
    return std::to_string(days) + "d " + std::to_string(hours) + "h " + std::to_string(minutes) +
           "m";
  }
  if (hours > 0) return std::to_string(hours) + "h " + std::to_string(minutes) + "m";
  return std::to_string(minutes) + "m";
}

std::string duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  std::int64_t hours = seconds / 3600;
  std::int64_t minutes = seconds % 3600 / 60;
  std::int64_t secs = seconds % 60;
  if (hours > 0) {
    return std::to_string(hours) + "h " + std::to_string(minutes) + "m " + std::to_string(secs) +
           "s";
  }
  if (minutes > 0) return std::to_string(minutes) + "m " + std::to_string(secs) + "s";
  return std::to_string(secs) + "s";
}

std::string percent(double fraction) {
  if (!std::isfinite(fraction) || fraction < 0) fraction = 0;
  return fixed(fraction * 100, 1) + "%";
}

std::string usage(double used, double total) {
  std::string text = bytes(used) + " / " + bytes(total);
  if (total > 0) text += " (" + percent(used / total) + ")";
  return text;
}

std::string iso_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(unix_seconds);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::string status_dot(std::string_view status) {
  if (status == "running" || status == "online" || status == "available" || status == "active") {
    return "🟢";
  }
  if (status == "stopped" || status == "offline" || status == "disabled") return "🔴";
  return "🟡";
}

std::string guest_icon(std::string_view type) {
  return type == "lxc" ? "📦" : "🖥️";
}

std::string heading(std::string_view emoji, std::string_view title) {
  // U+FE0F (EF B8 8F) makes the emoji two columns wide in most terminals; the Node.js server pads
  // it.
  std::string sep = ends_with(emoji, "\xEF\xB8\x8F") ? "  " : " ";
  return std::string(emoji) + sep + "**" + std::string(title) + "**";
}

std::string bullet(std::string_view key, std::string_view value) {
  return "• **" + std::string(key) + "**: " + std::string(value);
}

std::string field(std::string_view key, std::string_view value) {
  return "   • " + std::string(key) + ": " + std::string(value);
}

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& cell : cells) {
      std::string escaped;
      for (char c : one_line(cell)) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
      out += " " + escaped + " |";
    }
    return out + "\n";
  };
  std::string out = line(header) + "|";
  for (std::size_t i = 0; i < header.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string one_line(std::string_view text) {
  // Whatever Proxmox sends ends up here; a line is for a person to read, not a dump.
  constexpr std::size_t kMaxLineBytes = 1000;
  const std::string clipped = pve::clip(text, kMaxLineBytes);
  std::string out;
  out.reserve(clipped.size());
  for (char c : clipped) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string code_block(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence + "\n" + std::string(text);
  if (!text.empty() && text.back() != '\n') out += "\n";
  return out + fence + "\n";
}

}  // namespace tools::md
