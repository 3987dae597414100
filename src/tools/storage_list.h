// Collecting storages: one /cluster/resources request, or per-node lists as a fallback.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pve/api.h"

namespace tools {

struct StorageRow {
  std::string storage;
  std::string type;     // plugin type: dir, lvmthin, zfspool, nfs, pbs, ...
  std::string content;  // "iso,vztmpl,backup"
  bool shared = false;
  std::vector<std::string> nodes;  // one for local storage; every node that sees a shared one
  std::string status;              // available, unavailable, disabled, unknown
  std::optional<double> used;
  std::optional<double> total;
};

struct StorageListing {
  std::vector<StorageRow> storages;   // sorted by storage id, then node
  std::vector<std::string> warnings;  // one line per offline node
};

// A shared storage is listed once, with every node that sees it.
StorageListing list_storage(pve::Api& api, const std::optional<std::string>& node);

}  // namespace tools
