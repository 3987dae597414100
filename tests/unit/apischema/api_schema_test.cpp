// The route tree built from the embedded schema.
#include "apischema/api_schema.h"

#include <gtest/gtest.h>

namespace apischema {
namespace {

TEST(ApiSchemaTest, EmbeddedSchemaHasAllPathsAndMethods) {
  const auto& schema = ApiSchema::embedded();
  EXPECT_EQ(schema.path_count(), 445U);
  EXPECT_EQ(schema.method_count(), 667U);
  auto m = schema.match("/nodes/pve1/qemu/100/status/start");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->template_path, "/nodes/{node}/qemu/{vmid}/status/start");
  EXPECT_EQ(m->path_params,
            (std::vector<std::pair<std::string, std::string>>{{"node", "pve1"}, {"vmid", "100"}}));
  EXPECT_FALSE(schema.match("/nodes/pve1/bogus"));
}

}  // namespace
}  // namespace apischema
