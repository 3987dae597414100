// The clusters file (PROXMOX_CLUSTERS): named clusters in TOML, each key a PROXMOX_* setting.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace config {

// A key of a cluster's table and the variable it stands for ("port" → "PROXMOX_PORT").
struct ClusterKey {
  std::string_view key;
  std::string_view variable;
  // Only the cluster's table gives it: the environment's value, if any, is never used for it
  // (one cluster's host, token or certificate trust must not become another's).
  bool own = false;
};
std::span<const ClusterKey> cluster_keys();
// The variables of cluster_keys(), each a key's: how a message about one cluster is renamed.
std::vector<std::string> cluster_variables();

// A value as the variable would hold it: arrays joined by ',', booleans "true"/"false".
struct ClusterValue {
  std::string text;
  int line = 0;
};

struct ClusterTable {
  std::string name;
  int line = 0;                                // of its [clusters.NAME] header
  std::map<std::string, ClusterValue> values;  // by variable (PROXMOX_PORT)
};

struct ClustersFile {
  std::vector<ClusterTable> clusters;  // in the file's order
  std::string default_name;            // `default`, else the first cluster's name
  std::string problem;                 // one line, starting with the path; empty when usable
};

// Cluster names: a letter or digit, then letters, digits, '-' and '_'; at most 32 characters.
bool is_valid_cluster_name(std::string_view name);

// Reads the text of the file at `path`. Relative paths in token_value_file and ca_file are
// taken from the file's directory.
ClustersFile parse_clusters_file(std::string_view text, const std::string& path);

}  // namespace config
