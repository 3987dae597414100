// proxmox_get_rrd_data: a node's or a guest's RRD history as a summary per metric and a short
// downsampled series; the raw rows (up to 1,440) never reach the model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <vector>

#include "pve/api.h"
#include "tools/markdown.h"
#include "tools/observe.h"
#include "tools/values.h"

namespace tools {

using nlohmann::json;

extern const std::string_view kRrdDataOutput = R"({
  "type": "object",
  "properties": {
    "node": {"type": "string"}, "vmid": {"type": "integer"}, "type": {"type": "string"},
    "timeframe": {"type": "string"},
    "points": {"type": "integer", "description": "rows Proxmox returned"},
    "step": {"type": "integer", "description": "seconds per row"},
    "metrics": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "unit": {"type": "string", "description": "%, GiB, B/s or empty"},
      "min": {"type": "number"}, "avg": {"type": "number"}, "max": {"type": "number"},
      "last": {"type": "number"}},
      "required": ["name", "unit", "min", "avg", "max", "last"]}},
    "series": {"type": "object", "description":
      "at most 24 points: time (unix seconds) and one array per metric, in its unit"}
  },
  "required": ["node", "timeframe", "points", "metrics", "series"]
})";

namespace {

constexpr std::size_t kSeriesPoints = 24;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

enum class Unit { kPercent, kGiB, kBytesPerSecond, kPlain };

struct Metric {
  const char* key;
  const char* label;
  Unit unit;
};

constexpr Metric kGuestMetrics[] = {{"cpu", "CPU", Unit::kPercent},
                                    {"mem", "Memory", Unit::kGiB},
                                    {"netin", "Net in", Unit::kBytesPerSecond},
                                    {"netout", "Net out", Unit::kBytesPerSecond},
                                    {"diskread", "Disk read", Unit::kBytesPerSecond},
                                    {"diskwrite", "Disk write", Unit::kBytesPerSecond}};
constexpr Metric kNodeMetrics[] = {{"cpu", "CPU", Unit::kPercent},
                                   {"iowait", "IO wait", Unit::kPercent},
                                   {"loadavg", "Load", Unit::kPlain},
                                   {"memused", "Memory", Unit::kGiB},
                                   {"swapused", "Swap", Unit::kGiB},
                                   {"netin", "Net in", Unit::kBytesPerSecond},
                                   {"netout", "Net out", Unit::kBytesPerSecond}};

const char* unit_name(Unit unit) {
  switch (unit) {
    case Unit::kPercent:
      return "%";
    case Unit::kGiB:
      return "GiB";
    case Unit::kBytesPerSecond:
      return "B/s";
    case Unit::kPlain:
      break;
  }
  return "";
}

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// A raw RRD value in the metric's unit, rounded to what matters.
double in_unit(double raw, Unit unit) {
  switch (unit) {
    case Unit::kPercent:
      return rounded(raw * 100, 1);
    case Unit::kGiB:
      return rounded(raw / kGiB, 2);
    case Unit::kBytesPerSecond:
      return rounded(raw, 0);
    case Unit::kPlain:
      break;
  }
  return rounded(raw, 2);
}

std::string metric_text(double raw, Unit unit) {
  switch (unit) {
    case Unit::kPercent:
      return md::percent(raw);
    case Unit::kGiB:
      return md::bytes(raw);
    case Unit::kBytesPerSecond:
      return md::bytes(raw) + "/s";
    case Unit::kPlain:
      break;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", raw);
  return buffer;
}

// The metric's values in row order; rows without one (not yet written) are skipped.
std::vector<double> values_of(const json& rows, const char* key) {
  std::vector<double> out;
  for (const auto& row : rows) {
    if (auto value = number_field(row, key); value && std::isfinite(*value)) out.push_back(*value);
  }
  return out;
}

double average(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// At most kSeriesPoints buckets of consecutive rows, each the average of its values; null where
// a bucket has none.
json downsample(const json& rows, const Metric& metric) {
  const std::size_t n = rows.size();
  const std::size_t buckets = std::min(n, kSeriesPoints);
  json out = json::array();
  for (std::size_t b = 0; b < buckets; ++b) {
    json slice = json::array();
    for (std::size_t i = b * n / buckets; i < (b + 1) * n / buckets; ++i) slice.push_back(rows[i]);
    const std::vector<double> values = values_of(slice, metric.key);
    if (values.empty()) {
      out.push_back(nullptr);
      continue;
    }
    out.push_back(in_unit(average(values), metric.unit));
  }
  return out;
}

json bucket_times(const json& rows) {
  const std::size_t n = rows.size();
  const std::size_t buckets = std::min(n, kSeriesPoints);
  json out = json::array();
  for (std::size_t b = 0; b < buckets; ++b) {
    out.push_back(integer_field(rows[b * n / buckets], "time").value_or(0));
  }
  return out;
}

// What the guest or node could use at the end of the period: "2 CPUs, 4.00 GiB memory", from
// the last row that has the limits (the newest step may not be written yet).
std::string capacity(const json& rows, bool guest) {
  const char* memory_key = guest ? "maxmem" : "memtotal";
  std::optional<double> cpus, memory;
  for (auto row = rows.rbegin(); row != rows.rend() && !cpus; ++row) {
    cpus = number_field(*row, "maxcpu");
    memory = number_field(*row, memory_key);
  }
  std::string text;
  if (cpus) {
    // A container's cpulimit may be fractional; whole counts read better without decimals.
    text += (std::fmod(*cpus, 1.0) == 0 ? std::to_string(static_cast<long long>(*cpus))
                                        : metric_text(*cpus, Unit::kPlain)) +
            " CPUs";
  }
  if (memory) text += (text.empty() ? "" : ", ") + md::bytes(*memory) + " memory";
  return text;
}

}  // namespace

typed::Problem rrd_timeframe(const std::string& text) {
  static constexpr std::string_view kTimeframes[] = {"hour", "day", "week", "month", "year"};
  return typed::listed_in(kTimeframes, text);
}

mcp::ToolResult get_rrd_data(const Call& call, const RrdDataArgs& args) {
  const bool guest = args.vmid.has_value();
  const std::string path =
      guest ? pve::path({"nodes", args.node, args.type, std::to_string(*args.vmid), "rrddata"})
            : pve::path({"nodes", args.node, "rrddata"});
  const json answer = call.api.get(path, {{"timeframe", args.timeframe}});
  const json rows = answer.is_array() ? answer : json::array();

  json out = {{"node", args.node}, {"timeframe", args.timeframe}, {"points", rows.size()}};
  if (guest) {
    out["vmid"] = *args.vmid;
    out["type"] = args.type;
  }
  if (rows.size() > 1) {
    put_integer(
        out, "step",
        integer_field(rows[1], "time").value_or(0) - integer_field(rows[0], "time").value_or(0));
  }
  json metrics = json::array();
  json series = {{"time", bucket_times(rows)}};
  std::vector<std::vector<std::string>> table;
  for (const Metric& metric :
       guest ? std::span<const Metric>(kGuestMetrics) : std::span<const Metric>(kNodeMetrics)) {
    const std::vector<double> values = values_of(rows, metric.key);
    if (values.empty()) continue;
    const double avg = average(values);
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    metrics.push_back({{"name", metric.key},
                       {"unit", unit_name(metric.unit)},
                       {"min", in_unit(*low, metric.unit)},
                       {"avg", in_unit(avg, metric.unit)},
                       {"max", in_unit(*high, metric.unit)},
                       {"last", in_unit(values.back(), metric.unit)}});
    series[metric.key] = downsample(rows, metric);
    table.push_back({metric.label, metric_text(*low, metric.unit), metric_text(avg, metric.unit),
                     metric_text(*high, metric.unit), metric_text(values.back(), metric.unit)});
  }
  out["metrics"] = metrics;
  out["series"] = series;

  const std::string subject =
      guest ? (args.type == "lxc" ? "CT " : "VM ") + std::to_string(*args.vmid) + " on " + args.node
            : "node " + args.node;
  std::string text = md::heading("📈", "Metrics — " + subject) + "\n\n";
  std::string period = args.timeframe + ", " + std::to_string(rows.size()) + " points";
  if (!rows.empty()) {
    period += " from " + md::iso_time(integer_field(rows.front(), "time").value_or(0)) + " to " +
              md::iso_time(integer_field(rows.back(), "time").value_or(0));
  }
  text += md::bullet("Period", period + " (averages per step)") + "\n";
  if (const std::string limits = capacity(rows, guest); !limits.empty()) {
    text += md::bullet("Capacity", limits) + "\n";
  }
  text += table.empty() ? "\nNo data recorded in this period.\n"
                        : "\n" + md::table({"Metric", "Min", "Avg", "Max", "Last"}, table);
  mcp::ToolResult r;
  r.text = text;
  r.structured = out;
  return r;
}

}  // namespace tools
