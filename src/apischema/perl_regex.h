// Perl regular expressions from the PVE schema, translated for std::regex and matched like Perl.
#pragma once

#include <memory>
#include <regex>
#include <string>

namespace apischema {

// Rewrites a Perl pattern into ECMAScript syntax: stringified qr// groups "(?^:...)" and
// "(?^i:...)" become plain groups (case-insensitive parts get both letter cases spelt out,
// since std::regex has no inline flags), atomic groups "(?>...)" become plain groups, and
// "{,n}" becomes "{0,n}".
std::string perl_to_ecmascript(const std::string& perl);

// A schema "pattern": PVE tests m/^$pattern$/ (no grouping around the pattern, as upstream).
class SchemaPattern {
 public:
  explicit SchemaPattern(const std::string& perl);  // throws std::regex_error if untranslatable
  [[nodiscard]] bool matches(const std::string& value) const;

 private:
  std::regex regex_;
};

// Compiles each distinct pattern once; thread-safe. nullptr when the pattern cannot be compiled.
const SchemaPattern* cached_pattern(const std::string& perl);

}  // namespace apischema
