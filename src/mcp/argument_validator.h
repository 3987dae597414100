// Checks tool arguments (and results) against the schemas a tool advertises.
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

// What tools/call does before a handler runs: converts, in place, scalars sent as another
// scalar type where a property declares exactly one type (numeric strings such as "2048" for
// integer and number, "true"/"false" for boolean, numbers for string), then check_arguments.
// The Node.js server accepted such values and models send them; a text that is not a number
// stays a string and is refused by the check ("'memory' must be an integer").
std::optional<std::string> accept_arguments(const nlohmann::json& schema, nlohmann::json& args);

// Checks a tool's structuredContent against its outputSchema with the same keywords. Returns
// nullopt when it conforms, otherwise the problems, e.g. "missing required property 'count'".
std::optional<std::string> check_structured_content(const nlohmann::json& schema,
                                                    const nlohmann::json& value);

}  // namespace mcp
