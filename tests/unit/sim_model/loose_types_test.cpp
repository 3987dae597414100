// --loose-types: each listed field in its other real JSON form, nothing else touched.
#include "loose_types.h"

#include <gtest/gtest.h>

namespace pvesim {
namespace {

TEST(LooseTypes, NumbersBecomeTextAndTextNumbersOnlyWhereListed) {
  const Json lxc = Json::array({{{"vmid", 101},
                                 {"pid", 4242},
                                 {"name", "dns"},
                                 {"mem", 5},
                                 {"pressurecpusome", "0.25"},
                                 {"cpus", "1.5"}}});
  EXPECT_EQ(loosen("/nodes/{node}/lxc", lxc), Json::array({{{"vmid", "101"},
                                                            {"pid", "4242"},
                                                            {"name", "dns"},
                                                            {"mem", 5},
                                                            {"pressurecpusome", 0.25},
                                                            {"cpus", 1.5}}}));
  // The same fields of another endpoint stay as they are.
  EXPECT_EQ(loosen("/cluster/resources", Json::array({{{"vmid", 101}}})),
            Json::array({{{"vmid", 101}}}));
}

TEST(LooseTypes, FlagsBecomeBooleansAndNestedPlacesAreFollowed) {
  const Json status = {{"vmid", 100},
                       {"agent", 1},
                       {"template", 1},
                       {"ha", {{"managed", 0}}},
                       {"nics", {{"tap100i0", {{"netin", 5}, {"netout", 7}}}}}};
  EXPECT_EQ(loosen("/nodes/{node}/qemu/{vmid}/status/current", status),
            (Json{{"vmid", "100"},
                  {"agent", true},
                  {"template", true},
                  {"ha", {{"managed", 0}}},
                  {"nics", {{"tap100i0", {{"netin", "5"}, {"netout", "7"}}}}}}));
  // Twice is the form it started in; text that is no number stays text.
  EXPECT_EQ(loosen("/nodes/{node}/qemu/{vmid}/status/current",
                   loosen("/nodes/{node}/qemu/{vmid}/status/current", status)),
            status);
  EXPECT_EQ(loosen("/nodes/{node}/qemu/{vmid}/config", {{"memory", "current=4096"}}),
            (Json{{"memory", "current=4096"}}));
  EXPECT_EQ(loosen("/nodes/{node}/qemu/{vmid}/config", {{"memory", "4096"}}),
            (Json{{"memory", 4096}}));
}

TEST(LooseTypes, EveryEntryNamesItsEvidence) {
  for (const LooseField& field : loose_fields()) {
    EXPECT_NE(std::string(field.evidence), "") << field.template_path << " " << field.field;
    EXPECT_EQ(std::string(field.template_path).front(), '/') << field.template_path;
  }
}

}  // namespace
}  // namespace pvesim
