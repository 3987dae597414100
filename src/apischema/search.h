// Finds endpoints by words: path segments weigh most, then the handler's name, then the text.
#pragma once

#include <string>
#include <vector>

#include "apischema/catalogue.h"

namespace apischema {

inline constexpr size_t kSearchPageSize = 8;

struct SearchQuery {
  std::string words = "";        // "firewall rules vm": case-blind; plurals, a few synonyms fold
  std::string path_prefix = "";  // "/nodes/{node}/qemu" or "/nodes/pve1/qemu"; "" for all
  std::string method = "";       // GET POST PUT DELETE, case-blind; "" for all
  std::string cursor = "";       // next_cursor of the previous page; "" for the first
  size_t page_size = kSearchPageSize;
};

struct SearchPage {
  std::vector<const Endpoint*> entries;
  size_t total = 0;         // endpoints matching, over all pages
  size_t after = 0;         // matches after this page
  std::string next_cursor;  // "" on the last page
  std::string error;        // a cursor this query did not hand out; nothing else is searched
};

// Endpoints matching the most query words (all of them, when any endpoint does), best first:
// by score (a word in the path outranks one in the description), then the shorter path.
SearchPage search(const Catalogue& catalogue, const SearchQuery& query);

}  // namespace apischema
