// Tool argument validation: the exact texts a model sees when it passes bad arguments.
#include "mcp/argument_validator.h"

#include <gtest/gtest.h>

namespace mcp {
namespace {

using nlohmann::json;

const json kGuestSchema = json::parse(R"({
  "type": "object",
  "properties": {
    "node": {"type": "string", "minLength": 1, "maxLength": 8, "pattern": "^[a-z0-9-]+$"},
    "vmid": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 100,
             "maximum": 999999999},
    "type": {"type": "string", "enum": ["qemu", "lxc"], "default": "qemu"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 1000},
    "ratio": {"type": "number", "exclusiveMinimum": 0},
    "wait": {"type": "boolean"},
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "maxItems": 2},
    "opts": {"type": "object", "properties": {"a": {"type": "integer"}},
             "additionalProperties": false}
  },
  "required": ["node", "vmid"],
  "additionalProperties": false
})");

std::string problem(const json& args) {
  auto p = check_arguments(kGuestSchema, args);
  return p ? *p : std::string("(valid)");
}

TEST(ArgumentValidator, AcceptsValidArguments) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}}), "(valid)");
  EXPECT_EQ(problem({{"node", "pve1"},
                     {"vmid", "100"},
                     {"type", "lxc"},
                     {"limit", 5},
                     {"ratio", 0.5},
                     {"wait", true},
                     {"tags", {"a", "b"}},
                     {"opts", {{"a", 1}}}}),
            "(valid)");
}

TEST(ArgumentValidator, IntegerValuedFloatCountsAsInteger) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100.0}}), "(valid)");
}

TEST(ArgumentValidator, VmidMustBeIntegerOrNumericString) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", "abc"}}),
            "Invalid arguments: 'vmid' must be an integer or a numeric string");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", true}}),
            "Invalid arguments: 'vmid' must be an integer or a numeric string");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100.5}}),
            "Invalid arguments: 'vmid' must be an integer or a numeric string");
}

TEST(ArgumentValidator, EnumListsTheChoices) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"type", "kvm"}}),
            "Invalid arguments: 'type' must be one of: qemu, lxc");
}

TEST(ArgumentValidator, UnknownAndMissingArguments) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"foo", 1}}),
            "Invalid arguments: unknown argument 'foo'");
  EXPECT_EQ(problem({{"vmid", 100}}), "Invalid arguments: missing required argument 'node'");
  EXPECT_EQ(problem(json::object()),
            "Invalid arguments: missing required argument 'node'; missing required argument "
            "'vmid'");
}

TEST(ArgumentValidator, NumericLimits) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 99}}),
            "Invalid arguments: 'vmid' must be at least 100");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"limit", 1001}}),
            "Invalid arguments: 'limit' must be at most 1000");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"ratio", 0}}),
            "Invalid arguments: 'ratio' must be greater than 0");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"limit", "5"}}),
            "Invalid arguments: 'limit' must be an integer");
}

// accept_arguments is what tools/call runs: a scalar sent as text reaches the handler as the
// type the schema declares, and the limits apply to the converted value.
TEST(AcceptArguments, NumericAndBooleanStringsBecomeTheDeclaredType) {
  json args = {{"node", "pve1"}, {"vmid", 100},     {"limit", "5"},
               {"ratio", "0.5"}, {"wait", "false"}, {"opts", {{"a", "-7"}}}};
  EXPECT_EQ(accept_arguments(kGuestSchema, args), std::nullopt);
  EXPECT_EQ(args, (json{{"node", "pve1"},
                        {"vmid", 100},
                        {"limit", 5},
                        {"ratio", 0.5},
                        {"wait", false},
                        {"opts", {{"a", -7}}}}));
  EXPECT_TRUE(args["limit"].is_number_integer());
  EXPECT_TRUE(args["opts"]["a"].is_number_integer());
}

TEST(AcceptArguments, NumbersBecomeTextWhereAStringIsDeclared) {
  json args = {{"node", 42}, {"vmid", 100}, {"tags", {1, "b"}}};
  EXPECT_EQ(accept_arguments(kGuestSchema, args), std::nullopt);
  EXPECT_EQ(args["node"], "42");
  EXPECT_EQ(args["tags"], (json{"1", "b"}));
}

TEST(AcceptArguments, TextThatIsNotANumberIsRefusedWithTheTypeRule) {
  for (const char* text : {"5x", "1.5", "", " 5", "0x10", "1e2", "99999999999999999999"}) {
    json args = {{"node", "pve1"}, {"vmid", 100}, {"limit", text}};
    EXPECT_EQ(accept_arguments(kGuestSchema, args), "Invalid arguments: 'limit' must be an integer")
        << text;
    EXPECT_EQ(args["limit"], text);
  }
  json args = {{"node", "pve1"}, {"vmid", 100}, {"wait", "yes"}, {"ratio", "inf"}};
  EXPECT_EQ(accept_arguments(kGuestSchema, args),
            "Invalid arguments: 'ratio' must be a number; 'wait' must be a boolean");
}

