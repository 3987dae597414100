// The Perl-regex translation, for every pattern in the schema.
#include "apischema/perl_regex.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "apischema/json.h"
#include "apischema/schema_blob.h"

namespace apischema {
namespace {

TEST(PerlRegex, StringifiedGroupsAndCaseInsensitivity) {
  EXPECT_EQ(perl_to_ecmascript("(?^:[a-z]+)"), "(?:[a-z]+)");
  SchemaPattern tag("(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)");
  EXPECT_TRUE(tag.matches("Prod_DB-1"));
  EXPECT_FALSE(tag.matches("-x"));
  SchemaPattern nested("(?^i:a(?^:b))");
  EXPECT_TRUE(nested.matches("Ab"));
  EXPECT_FALSE(nested.matches("AB"));
  SchemaPattern short_text("[A-Za-z0-9\\-_\\s]{,8}");
  EXPECT_TRUE(short_text.matches("ab cd"));
  EXPECT_FALSE(short_text.matches("123456789"));
}

TEST(PerlRegex, AnchoredLikePerlWithoutGrouping) {
  // m/^$pattern$/ binds ^ and $ to the outer alternatives only, as upstream does.
  SchemaPattern alt("acl|none");
  EXPECT_TRUE(alt.matches("acl-and-more"));
  EXPECT_TRUE(alt.matches("none"));
  EXPECT_FALSE(alt.matches("xnonex"));
}

TEST(PerlRegex, HugeInputDoesNotOverflowTheStack) {
  SchemaPattern p("(?^:[^\\x00-\\x08\\x10-\\x1F\\x7F]+)");
  EXPECT_TRUE(p.matches(std::string(400 * 1024, 'a')));
}

TEST(PerlRegex, EverySchemaPatternCompiles) {
  const auto text = std::string(embedded_apidata());
  std::set<std::string> patterns;
  std::function<void(const Json&)> collect = [&](const Json& j) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "pattern" && v.is_string()) patterns.insert(v.get<std::string>());
        collect(v);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) collect(v);
    }
  };
  collect(Json::parse(text));
  EXPECT_EQ(patterns.size(), 71U);
  for (const auto& p : patterns) EXPECT_NE(cached_pattern(p), nullptr) << p;
}

}  // namespace
}  // namespace apischema
