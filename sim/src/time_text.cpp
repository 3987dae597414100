// Times as PVE prints them in task logs (see time_text.h).
#include "time_text.h"

#include <cstdio>
#include <ctime>

namespace pvesim {

std::string utc_time(std::int64_t epoch_s, const char* pattern) {
  const std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, pattern, &tm);
  return buffer;
}

std::string hms(std::int64_t seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld",
                static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  return buffer;
}

}  // namespace pvesim
