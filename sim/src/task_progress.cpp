#include "task_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pvesim {
namespace {

// $get_mbps: the rate over `seconds`, "0 B/s" without data.
std::string rate(std::int64_t bytes, std::int64_t seconds) {
  if (bytes <= 0) return "0 B/s";
  return render_bytes(bytes / std::max<std::int64_t>(seconds, 1), 1) + "/s";
}

}  // namespace

std::string render_bytes(std::int64_t bytes, int precision) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  if (value > 1023) {
    unit = std::min<std::size_t>(static_cast<std::size_t>(std::log(value) / std::log(1024.0)), 5);
    value /= std::pow(1024.0, static_cast<double>(unit));
  }
  char text[48];
  std::snprintf(text, sizeof text, "%.*f %s", precision > 0 ? precision : 2, value, kUnits[unit]);
  return text;
}

std::string render_duration(std::int64_t seconds) {
  if (seconds <= 0) return "0s";
  std::string text;
  for (const auto& [unit, length] : {std::pair{'w', 7 * 86400}, std::pair{'d', 86400},
                                     std::pair{'h', 3600}, std::pair{'m', 60}, std::pair{'s', 1}}) {
    if (const std::int64_t count = seconds / length; count > 0) {
      text += (text.empty() ? "" : " ") + std::to_string(count) + unit;
      seconds -= count * length;
    }
  }
  return text;
}

std::vector<std::string> image_copy_log(const std::string& volid, std::int64_t size) {
  std::vector<std::string> out{"allocated target volume '" + volid + "'"};
  const std::string total = render_bytes(size, 1);
  for (int percent = 0; percent <= 100; ++percent) {
    char share[16];
    std::snprintf(share, sizeof share, "%d.00", percent);
    out.push_back("transferred " + render_bytes(size * percent / 100, 1) + " of " + total + " (" +
                  share + "%)");
  }
  return out;
}

std::vector<std::string> qemu_backup_progress(std::int64_t target, std::int64_t data,
                                              std::int64_t seconds) {
  std::vector<std::string> out;
  const std::string total = render_bytes(target, 1);
  auto status = [&](std::int64_t at, std::int64_t since) {
    const std::int64_t done = seconds > 0 ? target * at / seconds : target;
    const std::int64_t read = seconds > 0 ? target * (at - since) / seconds : target;
    const std::int64_t written = seconds > 0 ? data * (at - since) / seconds : data;
    char line[256];
    std::snprintf(line, sizeof line, "%3d%% (%s of %s) in %s, read: %s, write: %s",
                  static_cast<int>(target > 0 ? done * 100 / target : 100),
                  render_bytes(done, 1).c_str(), total.c_str(), render_duration(at).c_str(),
                  rate(read, at - since).c_str(), rate(written, at - since).c_str());
    out.emplace_back(line);
  };
  std::int64_t last = 0;
  for (std::int64_t at = 3; at < seconds; at += 3) {
    status(at, last);
    last = at;
  }
  status(seconds, last);
  if (const std::int64_t zero = target - data; zero > 0 && target > 0) {
    out.push_back("backup is sparse: " + render_bytes(zero, 2) + " (" +
                  std::to_string(zero * 100 / target) + "%) total zero data");
  }
  out.push_back(seconds > 0
                    ? "transferred " + render_bytes(target, 2) + " in " + std::to_string(seconds) +
                          " seconds (" + rate(target, seconds) + ")"
                    : "transferred " + render_bytes(target, 2) + " in <1 seconds");
  return out;
}

}  // namespace pvesim
