// The benchmark's figures: one row per measurement, printed as a table and written as JSON.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bench {

struct Row {
  std::string name;  // "cold start to the tools/list answer, 2025-11-25"
  std::string unit;  // ms, MiB, req/s, bytes, …
  std::vector<double> ours;
  std::vector<double> reference;  // empty: not measured, or the reference cannot do it
  std::optional<double> target;   // compared with our median
  bool higher_is_better = false;

  // Where a figure of ours, or of the reference, goes.
  std::vector<double>& samples(bool of_ours) { return of_ours ? ours : reference; }
};

// A row with no figures yet: ours, and the reference's where it applies, are added as measured.
Row row(std::string name, std::string unit, std::optional<double> target = std::nullopt,
        bool higher_is_better = false);

double median(std::vector<double> samples);

// True/false when the row has a target and figures, nullopt otherwise.
std::optional<bool> target_met(const Row& row);

void print_table(const std::vector<Row>& rows, const std::string& reference_name,
                 std::ostream& out);
nlohmann::json rows_json(const std::vector<Row>& rows);

}  // namespace bench