TEST(AcceptArguments, LimitsApplyToTheConvertedValue) {
  json args = {{"node", "pve1"}, {"vmid", 100}, {"limit", "1001"}};
  EXPECT_EQ(accept_arguments(kGuestSchema, args),
            "Invalid arguments: 'limit' must be at most 1000");
}

TEST(ArgumentValidator, StringRules) {
  EXPECT_EQ(problem({{"node", ""}, {"vmid", 100}}),
            "Invalid arguments: 'node' must be at least 1 character long");
  EXPECT_EQ(problem({{"node", "abcdefghi"}, {"vmid", 100}}),
            "Invalid arguments: 'node' must be at most 8 characters long");
  EXPECT_EQ(problem({{"node", "PVE/../x"}, {"vmid", 100}}),
            "Invalid arguments: 'node' must match the pattern ^[a-z0-9-]+$");
  EXPECT_EQ(problem({{"node", 5}, {"vmid", 100}}), "Invalid arguments: 'node' must be a string");
}

TEST(ArgumentValidator, LengthCountsCharactersNotBytes) {
  const json schema = {{"type", "object"}, {"properties", {{"s", {{"maxLength", 2}}}}}};
  EXPECT_FALSE(check_arguments(schema, {{"s", "\xC3\xA9\xC3\xA9"}}));  // "éé"
}

TEST(ArgumentValidator, ArraysAndNestedObjects) {
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"tags", {"a", "long", 3}}}),
            "Invalid arguments: 'tags' must have at most 2 items; 'tags[1]' must be at most 3 "
            "characters long; 'tags[2]' must be a string");
  EXPECT_EQ(problem({{"node", "pve1"}, {"vmid", 100}, {"opts", {{"a", "x"}, {"b", 1}}}}),
            "Invalid arguments: 'opts.a' must be an integer; unknown argument 'opts.b'");
}

TEST(ArgumentValidator, NoArgumentsForToolWithoutRequiredOnes) {
  const json schema = {{"type", "object"}, {"additionalProperties", false}};
  EXPECT_FALSE(check_arguments(schema, json::object()));
  EXPECT_EQ(*check_arguments(schema, {{"x", 1}}), "Invalid arguments: unknown argument 'x'");
}

TEST(ArgumentValidator, ArgumentsMustBeAnObject) {
  EXPECT_EQ(*check_arguments(kGuestSchema, json::array()),
            "Invalid arguments: arguments must be an object");
}

TEST(ArgumentValidator, AdditionalPropertiesSchemaAppliesToExtras) {
  const json schema = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
  EXPECT_EQ(*check_arguments(schema, {{"x", 1}}), "Invalid arguments: 'x' must be a string");
}

TEST(ArgumentValidator, SchemaWithoutTypeChecksOtherRules) {
  const json schema = {{"type", "object"},
                       {"properties", {{"c", {{"const", "yes"}}}, {"n", {{"type", "null"}}}}}};
  EXPECT_EQ(*check_arguments(schema, {{"c", "no"}}), "Invalid arguments: 'c' must be yes");
  EXPECT_EQ(*check_arguments(schema, {{"n", 1}}), "Invalid arguments: 'n' must be null");
}

TEST(ArgumentValidator, HugeStringAgainstPatternDoesNotCrash) {
  const json schema = {{"type", "object"},
                       {"properties", {{"s", {{"type", "string"}, {"pattern", "^(a|b)*$"}}}}}};
  EXPECT_EQ(*check_arguments(schema, {{"s", std::string(200000, 'a')}}),
            "Invalid arguments: 's' is too long (over 10000 bytes) to match the pattern ^(a|b)*$");
}

TEST(ArgumentValidator, InvalidPatternIsReportedNotThrown) {
  const json schema = {{"type", "object"}, {"properties", {{"s", {{"pattern", "(("}}}}}};
  EXPECT_EQ(*check_arguments(schema, {{"s", "x"}}),
            "Invalid arguments: 's' cannot be checked: the tool's pattern (( is not a valid "
            "regular expression");
}

}  // namespace
}  // namespace mcp

namespace mcp {
namespace {

TEST(StructuredContentCheck, NamesPropertiesNotArguments) {
  const nlohmann::json schema = nlohmann::json::parse(R"({"type":"object",
      "properties":{"vms":{"type":"array","items":{"type":"object",
        "properties":{"status":{"type":"string"}},"required":["status"]}},
        "count":{"type":"integer"}},
      "required":["vms","count"],"additionalProperties":false})");
  EXPECT_FALSE(check_structured_content(schema, {{"vms", nlohmann::json::array()}, {"count", 0}}));
  EXPECT_EQ(*check_structured_content(
                schema, {{"vms", {{{"status", 1}}, nlohmann::json::object()}}, {"extra", true}}),
            "unknown property 'extra'; 'vms[0].status' must be a string; missing required "
            "property 'vms[1].status'; missing required property 'count'");
  EXPECT_EQ(*check_structured_content(schema, nlohmann::json::array()),
            "'structuredContent' must be an object");
}

}  // namespace
}  // namespace mcp
