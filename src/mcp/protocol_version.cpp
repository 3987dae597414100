#include "mcp/protocol_version.h"

namespace mcp {

std::string_view revision_name(Revision r) {
  switch (r) {
    case Revision::k2024_11_05:
      return "2024-11-05";
    case Revision::k2025_03_26:
      return "2025-03-26";
    case Revision::k2025_06_18:
      return "2025-06-18";
    case Revision::k2025_11_25:
      return "2025-11-25";
    case Revision::k2026_07_28:
      return kModernVersion;
  }
  return "";
}

std::optional<Revision> parse_revision(std::string_view name) {
  for (Revision r : {Revision::k2024_11_05, Revision::k2025_03_26, Revision::k2025_06_18,
                     Revision::k2025_11_25, Revision::k2026_07_28}) {
    if (revision_name(r) == name) return r;
  }
  return std::nullopt;
}

Revision negotiate_legacy(std::string_view requested) {
  for (Revision r : kLegacyRevisions) {
    if (revision_name(r) == requested) return r;
  }
  return kNewestLegacy;
}

}  // namespace mcp
