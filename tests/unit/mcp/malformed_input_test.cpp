// Bad input through the whole stdio path: every line gets an answer or is ignored, never a crash.
#include <atomic>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "mcp/stdio_transport.h"
#include "test_support.h"

namespace mcp::test {
namespace {

TEST(MalformedInput, EachBadLineIsAnsweredAndServingGoesOn) {
  const auto out = serve({"{not json", "[]", R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", "17",
                          R"({"jsonrpc":"2.0","id":2})", R"({"id":3,"method":"ping"})",
                          R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})",
                          R"({"jsonrpc":"2.0","id":4,"method":"tools/list","params":"x"})",
                          R"({"jsonrpc":"2.0","id":5,"result":{}})",
                          R"({"jsonrpc":"2.0","method":"notifications/unknown","params":5})",
                          std::string(1000, '{'), R"({"jsonrpc":"2.0","id":9,"method":"ping"})"},
                         {});
  std::vector<int> codes;
  for (const auto& m : out)
    codes.push_back(m.contains("error") ? m["error"]["code"].get<int>() : 0);
  EXPECT_EQ(codes, (std::vector<int>{-32700, -32600, -32600, -32600, -32600, -32600, -32600, -32602,
                                     -32700, 0}));
  EXPECT_EQ(out.back(), json::parse(R"({"jsonrpc":"2.0","id":9,"result":{}})"));
  EXPECT_EQ(out[0]["id"], nullptr);
  EXPECT_EQ(out[5]["id"], 3);
}

// A NUL ends nlohmann's input: the line must not be taken for its first object alone.
TEST(MalformedInput, NulByteAfterAnObjectRejectsTheWholeLine) {
  const std::string nul_line =
      line(request(1, "ping")) + std::string(1, '\0') + line(request(2, "ping"));
  const auto out = serve({nul_line, line(request(3, "ping")) + " \t\r"}, {});
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","id":null,
      "error":{"code":-32700,"message":"Parse error: invalid JSON"}})"));
  EXPECT_EQ(out[1], json::parse(R"({"jsonrpc":"2.0","id":3,"result":{}})"));
}

TEST(MalformedInput, OversizedLineIsAnsweredAndTheNextLineServed) {
  const std::string huge = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":")" +
                           std::string(StdioTransport::kDefaultMaxMessageBytes, 'a') + R"("}})";
  const auto out = serve({huge, line(request(2, "ping"))}, {});
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0],
            json({{"jsonrpc", "2.0"},
                  {"id", nullptr},
                  {"error",
                   {{"code", -32600},
                    {"message", "Invalid Request: message of " + std::to_string(huge.size()) +
                                    " bytes exceeds the size limit"}}}}));
  EXPECT_EQ(out[1]["id"], 2);
}

// Deterministic mutations of real client traffic: truncations, flipped bytes, swapped types.
TEST(MalformedInput, MutatedClientTrafficNeverBreaksTheServer) {
  std::vector<std::string> seeds;
  for (const char* f : {"stdio-legacy-2025-11-25.client-to-server.jsonl",
                        "stdio-modern-2026-07-28.client-to-server.jsonl",
                        "claude-code-2.1.328-mcp-list-stdio.client-to-server.jsonl"}) {
    for (auto& l : transcript_lines(f)) seeds.push_back(l);
  }
  std::mt19937 rng(20261124);
  const std::string alphabet = "{}[]\":,0123456789-.eE truefalsn\\u\x01\xff";
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    std::string l = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !l.empty(); ++e) {
      const std::size_t at = rng() % l.size();
      switch (rng() % 3) {
        case 0:
          l[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          l.erase(at, 1 + rng() % 8);
          break;
        default:
          l.insert(at, 1, alphabet[rng() % alphabet.size()]);
      }
    }
    lines.push_back(l);
  }
  lines.push_back(line(request("last", "ping")));
  std::vector<Tool> tools{vm_status_tool()};
  const auto out = serve(lines, tools);  // every output line parses as JSON
  for (const auto& m : out) EXPECT_EQ(m["jsonrpc"], "2.0");
  EXPECT_EQ(response_for(out, "last")["result"], json::object());
}

json initialize_as(const std::string& version) {
  return request(0, "initialize", {{"protocolVersion", version}});
}

TEST(Batch, RejectedUnlessTheConnectionSpeaks20250326) {
  const std::string batch = R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])";
  for (const char* v : {"2024-11-05", "2025-06-18", "2025-11-25"}) {
    const auto out = serve({line(initialize_as(v)), batch}, {});
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[1], json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,
        "message":"Invalid Request: batches are only supported in protocol version 2025-03-26"}})"))
        << v;
  }
  const auto no_handshake = serve({batch}, {});
  EXPECT_EQ(no_handshake[0]["error"]["code"], -32600);
}

