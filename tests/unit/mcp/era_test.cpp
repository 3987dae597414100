// Both protocol eras in one process: version negotiation, envelope checks, per-revision fields.
#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

json initialize(const json& id, const std::string& version) {
  return request(id, "initialize",
                 {{"protocolVersion", version},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", "unit"}, {"version", "1"}}}});
}

ServerInfo full_info() {
  ServerInfo info;
  info.version = "1.2.3";
  info.instructions = "Use proxmox_get_nodes first.";
  return info;
}

class LegacyVersion : public ::testing::TestWithParam<std::string> {};

TEST_P(LegacyVersion, IsEchoed) {
  const auto out = serve({line(initialize(1, GetParam()))}, {vm_status_tool()}, full_info());
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["result"]["protocolVersion"], GetParam());
}

INSTANTIATE_TEST_SUITE_P(AllLegacy, LegacyVersion,
                         ::testing::Values("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"));

TEST(Negotiation, InitializeResultForNewestLegacy) {
  const auto out = serve({line(initialize(1, "2025-11-25"))}, {}, full_info());
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":1,"result":{
      "protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},
      "prompts":{"listChanged":false},"resources":{"listChanged":false},"logging":{},
      "completions":{}},
      "serverInfo":{"name":"proxmox-mcp","title":"Proxmox VE","version":"1.2.3"},
      "instructions":"Use proxmox_get_nodes first."}})"));
}

TEST(Negotiation, OldestLegacyHasNoImplementationTitle) {
  const auto out = serve({line(initialize(1, "2024-11-05"))}, {}, full_info());
  EXPECT_EQ(out[0]["result"]["serverInfo"],
            json::parse(R"({"name":"proxmox-mcp","version":"1.2.3"})"));
}

TEST(Negotiation, UnknownVersionIsAnsweredWithNewestLegacyNotAnError) {
  for (const char* v : {"2099-01-01", "2024-10-07", "2026-07-28"}) {
    const auto out = serve({line(initialize(1, v))}, {});
    EXPECT_EQ(out[0]["result"]["protocolVersion"], "2025-11-25") << v;
  }
  const auto out = serve({line(request(1, "initialize", json::object()))}, {});
  EXPECT_EQ(out[0]["result"]["protocolVersion"], "2025-11-25");
}

TEST(Negotiation, ModernUnsupportedVersionIsMinus32022) {
  json meta = modern_meta();
  meta["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
  const auto out = serve({line(request(5, "tools/list", {{"_meta", meta}}))}, {});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":5,"error":{"code":-32022,
      "message":"Unsupported protocol version: 2099-01-01",
      "data":{"supported":["2026-07-28"],"requested":"2099-01-01"}}})"));
}

TEST(Negotiation, ModernMissingClientCapabilitiesIsMinus32602) {
  const json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}};
  const auto out = serve({line(request(4, "tools/list", {{"_meta", meta}}))}, {});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":4,"error":{"code":-32602,
      "message":"Invalid _meta envelope for protocol revision 2026-07-28: io.modelcontextprotocol/clientCapabilities: missing",
      "data":{"envelope":{"key":"io.modelcontextprotocol/clientCapabilities","problem":"missing"}}}})"));
}

TEST(Negotiation, ModernVersionMustBeAString) {
  json meta = modern_meta();
  meta["io.modelcontextprotocol/protocolVersion"] = 2026;
  const auto out = serve({line(request(4, "tools/list", {{"_meta", meta}}))}, {});
  EXPECT_EQ(out[0]["error"]["code"], -32602);
  EXPECT_EQ(out[0]["error"]["message"],
            "Invalid _meta envelope for protocol revision 2026-07-28: "
            "io.modelcontextprotocol/protocolVersion: must be a string");
}

TEST(Negotiation, DiscoverWithoutMetaNamesTheMissingVersion) {
  const auto out = serve({line(request("d", "server/discover"))}, {});
  EXPECT_EQ(out[0]["error"]["code"], -32602);
  EXPECT_EQ(out[0]["error"]["message"],
            "Invalid _meta envelope for protocol revision 2026-07-28: "
            "io.modelcontextprotocol/protocolVersion: missing");
}

TEST(Eras, LegacyMethodsAreUnknownToModernRequests) {
  const auto out = serve({line(modern_request(1, "initialize")), line(modern_request(2, "ping")),
                          line(modern_request(3, "logging/setLevel", {{"level", "info"}}))},
                         {});
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0]["error"],
            json::parse(R"({"code":-32601,"message":"Method not found: initialize"})"));
  EXPECT_EQ(out[1]["error"]["code"], -32601);
  EXPECT_EQ(out[2]["error"]["code"], -32601);
}

TEST(Eras, UnknownMethodInLegacy) {
  const auto out =
      serve({line(request(1, "resources/subscribe")), line(request(2, "tasks/list"))}, {});
  EXPECT_EQ(out[0]["error"],
            json::parse(R"({"code":-32601,"message":"Method not found: resources/subscribe"})"));
  EXPECT_EQ(out[1]["error"]["code"], -32601);
}

TEST(Eras, ModernOnlyMethodWithoutItsEnvelope) {
  const auto out = serve({line(request(1, "server/discover"))}, {});
  EXPECT_EQ(out[0]["error"]["code"], -32602);
  EXPECT_EQ(out[0]["error"]["data"]["envelope"]["problem"], "missing");
}

