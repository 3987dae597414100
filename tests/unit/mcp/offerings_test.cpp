// Prompts, resources, completion and logging in both eras, over run_stdio.
#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

json initialize(const std::string& version = "2025-11-25") {
  return request(0, "initialize",
                 {{"protocolVersion", version},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", "unit"}, {"version", "1"}}}});
}

// The legacy answers to `requests` (after initialize) from a server with the sample offerings.
std::vector<json> legacy(const std::vector<json>& requests, std::vector<Tool> tools = {},
                         const std::string& version = "2025-11-25") {
  std::vector<std::string> lines{line(initialize(version))};
  for (const json& r : requests) lines.push_back(line(r));
  return serve(lines, std::move(tools), reference_server_info(), sample_offerings());
}

std::vector<json> modern(const std::vector<json>& requests, std::vector<Tool> tools = {}) {
  std::vector<std::string> lines;
  for (const json& r : requests) lines.push_back(line(r));
  return serve(lines, std::move(tools), reference_server_info(), sample_offerings());
}

json error_of(const std::vector<json>& out, const json& id) {
  return response_for(out, id)["error"];
}

json complete(const json& id, json ref, const std::string& argument, const std::string& value) {
  return request(id, "completion/complete",
                 {{"ref", std::move(ref)}, {"argument", {{"name", argument}, {"value", value}}}});
}

TEST(Offerings, InitializeDeclaresPromptsResourcesLoggingAndCompletions) {
  const auto out = legacy({});
  EXPECT_EQ(out[0]["result"]["capabilities"], json::parse(R"({
      "tools":{"listChanged":false},"prompts":{"listChanged":false},
      "resources":{"listChanged":false},"logging":{},"completions":{}})"));
  // 2024-11-05 has completion/complete but no capability to declare it.
  const auto old = legacy({complete(1, {{"type", "ref/prompt"}, {"name", "check"}}, "node", "pb")},
                          {}, "2024-11-05");
  EXPECT_FALSE(old[0]["result"]["capabilities"].contains("completions"));
  EXPECT_EQ(response_for(old, 1)["result"]["completion"]["values"], json::parse(R"(["pbs"])"));
}

TEST(Offerings, DiscoverDeclaresThemToo) {
  const auto out = modern({modern_request(1, "server/discover")});
  EXPECT_EQ(response_for(out, 1)["result"]["capabilities"], json::parse(R"({
      "tools":{"listChanged":false},"prompts":{"listChanged":false},
      "resources":{"listChanged":false},"logging":{},"completions":{}})"));
}

TEST(Offerings, PromptsListShowsArgumentsAndModernCacheHints) {
  const auto out = legacy({request(1, "prompts/list")});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({"prompts":[{
      "name":"check","title":"Check a node","description":"Checks one node.","arguments":[
        {"name":"node","description":"Node","required":true},
        {"name":"depth","description":"How deep","required":false}]}]})"));
  const json result = response_for(modern({modern_request(1, "prompts/list")}), 1)["result"];
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_EQ(result["ttlMs"], 0);
  EXPECT_EQ(result["cacheScope"], "private");
  EXPECT_EQ(result["prompts"][0]["name"], "check");
}

TEST(Offerings, PromptsGetRendersTheArguments) {
  const auto out =
      legacy({request(1, "prompts/get", {{"name", "check"}, {"arguments", {{"node", "pve2"}}}}),
              request(2, "prompts/get",
                      {{"name", "check"}, {"arguments", {{"node", "pve1"}, {"depth", "deep"}}}})});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"j({"messages":[{"role":"user",
      "content":{"type":"text","text":"Check pve2 (shallow)"}}]})j"));
  EXPECT_EQ(response_for(out, 2)["result"]["messages"][0]["content"]["text"], "Check pve1 (deep)");
}

TEST(Offerings, PromptsGetRefusesWhatThePromptDoesNotTake) {
  const auto out = legacy({
      request(1, "prompts/get", {{"name", "check"}}),
      request(2, "prompts/get", {{"name", "check"}, {"arguments", {{"node", 7}}}}),
      request(3, "prompts/get", {{"name", "check"}, {"arguments", {{"node", "a"}, {"x", "b"}}}}),
      request(4, "prompts/get", {{"name", "nope"}}),
      request(5, "prompts/get", {{"name", "check"}, {"arguments", "node=pve1"}}),
  });
  EXPECT_EQ(error_of(out, 1), json::parse(R"({"code":-32602,
      "message":"Invalid params: prompt check needs argument 'node'"})"));
  EXPECT_EQ(error_of(out, 2)["message"], "Invalid params: argument 'node' must be a string");
  EXPECT_EQ(error_of(out, 3)["message"], "Invalid params: prompt check has no argument 'x'");
  EXPECT_EQ(error_of(out, 4)["message"], "Unknown prompt: nope");
  EXPECT_EQ(error_of(out, 5)["message"], "Invalid params: \"arguments\" must be an object");
}

