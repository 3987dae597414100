// Catalogue rows of the write tools for snapshots and backups.
#include "tools/catalog_rows.h"

namespace tools {

std::vector<Row> data_rows() {
  return {};
}

}  // namespace tools
