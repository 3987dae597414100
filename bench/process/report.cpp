#include "report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bench {

namespace {

std::string number(double value) {
  char text[64];
  const double size = std::fabs(value);
  std::snprintf(text, sizeof text,
                size >= 100 || value == std::floor(value) ? "%.0f"
                : size >= 10                              ? "%.1f"
                : size >= 1                               ? "%.2f"
                                                          : "%.3f",
                value);
  return text;
}

// "min / median / max", or the one figure when there is only one.
std::string spread(const std::vector<double>& samples) {
  if (samples.empty()) return "—";
  const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
  if (samples.size() == 1 || *low == *high) return number(samples.front());
  return number(*low) + " / " + number(median(samples)) + " / " + number(*high);
}

// Column widths count characters, not the bytes of "—" or "≤".
std::size_t shown(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string padded(const std::string& text, std::size_t width) {
  const std::size_t used = shown(text);
  return text + std::string(width > used ? width - used : 0, ' ');
}

nlohmann::json figures(const std::vector<double>& samples) {
  if (samples.empty()) return nullptr;
  const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
  return {{"min", *low}, {"median", median(samples)}, {"max", *high}, {"runs", samples.size()}};
}

}  // namespace

Row row(std::string name, std::string unit, std::optional<double> target, bool higher_is_better) {
  Row made;
  made.name = std::move(name);
  made.unit = std::move(unit);
  made.target = target;
  made.higher_is_better = higher_is_better;
  return made;
}

double median(std::vector<double> samples) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const std::size_t mid = samples.size() / 2;
  return samples.size() % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
}

std::optional<bool> target_met(const Row& row) {
  if (!row.target || row.ours.empty()) return std::nullopt;
  const double ours = median(row.ours);
  return row.higher_is_better ? ours >= *row.target : ours <= *row.target;
}

void print_table(const std::vector<Row>& rows, const std::string& reference_name,
                 std::ostream& out) {
  const std::vector<std::string> heading = {"figure (min / median / max)", "unit", "proxmox-mcp",
                                            reference_name.empty() ? "reference" : reference_name,
                                            "target"};
  std::vector<std::vector<std::string>> cells;
  for (const Row& row : rows) {
    std::string target = "";
    if (row.target) {
      const std::optional<bool> met = target_met(row);
      target = (row.higher_is_better ? "≥ " : "≤ ") + number(*row.target) +
               (met ? (*met ? "  ok" : "  MISSED") : "");
    }
    cells.push_back({row.name, row.unit, spread(row.ours), spread(row.reference), target});
  }
  std::vector<std::size_t> widths(heading.size());
  for (std::size_t i = 0; i < heading.size(); ++i) widths[i] = shown(heading[i]);
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], shown(line[i]));
  }
  auto print = [&](const std::vector<std::string>& line) {
    std::string text = "| ";
    for (std::size_t i = 0; i < line.size(); ++i) text += padded(line[i], widths[i]) + " | ";
    text.pop_back();
    out << text << "\n";
  };
  print(heading);
  std::vector<std::string> rule;
  for (std::size_t width : widths) rule.emplace_back(width, '-');
  print(rule);
  for (const auto& line : cells) print(line);
}

nlohmann::json rows_json(const std::vector<Row>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const Row& row : rows) {
    nlohmann::json item = {{"name", row.name},
                           {"unit", row.unit},
                           {"proxmox_mcp", figures(row.ours)},
                           {"reference", figures(row.reference)}};
    if (row.target) {
      item["target"] = {{"value", *row.target},
                        {"at_least", row.higher_is_better},
                        {"met", target_met(row).value_or(false)}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace bench