TEST(Offerings, ResourcesAndTemplatesAreListedApart) {
  const auto out = legacy({request(1, "resources/list"), request(2, "resources/templates/list")},
                          {vm_status_tool()});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({"resources":[{"uri":"test://nodes",
      "name":"nodes","title":"Nodes","description":"The nodes.","mimeType":"text/markdown"}]})"));
  EXPECT_EQ(response_for(out, 2)["result"], json::parse(R"({"resourceTemplates":[{
      "uriTemplate":"test://nodes/{node}","name":"node","description":"One node.",
      "mimeType":"text/markdown"}]})"));
}

TEST(Offerings, AResourceNeedsTheToolsItReadsThrough) {
  // test://nodes is read through vm_status: a client without that tool neither sees nor reads it.
  const auto out = legacy(
      {request(1, "resources/list"), request(2, "resources/read", {{"uri", "test://nodes"}})});
  EXPECT_EQ(response_for(out, 1)["result"]["resources"], json::array());
  EXPECT_EQ(error_of(out, 2), json::parse(R"({"code":-32602,
      "message":"Resource not found: test://nodes","data":{"uri":"test://nodes"}})"));
}

TEST(Offerings, ResourcesReadAnswersTheReadersContents) {
  const auto out = legacy({request(1, "resources/read", {{"uri", "test://nodes"}}),
                           request(2, "resources/read", {{"uri", "test://nodes/pve2"}})},
                          {vm_status_tool()});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({"contents":[{"uri":"test://nodes",
      "mimeType":"text/markdown","text":"pve1, pve2"}]})"));
  EXPECT_EQ(response_for(out, 2)["result"]["contents"][0]["text"], "node pve2");
  const json result = response_for(
      modern({modern_request(3, "resources/read", {{"uri", "test://nodes/pve1"}})}), 3)["result"];
  EXPECT_EQ(result["contents"][0]["text"], "node pve1");
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_EQ(result["ttlMs"], 0);
}

TEST(Offerings, ResourcesReadErrors) {
  const auto out = legacy({
      request(1, "resources/read", {{"uri", "test://nodes/pve1/extra"}}),
      request(2, "resources/read", {{"uri", "test://nodes/"}}),
      request(3, "resources/read", {{"uri", "test://nodes/gone"}}),
      request(4, "resources/read", {{"uri", 5}}),
  });
  EXPECT_EQ(error_of(out, 1), json::parse(R"({"code":-32602,
      "message":"Resource not found: test://nodes/pve1/extra",
      "data":{"uri":"test://nodes/pve1/extra"}})"));
  EXPECT_EQ(error_of(out, 2)["data"]["uri"], "test://nodes/");
  EXPECT_EQ(error_of(out, 3), json::parse(R"({"code":-32603,"message":"node gone is offline"})"));
  EXPECT_EQ(error_of(out, 4)["message"], "Invalid params: \"uri\" must be a string");
}

TEST(Offerings, CompletionOffersTheCompletersValues) {
  const auto out = legacy({
      complete(1, {{"type", "ref/prompt"}, {"name", "check"}}, "node", "pv"),
      complete(2, {{"type", "ref/resource"}, {"uri", "test://nodes/{node}"}}, "node", ""),
      complete(3, {{"type", "ref/prompt"}, {"name", "check"}}, "depth", "d"),
  });
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({"completion":{
      "values":["pve1","pve2"],"total":2,"hasMore":false}})"));
  EXPECT_EQ(response_for(out, 2)["result"]["completion"]["values"],
            json::parse(R"(["pbs","pve1","pve2"])"));
  // An argument without a list of values: nothing to offer, not an error.
  EXPECT_EQ(response_for(out, 3)["result"]["completion"]["values"], json::array());
  const json result =
      response_for(modern({modern_request(4, "completion/complete",
                                          {{"ref", {{"type", "ref/prompt"}, {"name", "check"}}},
                                           {"argument", {{"name", "node"}, {"value", "pb"}}}})}),
                   4)["result"];
  EXPECT_EQ(result["completion"]["values"], json::parse(R"(["pbs"])"));
  EXPECT_EQ(result["resultType"], "complete");
}

