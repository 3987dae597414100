// tools/call: lookup, argument validation before the handler, results per revision, failures.
#include <atomic>
#include <stdexcept>

#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

json call(const json& id, const std::string& name, json args = nullptr) {
  json params{{"name", name}};
  if (!args.is_null()) params["arguments"] = std::move(args);
  return request(id, "tools/call", std::move(params));
}

json modern_call(const json& id, const std::string& name, json args) {
  return modern_request(id, "tools/call", {{"name", name}, {"arguments", std::move(args)}});
}

Tool no_args_tool(std::atomic<int>* calls = nullptr) {
  Tool t;
  t.name = "get_nodes";
  t.description = "List nodes";
  t.input_schema = {{"type", "object"}, {"additionalProperties", false}};
  t.handler = [calls](const json& args, CallContext&) {
    if (calls) ++*calls;
    ToolResult r;
    r.text = "args=" + args.dump();
    return r;
  };
  return t;
}

TEST(ToolsCall, UnknownToolIsInvalidParams) {
  const auto out = serve({line(call(1, "nope"))}, {vm_status_tool()});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32602,
      "message":"Unknown tool: nope"}})"));
}

TEST(ToolsCall, UnlistedToolIsAbsentFromListButStillAnswersCalls) {
  Tool hidden = no_args_tool();
  hidden.listed = false;
  const auto out =
      serve({line(request(1, "tools/list", json::object())), line(call(2, "get_nodes"))},
            {vm_status_tool(), hidden});
  ASSERT_EQ(out[0]["result"]["tools"].size(), 1u);
  EXPECT_EQ(out[0]["result"]["tools"][0]["name"], "vm_status");
  EXPECT_EQ(out[1]["result"]["content"][0]["text"], "args={}");
}

TEST(ToolsCall, NameMustBeAString) {
  const auto out = serve({line(request(1, "tools/call", {{"name", 5}}))}, {});
  EXPECT_EQ(out[0]["error"]["message"], "Invalid params: \"name\" must be a string");
}

TEST(ToolsCall, ArgumentsMustBeAnObject) {
  const auto out = serve({line(call(1, "get_nodes", json::array()))}, {no_args_tool()});
  EXPECT_EQ(out[0]["error"]["code"], -32602);
  EXPECT_EQ(out[0]["error"]["message"], "Invalid params: \"arguments\" must be an object");
}

TEST(ToolsCall, MissingArgumentsWorkForToolWithoutRequiredOnes) {
  const auto out = serve({line(call(1, "get_nodes"))}, {no_args_tool()});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":1,"result":{
      "content":[{"type":"text","text":"args={}"}]}})"));
}

TEST(ToolsCall, InvalidArgumentsAreAnIsErrorResultAndTheHandlerNeverRuns) {
  std::atomic<int> calls{0};
  const auto out = serve({line(call(1, "get_nodes", {{"foo", 1}}))}, {no_args_tool(&calls)});
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":1,"result":{
      "content":[{"type":"text","text":"Invalid arguments: unknown argument 'foo'"}],
      "isError":true}})"));
  EXPECT_EQ(calls.load(), 0);
}

TEST(ToolsCall, MissingRequiredArgumentNamesIt) {
  const auto out = serve({line(call(1, "vm_status", {{"vmid", 100}}))}, {vm_status_tool()});
  EXPECT_EQ(out[0]["result"]["content"][0]["text"],
            "Invalid arguments: missing required argument 'node'");
  EXPECT_EQ(out[0]["result"]["isError"], true);
}

