#include "listing/catalogue_listing.h"

#include <algorithm>

namespace listing {

const mcp::ListingTexts* catalogue_listing(std::string_view name) {
  const std::span<const Entry> entries = catalogue_entries();
  const auto it = std::lower_bound(entries.begin(), entries.end(), name,
                                   [](const Entry& e, std::string_view n) { return e.name < n; });
  return it != entries.end() && it->name == name ? &it->texts : nullptr;
}

}  // namespace listing
