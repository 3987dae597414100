// Typed arguments: the advertised schema, the defaults and the parse come from one description.
#include "tools/typed_args.h"

#include <gtest/gtest.h>

namespace tools::typed {
namespace {

using nlohmann::json;

Problem sample_node_rule(const std::string& text) {
  if (is_node_name(text)) return std::nullopt;
  return "must be a node name like pve1";
}

struct Sample {
  std::string node;
  std::optional<std::int64_t> cores;
  bool wait = false;
  std::int64_t timeout = 0;
  std::string type;
  std::optional<std::vector<std::string>> argv;

  static auto fields() {
    return std::tuple{
        field(&Sample::node, "node").checked(sample_node_rule),
        field(&Sample::cores, "cores").about("CPU cores").checked(between<1, 8192>),
        field(&Sample::wait, "wait").or_default(true),
        field(&Sample::timeout, "timeout").or_default(120).checked(between<0, 3600>),
        field(&Sample::type, "type").or_default("qemu").one_of({"qemu", "lxc"}),
        field(&Sample::argv, "argv"),
    };
  }
};

TEST(TypedArgs, SchemaAdvertisesTypesDefaultsAndChoicesButNotTheRules) {
  EXPECT_EQ(schema<Sample>(), json::parse(R"({
    "type": "object",
    "properties": {
      "node": {"type": "string"},
      "cores": {"type": "integer", "description": "CPU cores"},
      "wait": {"type": "boolean", "default": true},
      "timeout": {"type": "integer", "default": 120},
      "type": {"type": "string", "default": "qemu", "enum": ["qemu", "lxc"]},
      "argv": {"type": "array", "items": {"type": "string"}}
    },
    "required": ["node"]
  })"));
}

TEST(TypedArgs, ParseAppliesDefaultsAndLeavesOptionalsEmpty) {
  const Sample s = parse<Sample>(json{{"node", "pve1"}});
  EXPECT_EQ(s.node, "pve1");
  EXPECT_EQ(s.cores, std::nullopt);
  EXPECT_TRUE(s.wait);
  EXPECT_EQ(s.timeout, 120);
  EXPECT_EQ(s.type, "qemu");
  EXPECT_EQ(s.argv, std::nullopt);
}

TEST(TypedArgs, ParseTakesNumericAndBooleanStringsAndNullAsAbsent) {
  const Sample s = parse<Sample>(json{{"node", "pve1"},
                                      {"cores", "4"},
                                      {"wait", "false"},
                                      {"timeout", nullptr},
                                      {"type", "lxc"},
                                      {"argv", {"ls", "-l"}}});
  EXPECT_EQ(s.cores, 4);
  EXPECT_FALSE(s.wait);
  EXPECT_EQ(s.timeout, 120);
  EXPECT_EQ(s.type, "lxc");
  EXPECT_EQ(s.argv, (std::vector<std::string>{"ls", "-l"}));
}

std::string error_of(const json& arguments) {
  try {
    parse<Sample>(arguments);
  } catch (const ArgError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(TypedArgs, ParseNamesTheArgumentAndTheRuleItBroke) {
  EXPECT_EQ(error_of(json::object()), "Invalid argument 'node': is required");
  EXPECT_EQ(error_of(nullptr), "Invalid argument 'node': is required");
  EXPECT_EQ(error_of({{"node", "pve/1"}}),
            "Invalid argument 'node': must be a node name like pve1");
  EXPECT_EQ(error_of({{"node", 7}}), "Invalid argument 'node': must be a string");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"cores", "four"}}),
            "Invalid argument 'cores': must be an integer");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"cores", 1e300}}),
            "Invalid argument 'cores': must be an integer");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"cores", 0}}),
            "Invalid argument 'cores': must be an integer between 1 and 8192");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"wait", "maybe"}}),
            "Invalid argument 'wait': must be true or false");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"type", "kvm"}}),
            "Invalid argument 'type': must be one of: qemu, lxc");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"argv", {"ls", 1}}}),
            "Invalid argument 'argv': must be an array of strings");
  EXPECT_EQ(error_of({{"node", "pve1"}, {"timeout", 3600}}), "(accepted)");
}

}  // namespace
}  // namespace tools::typed
