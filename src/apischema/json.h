// The JSON value type the schema library reads and validates.
#pragma once

#include <nlohmann/json.hpp>

namespace apischema {

using Json = nlohmann::json;

}  // namespace apischema
