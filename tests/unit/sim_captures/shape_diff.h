// How an answer of pve-sim differs in shape from a recorded PVE answer: keys, JSON types, lists.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pvesim::captures {

using Json = nlohmann::json;

// The differences, each one line naming a place in the body ("data.blockstat.*.rd_bytes",
// "data[]" for list elements, "*" for the values of a map whose keys are data):
//   missing P         the capture has the key, pve-sim does not
//   extra P           pve-sim has the key, the capture does not
//   type P: A != B    JSON types differ (capture first): null, boolean, number, string, …
//   empty P[] / P.*   the capture's list or map has elements, pve-sim's none
//   extra P[] / P.*   pve-sim's list or map has elements, the capture's none
// A list element of the capture is matched with the pve-sim element of the same "type" (when
// it has one) that differs least.
struct ShapeRules {
  // Places whose keys are data (drive names, paths): every value against pve-sim's first one.
  std::vector<std::string> maps;
  // Places whose keys depend on the object (a guest's config): only the keys both have count.
  std::vector<std::string> open;
};
std::set<std::string> shape_differences(const Json& capture, const Json& sim,
                                        const ShapeRules& rules = {});

// The JSON type's name as the differences spell it.
std::string json_kind(const Json& value);

}  // namespace pvesim::captures
