// The catalogue's tools/list entries, serialized at build time, by tool name.
#pragma once

#include <span>
#include <string_view>

#include "mcp/tool.h"

namespace listing {

struct Entry {
  std::string_view name;
  mcp::ListingTexts texts;
};

// Every catalogue tool's entry, sorted by name (written by pmcp_listing_gen).
std::span<const Entry> catalogue_entries();

// The entry of the catalogue tool `name`, or null for a tool the catalogue does not have.
const mcp::ListingTexts* catalogue_listing(std::string_view name);

}  // namespace listing
