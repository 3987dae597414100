// --loose-types: the values whose JSON form varies in real PVE, served in the other form.
#pragma once

#include <string>
#include <vector>

#include "api_types.h"

namespace pvesim {

// How a value's two real forms differ.
enum class LooseForm {
  kNumberText,  // 100 and "100": Perl scalars keep the string form once interpolated
  kFlag,        // 0/1 and false/true: JSON::true from some handlers, plain integers from others
};

// One field of an endpoint's answer that real PVE sends in either form. `field` is a dotted path
// into `data` where `*` stands for every element of a list or every value of a map.
struct LooseField {
  const char* template_path;  // the schema path, e.g. /nodes/{node}/lxc
  const char* field;          // e.g. *.vmid
  LooseForm form;
  const char* evidence;  // why the other form counts (sim/README.md lists these)
};

// Every such field, in one table (sim/README.md "Loose types" shows it).
const std::vector<LooseField>& loose_fields();

// `data` of a 200 answer to `template_path` with each listed field in its other form: numbers
// become decimal strings and numeric strings numbers; 0/1 become false/true and booleans 0/1.
Json loosen(const std::string& template_path, Json data);

}  // namespace pvesim