TEST(Eras, PingIsEmptyObject) {
  const auto out = serve({line(request(1, "ping"))}, {});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":1,"result":{}})"));
}

TEST(Eras, DiscoverResult) {
  const auto out = serve({line(modern_request("x", "server/discover"))}, {}, full_info());
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":"x","result":{
      "supportedVersions":["2026-07-28"],"capabilities":{"tools":{"listChanged":false},
      "prompts":{"listChanged":false},"resources":{"listChanged":false},"logging":{},
      "completions":{}},
      "instructions":"Use proxmox_get_nodes first.","resultType":"complete","ttlMs":0,
      "cacheScope":"private","_meta":{"io.modelcontextprotocol/serverInfo":
      {"name":"proxmox-mcp","title":"Proxmox VE","version":"1.2.3"}}}})"));
}

TEST(Eras, BareToolsListWithoutHandshakeGetsLegacyShape) {
  const auto out = serve({R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})"}, {vm_status_tool()});
  ASSERT_EQ(out.size(), 1U);
  const json& result = out[0]["result"];
  EXPECT_EQ(result.size(), 1U);  // only "tools": no resultType, ttlMs, cacheScope, _meta
  ASSERT_EQ(result["tools"].size(), 1U);
  // 2025-11-25 shape: title and outputSchema present.
  EXPECT_EQ(result["tools"][0]["title"], "VM status");
  EXPECT_TRUE(result["tools"][0].contains("outputSchema"));
}

TEST(Eras, ModernAndLegacyInterleaveOnOneConnection) {
  const auto out = serve({line(initialize(1, "2024-11-05")), line(modern_request(2, "tools/list")),
                          line(request(3, "tools/list"))},
                         {vm_status_tool()});
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[1]["result"]["resultType"], "complete");
  EXPECT_EQ(out[1]["result"]["tools"][0]["title"], "VM status");
  EXPECT_FALSE(out[2]["result"].contains("resultType"));
  EXPECT_FALSE(out[2]["result"]["tools"][0].contains("title"));
}

TEST(Eras, InvalidCursorIsInvalidParams) {
  const auto out = serve({line(request(1, "tools/list", {{"cursor", "abc"}}))}, {});
  EXPECT_EQ(out[0]["error"],
            json::parse(R"({"code":-32602,"message":"Invalid params: unknown cursor"})"));
}

// Tool fields per revision: what each one may carry.
json tool_as(const std::string& version) {
  const auto out =
      serve({line(initialize(1, version)), line(request(2, "tools/list"))}, {vm_status_tool()});
  return out.at(1)["result"]["tools"][0];
}

TEST(ToolFields, Revision20241105HasNoTitleAnnotationsOrOutputSchema) {
  const json t = tool_as("2024-11-05");
  EXPECT_EQ(t, json({{"name", "vm_status"},
                     {"description", "Get status of a VM"},
                     {"inputSchema", vm_status_tool().input_schema}}));
}

TEST(ToolFields, Revision20250326PutsTitleInAnnotations) {
  const json t = tool_as("2025-03-26");
  EXPECT_FALSE(t.contains("title"));
  EXPECT_FALSE(t.contains("outputSchema"));
  EXPECT_EQ(t["annotations"], json::parse(R"({"title":"VM status","readOnlyHint":true,
      "destructiveHint":true,"idempotentHint":false,"openWorldHint":false})"));
}

TEST(ToolFields, Revision20250618HasEverything) {
  const json t = tool_as("2025-06-18");
  EXPECT_EQ(t["title"], "VM status");
  EXPECT_EQ(t["outputSchema"], vm_status_tool().output_schema);
  EXPECT_FALSE(t["annotations"].contains("title"));
}

TEST(ToolFields, ListIsInRegistrationOrder) {
  std::vector<Tool> tools;
  for (const char* name : {"zeta", "alpha", "mid"}) {
    Tool t = vm_status_tool();
    t.name = name;
    tools.push_back(t);
  }
  const auto out = serve({line(request(1, "tools/list"))}, tools);
  const json& list = out[0]["result"]["tools"];
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0]["name"], "zeta");
  EXPECT_EQ(list[1]["name"], "alpha");
  EXPECT_EQ(list[2]["name"], "mid");
}

TEST(ToolRegistryRules, InvalidNamesAreRejectedAtStart) {
  for (const char* name : {"", "has space", "slash/name"}) {
    Tool t = vm_status_tool();
    t.name = name;
    EXPECT_THROW(serve({}, {t}), std::invalid_argument) << name;
  }
  Tool no_handler = vm_status_tool();
  no_handler.handler = nullptr;
  EXPECT_THROW(serve({}, {no_handler}), std::invalid_argument);
  Tool bad_schema = vm_status_tool();
  bad_schema.input_schema = {{"type", "string"}};
  EXPECT_THROW(serve({}, {bad_schema}), std::invalid_argument);
}

TEST(ToolRegistryRules, DuplicateNamesAreRejectedAtStart) {
  EXPECT_THROW(serve({}, {vm_status_tool(), vm_status_tool()}), std::invalid_argument);
}

}  // namespace
}  // namespace mcp::test
