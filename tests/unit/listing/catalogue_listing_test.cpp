#include "listing/catalogue_listing.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mcp/protocol_version.h"
#include "mcp/wire_codec.h"
#include "tools/catalog.h"

namespace {

using nlohmann::json;

// The texts written at build time are what the codecs write now, for every tool and revision:
// a tools/list answered from them is the one built from the schemas.
TEST(CatalogueListing, EveryToolsTextsAreWhatEachRevisionsCodecWrites) {
  const mcp::ServerInfo info;
  std::vector<mcp::Tool> tools = tools::tool_entries();
  ASSERT_EQ(listing::catalogue_entries().size(), tools.size());
  for (mcp::Tool& tool : tools) {
    const mcp::ListingTexts* texts = listing::catalogue_listing(tool.name);
    ASSERT_NE(texts, nullptr) << tool.name;
    for (const mcp::Revision revision :
         {mcp::Revision::k2024_11_05, mcp::Revision::k2025_03_26, mcp::Revision::k2025_06_18,
          mcp::Revision::k2025_11_25, mcp::Revision::k2026_07_28}) {
      const auto codec = revision == mcp::Revision::k2026_07_28
                             ? mcp::make_modern_codec(info)
                             : mcp::make_legacy_codec(revision, info);
      tool.listing = nullptr;
      const std::string built = codec->tool_text(tool);
      tool.listing = texts;
      EXPECT_EQ(codec->tool_text(tool), built) << tool.name << " " << mcp::revision_name(revision);
    }
    // What each shape holds, read back from the text itself.
    const json plain = json::parse(texts->plain);
    const json annotated = json::parse(texts->annotated);
    const json structured = json::parse(texts->structured);
    for (const json* entry : {&plain, &annotated, &structured}) {
      EXPECT_EQ(entry->at("name"), tool.name);
      EXPECT_EQ(entry->at("description"), tool.description);
      EXPECT_EQ(entry->at("inputSchema"), tool.input_schema.get()) << tool.name;
    }
    EXPECT_FALSE(plain.contains("annotations")) << tool.name;
    EXPECT_FALSE(plain.contains("outputSchema")) << tool.name;
    EXPECT_EQ(annotated.at("annotations").at("title"), tool.title) << tool.name;
    EXPECT_FALSE(annotated.contains("outputSchema")) << tool.name;
    EXPECT_EQ(structured.at("title"), tool.title) << tool.name;
    EXPECT_EQ(structured.at("outputSchema"), tool.output_schema.get()) << tool.name;
    EXPECT_EQ(structured.at("annotations").at("readOnlyHint"), tool.annotations.read_only);
  }
}

TEST(CatalogueListing, EntriesAreSortedAndAnUnknownNameHasNone) {
  const auto entries = listing::catalogue_entries();
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_LT(entries[i - 1].name, entries[i].name);
  }
  EXPECT_EQ(listing::catalogue_listing("proxmox_no_such_tool"), nullptr);
  EXPECT_EQ(listing::catalogue_listing(""), nullptr);
  const mcp::ListingTexts* vms = listing::catalogue_listing("proxmox_get_vms");
  ASSERT_NE(vms, nullptr);
  EXPECT_EQ(json::parse(vms->plain).at("name"), "proxmox_get_vms");
  EXPECT_FALSE(json::parse(vms->plain).contains("annotations"));
  EXPECT_EQ(json::parse(vms->annotated).at("annotations").at("readOnlyHint"), true);
  EXPECT_TRUE(json::parse(vms->structured).contains("outputSchema"));
}

}  // namespace