TEST(Offerings, CompletionErrors) {
  const auto out = legacy({
      complete(1, {{"type", "ref/prompt"}, {"name", "nope"}}, "node", ""),
      complete(2, {{"type", "ref/resource"}, {"uri", "test://nodes"}}, "node", ""),
      complete(3, {{"type", "ref/tool"}, {"name", "check"}}, "node", ""),
      request(4, "completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "check"}}}}),
  });
  EXPECT_EQ(error_of(out, 1), json::parse(R"({"code":-32602,"message":"Unknown prompt: nope"})"));
  EXPECT_EQ(error_of(out, 2)["message"], "Unknown resource template: test://nodes");
  EXPECT_EQ(error_of(out, 3)["message"],
            "Invalid params: ref.type must be ref/prompt or ref/resource");
  EXPECT_EQ(error_of(out, 4)["code"], -32602);
}

TEST(Offerings, LegacyLoggingFollowsSetLevel) {
  const json call{{"name", "logging_tool"}, {"arguments", json::object()}};
  const auto out = legacy(
      {request(1, "tools/call", call), request(2, "logging/setLevel", {{"level", "info"}}),
       request(3, "tools/call", call), request(4, "logging/setLevel", {{"level", "verbose"}})},
      {logging_tool()});
  EXPECT_EQ(response_for(out, 2)["result"], json::object());
  const auto messages = with_method(out, "notifications/message");
  // None before setLevel; debug is below info.
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0]["params"],
            json::parse(R"({"level":"info","logger":"proxmox-mcp","data":"step 2"})"));
  EXPECT_EQ(messages[1]["params"]["data"], "step 3");
  EXPECT_EQ(error_of(out, 4)["message"],
            "Invalid params: \"level\" must be one of debug, info, notice, warning, error, "
            "critical, alert, emergency");
}

TEST(Offerings, ModernLoggingOnlyWhenTheRequestAsks) {
  auto call = [](const json& id, json meta) {
    return request(id, "tools/call",
                   {{"name", "logging_tool"}, {"arguments", json::object()}, {"_meta", meta}});
  };
  const auto out = modern({call(1, modern_meta()),
                           call(2, modern_meta({{"io.modelcontextprotocol/logLevel", "debug"}})),
                           call(3, modern_meta({{"io.modelcontextprotocol/logLevel", 3}})),
                           modern_request(4, "logging/setLevel", {{"level", "debug"}})},
                          {logging_tool()});
  EXPECT_EQ(with_method(out, "notifications/message").size(), 3U);  // all from call 2
  EXPECT_EQ(response_for(out, 1)["result"]["content"][0]["text"], "logged");
  EXPECT_EQ(error_of(out, 3)["code"], -32602);
  EXPECT_EQ(error_of(out, 3)["message"],
            "Invalid _meta envelope for protocol revision 2026-07-28: "
            "io.modelcontextprotocol/logLevel: must be one of debug, info, notice, warning, "
            "error, critical, alert, emergency");
  EXPECT_EQ(error_of(out, 3)["data"],
            json::parse(R"({"envelope":{"key":"io.modelcontextprotocol/logLevel","problem":
                "must be one of debug, info, notice, warning, error, critical, alert, emergency"}})"));
  EXPECT_EQ(error_of(out, 4)["code"], -32601);  // removed in 2026-07-28
  // Checked on every modern request, not only those that could log.
  const auto listed = modern(
      {modern_request(5, "prompts/list",
                      {{"_meta", modern_meta({{"io.modelcontextprotocol/logLevel", "loud"}})}})});
  EXPECT_EQ(error_of(listed, 5)["code"], -32602);
}

TEST(Offerings, ToolResultContentBlocksReplaceTheText) {
  Tool t = vm_status_tool();
  t.output_schema = nullptr;
  t.handler = [](const json&, CallContext&) {
    ToolResult r;
    r.content = json::parse(R"([{"type":"text","text":"chart"},
        {"type":"image","data":"iVBORw0=","mimeType":"image/png"}])");
    return r;
  };
  const auto out =
      legacy({request(1, "tools/call",
                      {{"name", "vm_status"}, {"arguments", {{"node", "a"}, {"vmid", 1}}}})},
             {t});
  EXPECT_EQ(response_for(out, 1)["result"]["content"][1]["type"], "image");
}

TEST(UriTemplate, MatchesOneSegmentPerVariable) {
  using Vars = std::map<std::string, std::string>;
  EXPECT_EQ(match_uri_template("p://nodes/{node}/qemu/{vmid}", "p://nodes/pve1/qemu/101"),
            (Vars{{"node", "pve1"}, {"vmid", "101"}}));
  EXPECT_EQ(match_uri_template("p://nodes", "p://nodes"), Vars{});
  EXPECT_FALSE(match_uri_template("p://nodes/{node}", "p://nodes/"));
  EXPECT_FALSE(match_uri_template("p://nodes/{node}", "p://nodes/a/b"));
  EXPECT_FALSE(match_uri_template("p://nodes/{node}", "p://nodes/a?x=1"));
  EXPECT_FALSE(match_uri_template("p://nodes/{node}/x", "p://nodes/a/y"));
  EXPECT_FALSE(match_uri_template("p://nodes", "p://nodesx"));
}

}  // namespace
}  // namespace mcp::test
