// Times as PVE prints them in task logs: UTC timestamps and "HH:MM:SS" durations.
#pragma once

#include <cstdint>
#include <string>

namespace pvesim {

// `epoch_s` through strftime `pattern` in UTC ("%Y-%m-%d %H:%M:%S").
std::string utc_time(std::int64_t epoch_s, const char* pattern);
// A duration as "00:01:05".
std::string hms(std::int64_t seconds);

}  // namespace pvesim
