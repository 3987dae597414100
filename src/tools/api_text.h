// Texts shared by the API tools: one parameter, an enum, the endpoint's heading line.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "apischema/catalogue.h"

namespace tools::api_text {

// "a|b|c", or the first values and "|…" when there are more than `keep`.
std::string enum_values(const apischema::Parameter& p, size_t keep);

// "string", "integer 100..999999999", "boolean", "enum a|b"; what a value must look like.
std::string value_type(const apischema::Parameter& p, size_t enum_keep);

// "`METHOD /path`"
std::string endpoint_name(const apischema::Endpoint& e);

// The fields every rendering of an endpoint shares.
nlohmann::json endpoint_facts(const apischema::Endpoint& e);

// The placeholders of the path, "node, vmid"; "" for a path without any.
std::string placeholders(const apischema::Endpoint& e);

}  // namespace tools::api_text
