// The clusters file's reader. Promises checked: a problem is one printable line that starts
// with the file's path; a file that reads gives clusters with valid names, in the order of the
// file, every value under a known variable and on a line of the file, and a default that is one
// of them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/clusters_file.h"
#include "fuzz_check.h"

namespace {

constexpr std::string_view kPath = "/etc/fuzz/clusters.toml";

bool printable_line(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte != 0x7f;
  });
}

bool known_variable(const std::string& variable) {
  const auto keys = config::cluster_keys();
  return std::any_of(keys.begin(), keys.end(),
                     [&](const config::ClusterKey& key) { return key.variable == variable; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const config::ClustersFile file = config::parse_clusters_file(content, std::string(kPath));
  if (!file.problem.empty()) {
    fuzz::check(file.problem.starts_with(kPath), "a problem starts with the path", file.problem);
    fuzz::check(printable_line(file.problem), "a problem is one printable line", file.problem);
    fuzz::check(file.clusters.empty(), "a file with a problem gives no cluster", file.problem);
    return 0;
  }
  fuzz::check(!file.clusters.empty(), "a file that reads has a cluster", "");
  const auto lines = static_cast<int>(std::count(content.begin(), content.end(), '\n')) + 1;
  int previous = 0;
  for (const config::ClusterTable& cluster : file.clusters) {
    fuzz::check(config::is_valid_cluster_name(cluster.name), "a cluster's name is valid",
                cluster.name);
    fuzz::check(cluster.line >= previous, "clusters keep the file's order", cluster.name);
    previous = cluster.line;
    for (const auto& [variable, value] : cluster.values) {
      fuzz::check(known_variable(variable), "a value is a known setting's", variable);
      fuzz::check(value.line >= 1 && value.line <= lines, "a value's line is in the file",
                  variable);
    }
  }
  fuzz::check(
      std::any_of(file.clusters.begin(), file.clusters.end(),
                  [&](const config::ClusterTable& c) { return c.name == file.default_name; }),
      "the default is one of the clusters", file.default_name);
  return 0;
}
