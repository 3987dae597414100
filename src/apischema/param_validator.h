// Generic request parameter validation, as PVE::JSONSchema::validate does it, with its texts.
#pragma once

#include <map>
#include <string>

#include "apischema/api_schema.h"

namespace apischema {

using ParamErrors = std::map<std::string, std::string>;

// Applies PVE's request normalization: a single value for an array-typed parameter becomes a
// one-element array; an array for a "-list" string format is joined with ','.
void normalize_params(const MethodSchema& method, Json& params);

// Validates the merged parameters (JSON object: strings, arrays, or JSON body values) against
// the method's schema. Keys like net0 are checked against the collapsed "net[n]" option with the
// real index range. Returns the errors map of a 400 "Parameter verification failed." (empty if
// the parameters are valid).
ParamErrors validate_params(const MethodSchema& method, const Json& params);

// Converts validated parameters to the form PVE's handlers see: strings, or arrays of strings
// (JSON booleans become "1"/"0", numbers their decimal text).
Json stringify_params(const Json& params);

}  // namespace apischema
