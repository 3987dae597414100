// PVE's parameter validation called directly, as the server's generic API call uses it.
#include "apischema/param_validator.h"

#include <gtest/gtest.h>

namespace apischema {
namespace {

const MethodSchema& method(const std::string& verb, const std::string& path) {
  const auto route = ApiSchema::embedded().match(path);
  EXPECT_TRUE(route) << path;
  return route->methods->at(verb);
}

TEST(ParamValidator, TypedJsonValuesFromAModelPass) {
  const auto& migrate = method("POST", "/nodes/pve1/qemu/100/migrate");
  const Json params = {{"node", "pve1"}, {"vmid", 100}, {"target", "pve2"}, {"online", true}};
  EXPECT_TRUE(validate_params(migrate, params).empty());
  EXPECT_EQ(stringify_params(params),
            (Json{{"node", "pve1"}, {"vmid", "100"}, {"target", "pve2"}, {"online", "1"}}));
}

TEST(ParamValidator, EachBadParameterGetsPvesText) {
  const auto& migrate = method("POST", "/nodes/pve1/qemu/100/migrate");
  const Json params = {{"node", "pve1"},           {"vmid", "abc"}, {"target", "bad_node"},
                       {"migration_type", "fast"}, {"bogus", 1},    {"bwlimit", -1}};
  EXPECT_EQ(
      validate_params(migrate, params),
      (ParamErrors{{"bogus",
                    "property is not defined in schema and the schema does not allow additional "
                    "properties"},
                   {"bwlimit", "value must have a minimum value of 0"},
                   {"migration_type",
                    "value 'fast' does not have a value in the enumeration 'secure, insecure'"},
                   {"target", "invalid format - value does not look like a valid node name\n"},
                   {"vmid", "type check ('integer') failed - got 'abc'"}}));
}

TEST(ParamValidator, MissingRequiredAndIndexedOptions) {
  const auto& config = method("POST", "/nodes/pve1/qemu/100/config");
  EXPECT_EQ(validate_params(config, Json{{"node", "pve1"}, {"net0", "virtio,bridge=vmbr0"}}),
            (ParamErrors{{"vmid", "property is missing and it is not optional"}}));
  EXPECT_EQ(validate_params(config, Json{{"node", "pve1"}, {"vmid", 100}, {"net32", "virtio"}}),
            (ParamErrors{{"net32",
                          "property is not defined in schema and the schema does not allow "
                          "additional properties"}}));
}

// Perl numifies an out-of-range number text to infinity or zero; std::stod threw out_of_range,
// which reached the generic call as an internal error.
TEST(ParamValidator, NumbersBeyondADoubleAreInfinityOrZeroAsInPerl) {
  const auto& config = method("POST", "/nodes/pve1/qemu/100/config");
  const auto cpulimit = [&](const std::string& value) {
    return validate_params(config, Json{{"node", "pve1"}, {"vmid", 100}, {"cpulimit", value}});
  };
  EXPECT_EQ(cpulimit("1e999"),
            (ParamErrors{{"cpulimit", "value must have a maximum value of 128"}}));
  EXPECT_EQ(cpulimit(std::string(400, '9')),
            (ParamErrors{{"cpulimit", "value must have a maximum value of 128"}}));
  EXPECT_EQ(cpulimit("-1e999"),
            (ParamErrors{{"cpulimit", "value must have a minimum value of 0"}}));
  EXPECT_TRUE(cpulimit("1e-400").empty());
}

}  // namespace
}  // namespace apischema