TEST(ToolsCall, HandlerExceptionBecomesIsErrorWithItsText) {
  Tool t = no_args_tool();
  t.handler = [](const json&, CallContext&) -> ToolResult {
    throw std::runtime_error("VM 999 not found on node pve1");
  };
  Tool odd = no_args_tool();
  odd.name = "odd";
  odd.handler = [](const json&, CallContext&) -> ToolResult { throw 42; };
  const auto out = serve({line(call(1, "get_nodes")), line(call(2, "odd"))}, {t, odd});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({
      "content":[{"type":"text","text":"VM 999 not found on node pve1"}],"isError":true})"));
  EXPECT_EQ(response_for(out, 2)["result"]["content"][0]["text"],
            "Tool odd failed with an unknown error");
}

// A failed task's UPID and status travel in structuredContent as on success; content that
// breaks the declared outputSchema is left out rather than sent.
TEST(ToolsCall, ErrorResultKeepsStructuredContentThatMatchesItsSchema) {
  Tool t = no_args_tool();
  t.output_schema = {
      {"type", "object"}, {"properties", {{"upid", {{"type", "string"}}}}}, {"required", {"upid"}}};
  t.handler = [](const json& args, CallContext&) {
    ToolResult r = ToolResult::error("task failed: storage full");
    if (args.contains("bad")) {
      r.structured = {{"upid", 1}};
    } else {
      r.structured = {{"upid", "UPID:pve1:1"}};
    }
    return r;
  };
  t.input_schema = {{"type", "object"}};
  const auto out =
      serve({line(call(1, "get_nodes")), line(call(2, "get_nodes", {{"bad", true}}))}, {t});
  ASSERT_EQ(out.size(), 2u);
  const json& good = out[0]["id"] == 1 ? out[0]["result"] : out[1]["result"];
  const json& bad = out[0]["id"] == 1 ? out[1]["result"] : out[0]["result"];
  EXPECT_EQ(good["isError"], true);
  EXPECT_EQ(good["structuredContent"], json({{"upid", "UPID:pve1:1"}}));
  EXPECT_EQ(bad["isError"], true);
  EXPECT_FALSE(bad.contains("structuredContent"));
}

TEST(ToolsCall, ModernResultIsStamped) {
  const auto out = serve({line(modern_call(7, "vm_status", {{"node", "pve1"}, {"vmid", 100}}))},
                         {vm_status_tool()});
  EXPECT_EQ(out[0]["result"], json::parse(R"({
      "content":[{"type":"text","text":"vm 100 on pve1: running"}],
      "structuredContent":{"vmid":100,"status":"running"},"resultType":"complete",
      "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"ref","version":"0.0.1"}}})"));
}

Tool array_result_tool() {
  Tool t = no_args_tool();
  t.handler = [](const json&, CallContext&) {
    ToolResult r;
    r.text = "two";
    r.structured = json::array({1, 2});
    return r;
  };
  return t;
}

TEST(ToolsCall, NonObjectStructuredContentOnlyGoesToModernClients) {
  const auto out =
      serve({line(call(1, "get_nodes")), line(modern_call(2, "get_nodes", json::object()))},
            {array_result_tool()});
  EXPECT_FALSE(response_for(out, 1)["result"].contains("structuredContent"));
  EXPECT_EQ(response_for(out, 2)["result"]["structuredContent"], json::array({1, 2}));
}

json call_result_as(const std::string& version) {
  const auto out = serve({line(request(0, "initialize", {{"protocolVersion", version}})),
                          line(call(1, "vm_status", {{"node", "pve1"}, {"vmid", 100}}))},
                         {vm_status_tool()});
  return response_for(out, 1)["result"];
}

TEST(ToolsCall, StructuredContentOnlyFrom20250618) {
  const json text_only =
      json::parse(R"({"content":[{"type":"text","text":"vm 100 on pve1: running"}]})");
  EXPECT_EQ(call_result_as("2024-11-05"), text_only);
  EXPECT_EQ(call_result_as("2025-03-26"), text_only);
  EXPECT_EQ(call_result_as("2025-06-18")["structuredContent"],
            json::parse(R"({"vmid":100,"status":"running"})"));
  EXPECT_EQ(call_result_as("2025-11-25")["structuredContent"],
            json::parse(R"({"vmid":100,"status":"running"})"));
}

