// The words of an endpoint and of a query, folded alike (lower case, singular) for search().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apischema/catalogue.h"

namespace apischema {

// Lower case, and a plural made singular: "groups" -> "group", "policies" -> "policy".
std::string fold(std::string_view word);

// The folded words of a text, split at anything that is no letter or digit.
std::vector<std::string> words_of(std::string_view text);

// What an endpoint is found by: its path's literal segments (a whole segment counts most), the
// placeholders' names, its handler's name, its summary and description, its method.
std::vector<Term> search_terms(const Endpoint& endpoint);

// The forms a query word may take in the schema ("vm" also as "qemu", "backup" as "vzdump");
// empty for words that carry no meaning in a query ("the", "how").
std::vector<std::string> query_forms(const std::string& folded_word);

}  // namespace apischema
