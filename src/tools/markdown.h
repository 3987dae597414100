// The only place that formats values for people: sizes, times, percentages, dots and bullets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tools::md {

// Binary units, labelled as such: 512 → "512 B", 6324305920 → "5.89 GiB". Negative → "0 B".
std::string bytes(double n);
// "3d 2h 53m", "5h 40m", "12m" (Proxmox uptimes; seconds dropped).
std::string uptime(std::int64_t seconds);
// "42s", "3m 5s", "2h 0m 7s": how long a task ran.
std::string duration(std::int64_t seconds);
// A 0..1 fraction as a percentage with one decimal: 0.0183 → "1.8%".
std::string percent(double fraction);
// "5.89 GiB / 62.21 GiB (9.5%)"; the percentage is left out when total is 0.
std::string usage(double used, double total);
// Unix seconds as ISO 8601 UTC: "2025-11-06T09:12:00Z".
std::string iso_time(std::int64_t unix_seconds);

// 🟢 running/online/available/active, 🔴 stopped/offline/disabled, 🟡 anything else.
std::string status_dot(std::string_view status);
// 🖥️ for qemu, 📦 for lxc.
std::string guest_icon(std::string_view type);

// "💻 **Virtual Machines**"; emoji with a variation selector get two spaces, as the Node.js server
// prints them.
std::string heading(std::string_view emoji, std::string_view title);
// "• **Key**: value" (details of one object).
std::string bullet(std::string_view key, std::string_view value);
// "   • Key: value" (a property under a list item).
std::string field(std::string_view key, std::string_view value);
// Text from Proxmox (names, descriptions) on one line: control characters become spaces.
std::string one_line(std::string_view text);
// A Markdown table; each cell goes through one_line with '|' escaped, so Proxmox text (a rule's
// comment) cannot break the row.
std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);
// `text` in a fenced code block ("```\n…\n```\n") whose fence is longer than any run of
// backticks inside, so program output cannot close the block early.
std::string code_block(std::string_view text);

}  // namespace tools::md
