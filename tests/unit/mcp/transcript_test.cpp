// Replays the captured client traffic through run_stdio and compares with the reference server.
//
// Deliberate differences, normalised here and asserted separately:
//  - we declare tools.listChanged false (our list never changes), the reference true, and we
//    also declare prompts, resources, logging and completions, which the reference lacks;
//  - so our subscriptions/listen acknowledgement honours no notification types ({}), and
//  - at EOF we end the open listen stream with its result (the capture stopped before that);
//  - we send all four annotation hints; the reference omits those at their spec defaults.
#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

json with_default_hints(json annotations) {
  const json defaults = {{"readOnlyHint", false},
                         {"destructiveHint", true},
                         {"idempotentHint", false},
                         {"openWorldHint", true}};
  for (const auto& [k, v] : defaults.items()) {
    if (!annotations.contains(k)) annotations[k] = v;
  }
  return annotations;
}

json normalise(json m) {
  if (m.contains("result")) {
    json& r = m["result"];
    if (r.contains("capabilities")) {
      r["capabilities"] = json{{"tools", r["capabilities"]["tools"]}};
      r["capabilities"]["tools"].erase("listChanged");
    }
    if (r.contains("tools")) {
      for (auto& t : r["tools"]) t["annotations"] = with_default_hints(t["annotations"]);
    }
  }
  if (m.value("method", "") == "notifications/subscriptions/acknowledged") {
    m["params"].erase("notifications");
  }
  return m;
}

std::vector<json> parse_lines(const std::vector<std::string>& lines) {
  std::vector<json> out;
  for (const auto& l : lines) out.push_back(json::parse(l));
  return out;
}

void expect_same(const std::vector<json>& ours, const std::vector<json>& theirs) {
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(normalise(ours[i]), normalise(theirs[i])) << "message " << i;
  }
}

TEST(Transcript, LegacyTsSdkSession) {
  const auto ours =
      serve(transcript_lines("stdio-legacy-2025-11-25.client-to-server.jsonl"), {vm_status_tool()});
  expect_same(ours,
              parse_lines(transcript_lines("stdio-legacy-2025-11-25.server-to-client.jsonl")));
  EXPECT_EQ(ours[0]["result"]["capabilities"], json::parse(R"({"tools":{"listChanged":false},
      "prompts":{"listChanged":false},"resources":{"listChanged":false},"logging":{},
      "completions":{}})"));
}

TEST(Transcript, ModernTsSdkSession) {
  const auto ours =
      serve(transcript_lines("stdio-modern-2026-07-28.client-to-server.jsonl"), {vm_status_tool()});
  expect_same(ours,
              parse_lines(transcript_lines("stdio-modern-2026-07-28.server-to-client.jsonl")));
}

TEST(Transcript, ClaudeCodeMcpList) {
  auto ours = serve(transcript_lines("claude-code-2.1.328-mcp-list-stdio.client-to-server.jsonl"),
                    {vm_status_tool()});
  ASSERT_EQ(ours.size(), 5U);
  EXPECT_EQ(ours[1]["params"]["notifications"], json::object());
  EXPECT_EQ(ours.back(), json::parse(R"({"jsonrpc":"2.0","id":"listen:0","result":{
      "resultType":"complete","_meta":{"io.modelcontextprotocol/subscriptionId":"listen:0",
      "io.modelcontextprotocol/serverInfo":{"name":"ref","version":"0.0.1"}}}})"));
  ours.pop_back();
  expect_same(
      ours,
      parse_lines(transcript_lines("claude-code-2.1.328-mcp-list-stdio.server-to-client.jsonl")));
}

}  // namespace
}  // namespace mcp::test
