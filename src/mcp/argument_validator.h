// Checks tool arguments against the tool's advertised inputSchema before its handler runs.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mcp {

// Returns nullopt when `args` satisfies `schema`, otherwise one line naming each offending
// argument and the rule, e.g. "Invalid arguments: missing required argument 'node'".
// Supported keywords: type (incl. arrays), properties, required, additionalProperties, enum,
// const, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength,
// items, minItems, maxItems. Others (default, description, format, ...) are documentation only.
std::optional<std::string> check_arguments(const nlohmann::json& schema,
                                           const nlohmann::json& args);

}  // namespace mcp
