// Google Benchmark's JSON output (--benchmark_out, with repetitions) as rows of the table.
#pragma once

#include <string>
#include <vector>

#include "report.h"

namespace bench {

// One row per benchmark: the wall time of each repetition. Throws std::runtime_error when the
// file cannot be read as Google Benchmark JSON.
std::vector<Row> micro_rows(const std::string& path);

}  // namespace bench