// The Node.js server took "100" for an integer and models send it: the handler gets 100.
TEST(ToolsCall, NumericStringReachesTheHandlerAsTheDeclaredInteger) {
  const auto out = serve({line(call(1, "vm_status", {{"node", "pve1"}, {"vmid", "100"}})),
                          line(call(2, "vm_status", {{"node", "pve1"}, {"vmid", "x1"}}))},
                         {vm_status_tool()});
  EXPECT_EQ(response_for(out, 1)["result"]["content"][0]["text"], "vm 100 on pve1: running");
  EXPECT_EQ(response_for(out, 2)["result"]["content"][0]["text"],
            "Invalid arguments: 'vmid' must be an integer");
}

TEST(ToolsCall, StructuredContentBreakingTheOutputSchemaBecomesIsError) {
  Tool wrong = vm_status_tool();
  wrong.handler = [](const json&, CallContext&) {
    ToolResult r;
    r.text = "vm";
    r.structured = {{"vmid", "100"}, {"status", "running"}};
    return r;
  };
  Tool missing = wrong;
  missing.name = "missing";
  missing.handler = [](const json&, CallContext&) {
    ToolResult r;
    r.text = "no structure";
    return r;
  };
  const json args = {{"node", "pve1"}, {"vmid", 100}};
  const auto out =
      serve({line(call(1, "vm_status", args)), line(call(2, "missing", args))}, {wrong, missing});
  EXPECT_EQ(response_for(out, 1)["result"], json::parse(R"({"content":[{"type":"text",
      "text":"Tool vm_status returned structuredContent that does not match its outputSchema: 'vmid' must be a number"}],
      "isError":true})"));
  EXPECT_EQ(response_for(out, 2)["result"]["content"][0]["text"],
            "Tool missing returned no structuredContent although it declares an outputSchema");
}

TEST(ToolsCall, ManyCallsAllAnswered) {
  std::vector<std::string> lines;
  for (int i = 0; i < 50; ++i) lines.push_back(line(call(i, "get_nodes")));
  const auto out = serve(lines, {no_args_tool()});
  ASSERT_EQ(out.size(), 50U);
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(response_for(out, i).is_null()) << i;
}

}  // namespace
}  // namespace mcp::test

namespace mcp::test {
namespace {

// A tool that answers with the client its context names.
Tool who_tool() {
  Tool t;
  t.name = "who";
  t.description = "Names the caller";
  t.input_schema = {{"type", "object"}};
  t.handler = [](const json&, CallContext& ctx) {
    ToolResult r;
    r.text = ctx.client().name + " " + ctx.client().version;
    return r;
  };
  return t;
}

TEST(ToolsCall, AHandlerKnowsTheClientInitializeNamed) {
  const json init = request(1, "initialize",
                            {{"protocolVersion", "2025-11-25"},
                             {"capabilities", json::object()},
                             {"clientInfo", {{"name", "claude-code"}, {"version", "2.1.0"}}}});
  const auto out = serve({line(init), line(call(2, "who"))}, {who_tool()});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1]["result"]["content"][0]["text"], "claude-code 2.1.0");
}

TEST(ToolsCall, AModernRequestNamesItsOwnClient) {
  const json meta = modern_meta(
      {{"io.modelcontextprotocol/clientInfo", {{"name", "modern-client"}, {"version", "7"}}}});
  const auto out =
      serve({line(request(1, "tools/call",
                          {{"name", "who"}, {"arguments", json::object()}, {"_meta", meta}}))},
            {who_tool()});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], "modern-client 7");
}

TEST(ToolsCall, AClientThatSaysNothingIsNamedEmpty) {
  const auto out = serve({line(call(1, "who"))}, {who_tool()});
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], " ");
}

}  // namespace
}  // namespace mcp::test
