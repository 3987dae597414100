#include "micro_rows.h"

#include <fstream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace bench {

std::vector<Row> micro_rows(const std::string& path) {
  std::ifstream in(path);
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  if (report.is_discarded() || !report.contains("benchmarks")) {
    throw std::runtime_error(path + " is not Google Benchmark JSON");
  }
  std::vector<Row> rows;
  std::map<std::string, std::size_t> index;  // run name → row, in the order first seen
  for (const nlohmann::json& run : report.at("benchmarks")) {
    if (run.value("run_type", "") != "iteration" || run.value("error_occurred", false)) continue;
    const std::string name = "micro: " + run.value("run_name", run.value("name", "?"));
    auto [at, added] = index.emplace(name, rows.size());
    if (added) rows.push_back(row(name, run.value("time_unit", "ns")));
    rows[at->second].ours.push_back(run.value("real_time", 0.0));
  }
  return rows;
}

}  // namespace bench