TEST(Batch, AnsweredAsOneArrayIn20250326) {
  const auto out = serve(
      {line(initialize_as("2025-03-26")), json::parse(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
           {"jsonrpc":"2.0","method":"notifications/initialized"},
           {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"vm_status",
            "arguments":{"node":"pve1","vmid":100}}},
           {"jsonrpc":"2.0","id":3,"method":"nope"},
           {"jsonrpc":"2.0","id":4,"method":"tools/list"},
           [1], 7])")
                                              .dump()},
      {vm_status_tool()});
  ASSERT_EQ(out.size(), 2U);
  const json& batch = out[1];
  ASSERT_TRUE(batch.is_array());
  ASSERT_EQ(batch.size(), 6U);  // the notification gets no answer
  const std::vector<json> answers(batch.begin(), batch.end());
  EXPECT_EQ(response_for(answers, 1)["result"], json::object());
  // tools/list's result arrives serialized (cached), and joins the array like any other.
  EXPECT_EQ(response_for(answers, 4)["result"]["tools"][0]["name"], "vm_status");
  EXPECT_EQ(response_for(answers, 2)["result"]["content"][0]["text"], "vm 100 on pve1: running");
  EXPECT_EQ(response_for(answers, 3)["error"]["code"], -32601);
  int invalid = 0;
  for (const auto& a : answers) invalid += a["id"].is_null() && a["error"]["code"] == -32600;
  EXPECT_EQ(invalid, 2);
}

TEST(Batch, OnlyNotificationsGetNoAnswer) {
  const auto out = serve(
      {line(initialize_as("2025-03-26")),
       R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])", line(request(9, "ping"))},
      {});
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[1]["id"], 9);
}

TEST(Batch, CancelledCallIsLeftOutOfTheArray) {
  std::atomic<bool> started{false};
  Tool waiting = vm_status_tool();
  waiting.output_schema = nullptr;
  waiting.input_schema = {{"type", "object"}};
  waiting.handler = [&](const json&, CallContext& ctx) {
    started = true;
    while (!ctx.cancelled()) std::this_thread::yield();
    return ToolResult{};
  };
  LiveServer server({waiting});
  server.send(initialize_as("2025-03-26"));
  server.send(json::array({request(1, "tools/call", {{"name", "vm_status"}}), request(2, "ping")}));
  while (!started) std::this_thread::yield();
  server.send(json{
      {"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 1}}}});
  EXPECT_EQ(server.finish(), 0);
  const auto out = server.output().messages();
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[1], json::parse(R"([{"jsonrpc":"2.0","id":2,"result":{}}])"));
}

TEST(MalformedInput, EmptyInputExitsCleanly) {
  std::istringstream in;
  std::ostringstream out;
  EXPECT_EQ(run_stdio(ServerInfo{}, {}, in, out), 0);
  EXPECT_EQ(out.str(), "");
}

TEST(StdioFraming, CrLfBlankLinesAndMissingFinalNewline) {
  std::istringstream in("\r\n  \n{\"a\":1}\r\n\n{\"b\":2}");
  std::ostringstream out;
  StdioTransport t(in, out, 16);
  auto first = t.receive();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->text, "{\"a\":1}");
  auto second = t.receive();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->text, "{\"b\":2}");
  EXPECT_FALSE(t.receive());
}

TEST(StdioFraming, OversizedMessageIsReportedWithItsSizeAndSkipped) {
  std::istringstream in(std::string(40, 'x') + "\nok\n");
  std::ostringstream out;
  StdioTransport t(in, out, 16);
  auto big = t.receive();
  ASSERT_TRUE(big);
  EXPECT_EQ(big->oversized_bytes, 40U);
  EXPECT_TRUE(big->text.empty());
  auto next = t.receive();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->text, "ok");
  EXPECT_EQ(next->oversized_bytes, 0U);
}

TEST(StdioFraming, SendWritesOneLineAndReportsFailure) {
  std::istringstream in;
  std::ostringstream out;
  StdioTransport t(in, out);
  EXPECT_TRUE(t.send("{}"));
  EXPECT_EQ(out.str(), "{}\n");
  out.setstate(std::ios::badbit);
  EXPECT_FALSE(t.send("{}"));
}

TEST(StdioFraming, OutputIsProtocolOnly) {
  // Every byte written is one JSON message per line, including for odd tool texts.
  Tool t = vm_status_tool();
  t.output_schema = nullptr;
  t.handler = [](const json&, CallContext&) {
    ToolResult r;
    r.text = std::string("line1\nline2\r\n\x01\xff");
    return r;
  };
  const auto out =
      serve({line(request(1, "tools/call",
                          {{"name", "vm_status"}, {"arguments", {{"node", "a"}, {"vmid", 1}}}}))},
            {t});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], "line1\nline2\r\n\x01\xEF\xBF\xBD");
}

}  // namespace
}  // namespace mcp::test
