#include "mcp/schema.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "mcp/tool.h"
#include "test_support.h"

namespace mcp::test {
namespace {

TEST(Schema, IsBuiltWhenFirstReadAndOnceForEveryCopy) {
  int builds = 0;
  const Schema schema([&builds] {
    ++builds;
    return json{{"type", "object"}, {"properties", {{"vmid", {{"type", "integer"}}}}}};
  });
  const Schema copy = schema;  // NOLINT(performance-unnecessary-copy-initialization): shared
  EXPECT_FALSE(schema.built());
  EXPECT_EQ(builds, 0);
  EXPECT_EQ(copy["properties"]["vmid"]["type"], "integer");
  EXPECT_TRUE(schema.built());
  EXPECT_EQ(schema.get(), copy.get());
  EXPECT_TRUE(schema.is_object());
  EXPECT_EQ(builds, 1);
}

TEST(Schema, AMissingMemberReadsAsNullAndASchemaAtHandIsBuilt) {
  const Schema none = nullptr;
  EXPECT_TRUE(none.built());
  EXPECT_TRUE(none.is_null());
  EXPECT_TRUE(none["properties"].is_null());
  const Schema given = {{"type", "object"}};
  EXPECT_TRUE(given.built());
  EXPECT_EQ(given.get(), (json{{"type", "object"}}));
  EXPECT_TRUE(given["required"].is_null());
}

TEST(Schema, AMovedFromSchemaStillReadsItsSchema) {
  Schema lazy([] { return json{{"type", "object"}}; });
  const Schema moved = std::move(lazy);
  // NOLINTNEXTLINE(bugprone-use-after-move): a Tool moved out of must stay safe to read
  EXPECT_EQ(lazy.get(), moved.get());
  Schema assigned;
  assigned = std::move(lazy);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(assigned.built());
  EXPECT_TRUE(lazy.is_object());  // NOLINT(bugprone-use-after-move)
}

TEST(Schema, ThreadsReadingAtOnceBuildItOnce) {
  std::atomic<int> builds = 0;
  const Schema schema([&builds] {
    ++builds;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return json{{"type", "object"}};
  });
  std::vector<std::thread> readers;
  std::atomic<int> objects = 0;
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      if (schema.get().is_object()) ++objects;
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(builds.load(), 1);
  EXPECT_EQ(objects.load(), 8);
}

// tools/list sends a tool's own listing text and builds none of its schemas; a tool without one
// is written from its schemas, as before.
TEST(Schema, ToolsListUsesListingTextsAndBuildsNoSchema) {
  int builds = 0;
  Tool listed = vm_status_tool();
  listed.input_schema = Schema([&builds] {
    ++builds;
    return json{{"type", "object"}};
  });
  listed.output_schema = Schema([&builds] {
    ++builds;
    return json();
  });
  static const ListingTexts kTexts{
      R"({"description":"plain","inputSchema":{"type":"object"},"name":"vm_status"})",
      R"({"annotations":{"readOnlyHint":true},"description":"annotated","inputSchema":{"type":"object"},"name":"vm_status"})",
      R"({"description":"structured","inputSchema":{"type":"object"},"name":"vm_status"})"};
  listed.listing = &kTexts;
  Tool plain = vm_status_tool();
  plain.name = "other";
  const auto list = [&](const char* version) {
    const std::vector<json> out =
        serve({line(request(0, "initialize",
                            {{"protocolVersion", version},
                             {"capabilities", json::object()},
                             {"clientInfo", {{"name", "t"}, {"version", "1"}}}})),
               line(request(1, "tools/list"))},
              {listed, plain});
    return out.at(1).at("result").at("tools");
  };
  EXPECT_EQ(list("2024-11-05")[0]["description"], "plain");
  EXPECT_EQ(list("2025-03-26")[0]["description"], "annotated");
  const json structured = list("2025-11-25");
  EXPECT_EQ(structured[0]["description"], "structured");
  EXPECT_EQ(structured[1]["name"], "other");
  EXPECT_EQ(structured[1]["inputSchema"], vm_status_tool().input_schema.get());
  EXPECT_EQ(builds, 0);
}

}  // namespace
}  // namespace mcp::test
