#include "cluster_rrd.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pvesim {
namespace {

// A value in [-1, 1] fixed by the minute and the series (splitmix64).
double noise(std::int64_t minute, std::uint64_t series) {
  std::uint64_t x = static_cast<std::uint64_t>(minute) * 0x9E3779B97F4A7C15ULL + series;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return static_cast<double>(x % 20001) / 10000.0 - 1.0;
}

// Around 1: a daily swing plus minute-to-minute noise, never negative.
double load_at(std::int64_t t, std::uint64_t series) {
  const double phase = static_cast<double>(series % 24) / 24.0;
  const double day =
      std::sin(2 * std::numbers::pi * (static_cast<double>(t % 86400) / 86400.0 + phase));
  return std::max(0.0, 1.0 + 0.35 * day + 0.2 * noise(t / 60, series));
}

// The consolidated load of the step after `t`: the average or the highest of its minutes
// (sampled at most 12 times, which keeps a year's rows cheap).
double consolidated(std::int64_t t, const RrdFrame& frame, std::uint64_t series) {
  const std::int64_t samples = std::clamp<std::int64_t>(frame.step_s / 60, 1, 12);
  double sum = 0, highest = 0;
  for (std::int64_t i = 1; i <= samples; ++i) {
    const double value = load_at(t + i * frame.step_s / samples, series);
    sum += value;
    highest = std::max(highest, value);
  }
  return frame.max ? highest : sum / static_cast<double>(samples);
}

// Row times: aligned to the step, the last row the step before the current one.
template <class RowFn>
Json rows(const ClusterState& state, const RrdFrame& frame, RowFn&& row) {
  const std::int64_t now_s = state.now_ms() / 1000;
  const std::int64_t end = frame.step_s * (now_s / frame.step_s);
  Json out = Json::array();
  for (std::int64_t t = end - frame.step_s * frame.count; t < end; t += frame.step_s) {
    Json entry = row(t);
    entry["time"] = t;
    out.push_back(std::move(entry));
  }
  return out;
}

double per_second(std::int64_t total, std::int64_t seconds) {
  return seconds > 0 ? static_cast<double>(total) / static_cast<double>(seconds) : 0.0;
}

struct GuestRates {
  double netin = 0, netout = 0, diskread = 0, diskwrite = 0;
};

// The average rates since start, which the seeded counters were built from.
GuestRates guest_rates(const ClusterState& state, const Guest& guest) {
  const std::int64_t uptime = guest_uptime(guest, state.now_ms());
  return {per_second(guest.netin, uptime), per_second(guest.netout, uptime),
          per_second(guest.diskread, uptime), per_second(guest.diskwrite, uptime)};
}

}  // namespace

std::optional<RrdFrame> rrd_frame(const std::string& timeframe, bool max) {
  if (timeframe == "hour") return RrdFrame{60, 60, max};
  if (timeframe == "day") return RrdFrame{60, 1440, max};
  if (timeframe == "week") return RrdFrame{60 * 30, 336, max};
  if (timeframe == "month") return RrdFrame{60 * 30, 1440, max};
  if (timeframe == "year") return RrdFrame{3600 * 6, 1440, max};
  if (timeframe == "decade") return RrdFrame{86400 * 7, 570, max};
  return std::nullopt;
}

Json node_rrd_rows(const ClusterState& state, const Node& node, const RrdFrame& frame) {
  const std::uint64_t series = static_cast<std::uint64_t>(node.nodeid) * 7919 + node.name.size();
  const std::int64_t memused = state.node_mem_used(node);
  const StoragePool* root = state.pool(node.name, "local");
  double netin = 2500, netout = 1200;  // the host's own traffic, guests' on top
  for (const auto& [vmid, guest] : state.guests) {
    if (guest.node != node.name || !guest.running) continue;
    const GuestRates rates = guest_rates(state, guest);
    netin += rates.netin;
    netout += rates.netout;
  }
  return rows(state, frame, [&](std::int64_t t) {
    const double load = consolidated(t, frame, series);
    const double mem = static_cast<double>(memused) * (0.97 + 0.03 * load);
    const double memtotal = static_cast<double>(node.memory_total);
    const double cpu = std::min(1.0, node.cpu * load);
    return Json{{"cpu", cpu},
                {"maxcpu", node.cpus},
                {"iowait", node.wait * load},
                {"loadavg", node.loadavg[0] * load},
                {"memtotal", memtotal},
                {"memused", mem},
                {"memfree", memtotal - mem},
                {"memavailable", memtotal - mem},
                {"swaptotal", static_cast<double>(node.swap_total)},
                {"swapused", static_cast<double>(node.swap_used)},
                {"roottotal", root != nullptr ? static_cast<double>(root->total) : 0.0},
                {"rootused", root != nullptr ? static_cast<double>(state.pool_used(*root)) : 0.0},
                {"netin", netin * load},
                {"netout", netout * load},
                {"arcsize", 0},
                {"pressurecpusome", cpu * 2.5},
                {"pressureiosome", node.wait * load * 40},
                {"pressureiofull", node.wait * load * 25},
                {"pressurememorysome", 0},
                {"pressurememoryfull", 0}};
  });
}

Json guest_rrd_rows(const ClusterState& state, const Guest& guest, const RrdFrame& frame) {
  const std::uint64_t series = static_cast<std::uint64_t>(guest.vmid) * 104729;
  const Node* node = state.find_node(guest.node);
  const double maxcpu = guest_cpus(guest, node != nullptr ? node->cpus : 1);
  const double maxmem = static_cast<double>(guest_maxmem(guest));
  const GuestRates rates = guest_rates(state, guest);
  const std::int64_t started_s = guest.started_ms / 1000;
  return rows(state, frame, [&](std::int64_t t) {
    Json row = {{"maxcpu", maxcpu},
                {"maxmem", maxmem},
                {"maxdisk", static_cast<double>(guest_maxdisk(guest))},
                {"disk", static_cast<double>(guest.disk_used)}};
    // pvestatd records a stopped guest with zero load.
    const bool running = guest.running && t >= started_s;
    const double load = running ? consolidated(t, frame, series) : 0.0;
    const double cpu = std::min(1.0, guest.cpu * load);
    const double mem =
        running ? std::min(maxmem, static_cast<double>(guest.mem) * (0.95 + 0.05 * load)) : 0.0;
    row["cpu"] = cpu;
    row["mem"] = mem;
    row["memhost"] = mem;
    row["netin"] = rates.netin * load;
    row["netout"] = rates.netout * load;
    row["diskread"] = rates.diskread * load;
    row["diskwrite"] = rates.diskwrite * load;
    row["pressurecpusome"] = cpu * 3;
    row["pressurecpufull"] = cpu * 1.5;
    row["pressureiosome"] = 0;
    row["pressureiofull"] = 0;
    row["pressurememorysome"] = 0;
    row["pressurememoryfull"] = 0;
    return row;
  });
}

}  // namespace pvesim
