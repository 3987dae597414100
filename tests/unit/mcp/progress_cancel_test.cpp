// Progress notifications, cancellation, subscriptions/listen and the end of input.
#include <atomic>
#include <cmath>
#include <future>

#include <gtest/gtest.h>

#include "mcp/outbox.h"
#include "mcp/pending_call.h"
#include "test_support.h"

namespace mcp::test {
namespace {

json call_with_token(const json& id, const std::string& name, const json& token) {
  return request(
      id, "tools/call",
      {{"name", name}, {"arguments", json::object()}, {"_meta", {{"progressToken", token}}}});
}

Tool tool(const std::string& name, ToolHandler handler) {
  Tool t;
  t.name = name;
  t.description = name;
  t.input_schema = {{"type", "object"}};
  t.handler = std::move(handler);
  return t;
}

Tool reporting_tool() {
  return tool("report", [](const json&, CallContext& ctx) {
    ctx.progress(1, 3, "one");
    ctx.progress(1, 3, "repeated");  // not increasing: dropped
    ctx.progress(0.5, 3, "back");    // going back: dropped
    ctx.progress(2, std::nullopt, "");
    ToolResult r;
    r.text = "done";
    return r;
  });
}

TEST(Progress, SentOnlyWithTokenAndOnlyIncreasing) {
  const auto out = serve({line(call_with_token(1, "report", "tok"))}, {reporting_tool()});
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0], json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress",
      "params":{"progressToken":"tok","progress":1.0,"total":3.0,"message":"one"}})"));
  EXPECT_EQ(out[1], json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress",
      "params":{"progressToken":"tok","progress":2.0}})"));
  EXPECT_EQ(out[2]["id"], 1);
}

TEST(Progress, NoTokenNoNotifications) {
  const auto out =
      serve({line(request(1, "tools/call", {{"name", "report"}}))}, {reporting_tool()});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], "done");
}

TEST(Progress, IntegerTokenAndNoMessageFor20241105) {
  const auto out = serve({line(request(0, "initialize", {{"protocolVersion", "2024-11-05"}})),
                          line(call_with_token(1, "report", 42))},
                         {reporting_tool()});
  const auto progress = with_method(out, "notifications/progress");
  ASSERT_EQ(progress.size(), 2U);
  EXPECT_EQ(progress[0]["params"],
            json::parse(R"({"progressToken":42,"progress":1.0,"total":3.0})"));
}

TEST(Progress, ModernRequestTokenInMeta) {
  json params{{"name", "report"}, {"_meta", modern_meta({{"progressToken", "m"}})}};
  const auto out = serve({line(request(1, "tools/call", params))}, {reporting_tool()});
  EXPECT_EQ(with_method(out, "notifications/progress").size(), 2U);
  EXPECT_EQ(response_for(out, 1)["result"]["resultType"], "complete");
}

// A tool that reports progress 1, waits until cancelled, then tries to report and answer.
struct WaitingTool {
  std::atomic<bool> saw_cancel{false};
  Tool make() {
    return tool("wait", [this](const json&, CallContext& ctx) {
      ctx.progress(1, std::nullopt, "waiting");
      while (!ctx.cancelled()) std::this_thread::yield();
      saw_cancel = true;
      ctx.progress(2, std::nullopt, "after cancel");
      ToolResult r;
      r.text = "finished anyway";
      return r;
    });
  }
};

bool has_progress(const std::vector<json>& messages, double value) {
  for (const auto& m : with_method(messages, "notifications/progress")) {
    if (m["params"]["progress"] == value) return true;
  }
  return false;
}

TEST(Cancellation, StopsTheWaitAndNothingMoreIsSent) {
  WaitingTool waiting;
  LiveServer server({waiting.make()});
  server.send(call_with_token("c1", "wait", "p"));
  ASSERT_TRUE(server.output().wait_for([](const auto& m) { return has_progress(m, 1); }));

  // Other requests are served while the call waits.
  server.send(request(2, "ping"));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 2).is_null(); }));

  server.send(json{{"jsonrpc", "2.0"},
                   {"method", "notifications/cancelled"},
                   {"params", {{"requestId", "c1"}, {"reason", "user"}}}});
  EXPECT_EQ(server.finish(), 0);
  EXPECT_TRUE(waiting.saw_cancel.load());
  const auto out = server.output().messages();
  EXPECT_FALSE(has_progress(out, 2));
  EXPECT_TRUE(response_for(out, "c1").is_null());
  EXPECT_EQ(out.size(), 2U);  // progress 1 and the ping result
}

TEST(Cancellation, UnknownOrMalformedCancelIsIgnored) {
  const auto out =
      serve({R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}})",
             R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":[1]}})",
             R"({"jsonrpc":"2.0","method":"notifications/cancelled"})", line(request(1, "ping"))},
            {});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["id"], 1);
}

TEST(InFlight, DuplicateIdIsRejected) {
  WaitingTool waiting;
  LiveServer server({waiting.make()});
  server.send(request(1, "tools/call", {{"name", "wait"}}));
  server.send(request(1, "tools/call", {{"name", "wait"}}));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 1).is_null(); }));
  const json error = response_for(server.output().messages(), 1);
  EXPECT_EQ(error["error"], json::parse(R"({"code":-32600,
      "message":"Invalid Request: id 1 is already in use by a request in flight"})"));
  server.send(json{
      {"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 1}}}});
  EXPECT_EQ(server.finish(), 0);
}

TEST(EndOfInput, WaitsForCallsInFlightThenEndsListenStreams) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> started{false};
  Tool slow = tool("slow", [&](const json&, CallContext&) {
    started = true;
    released.wait();
    ToolResult r;
    r.text = "slow result";
    return r;
  });
  LiveServer server({slow});
  server.send(modern_request("L", "subscriptions/listen",
                             {{"notifications", {{"toolsListChanged", true}}}}));
  server.send(request(1, "tools/call", {{"name", "slow"}}));
  ASSERT_TRUE(server.output().wait_for([](const auto& m) { return m.size() == 1; }));
  while (!started) std::this_thread::yield();
  server.close_input();
  release.set_value();
  EXPECT_EQ(server.finish(), 0);

  const auto out = server.output().messages();
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0],
            json::parse(R"({"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged",
      "params":{"notifications":{},"_meta":{"io.modelcontextprotocol/subscriptionId":"L"}}})"));
  EXPECT_EQ(out[1]["id"], 1);
  EXPECT_EQ(out[1]["result"]["content"][0]["text"], "slow result");
  EXPECT_EQ(out[2]["id"], "L");
  EXPECT_EQ(out[2]["result"]["resultType"], "complete");
}

// A call that waits on a (simulated) Proxmox task for up to an hour, like wait=true.
Tool hour_wait_tool(std::atomic<int>& waiting) {
  return tool("hour_wait", [&waiting](const json&, CallContext& ctx) {
    ++waiting;
    const bool stopped = ctx.pause(std::chrono::hours(1));
    --waiting;
    ToolResult r;
    r.text = stopped ? "stopped waiting" : "waited an hour";
    return r;
  });
}

Tool quick_read_tool() {
  return tool("read", [](const json&, CallContext&) {
    ToolResult r;
    r.text = "read result";
    return r;
  });
}

TEST(EndOfInput, StopsWaitsAndStillAnswersThem) {
  std::atomic<int> waiting{0};
  LiveServer server({hour_wait_tool(waiting)});
  server.send(request(1, "tools/call", {{"name", "hour_wait"}}));
  while (waiting == 0) std::this_thread::yield();
  server.close_input();
  // Before EOF stopped the wait, this took the wait's hour.
  auto finished = std::async(std::launch::async, [&] { return server.finish(); });
  ASSERT_EQ(finished.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(finished.get(), 0);
  const auto out = server.output().messages();
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], "stopped waiting");
}

TEST(EndOfInput, ACallReadAfterTheLastLineDoesNotWait) {
  std::atomic<int> waiting{0};
  const auto out =
      serve({line(request(1, "tools/call", {{"name", "hour_wait"}}))}, {hour_wait_tool(waiting)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["result"]["content"][0]["text"], "stopped waiting");
}

TEST(HeadOfLine, AReadIsAnsweredWhileFiftyCallsWait) {
  std::atomic<int> waiting{0};
  LiveServer server({hour_wait_tool(waiting), quick_read_tool()});
  constexpr int kWaits = 50;
  for (int id = 1; id <= kWaits; ++id) {
    server.send(request(id, "tools/call", {{"name", "hour_wait"}}));
  }
  // Every wait is under way at once, not only the first eight. (The limit only keeps a broken
  // build from hanging.)
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (waiting != kWaits && std::chrono::steady_clock::now() < limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(waiting, kWaits);
  server.send(request("r", "tools/call", {{"name", "read"}}));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, "r").is_null(); }));
  EXPECT_EQ(response_for(server.output().messages(), "r")["result"]["content"][0]["text"],
            "read result");
  for (int id = 1; id <= kWaits; ++id) {
    server.send(json{{"jsonrpc", "2.0"},
                     {"method", "notifications/cancelled"},
                     {"params", {{"requestId", id}}}});
  }
  EXPECT_EQ(server.finish(), 0);
  EXPECT_EQ(server.output().messages().size(), 1U);  // cancelled calls get no answer
}

TEST(Listen, CancelledStreamGetsNoResult) {
  const auto out =
      serve({line(modern_request(7, "subscriptions/listen", {{"notifications", json::object()}})),
             R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}})"},
            {});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["method"], "notifications/subscriptions/acknowledged");
}

TEST(Listen, NeedsNotificationsAndTheModernEnvelope) {
  const auto out =
      serve({line(modern_request(1, "subscriptions/listen")),
             line(request(2, "subscriptions/listen", {{"notifications", json::object()}}))},
            {});
  EXPECT_EQ(out[0]["error"]["message"], "Invalid params: \"notifications\" must be an object");
  EXPECT_EQ(out[1]["error"]["code"], -32602);
}

// The dispatcher's CallContext on its own: a transport that failed cancels the call.
class FailingTransport : public Transport {
 public:
  std::optional<InboundMessage> receive() override { return std::nullopt; }
  bool send(const std::string&) override {
    ++sends;
    return false;
  }
  int sends = 0;
};

TEST(PendingCall, ClosedTransportCancelsAndStopsWriting) {
  FailingTransport transport;
  const auto outbox = std::make_shared<TransportOutbox>(transport);
  const auto codec = make_legacy_codec(Revision::k2025_11_25, ServerInfo{});
  WorkerPool pool(1);
  PendingCall call(1, "tok", *codec, make_direct_responder(outbox), pool);
  EXPECT_FALSE(call.cancelled());
  call.progress(1, std::nullopt, "");
  EXPECT_TRUE(call.cancelled());
  call.progress(2, std::nullopt, "");
  call.respond(ToolResult{});
  EXPECT_EQ(transport.sends, 1);
}

TEST(PendingCall, NonFiniteProgressIsDropped) {
  FailingTransport transport;
  const auto outbox = std::make_shared<TransportOutbox>(transport);
  const auto codec = make_legacy_codec(Revision::k2025_11_25, ServerInfo{});
  WorkerPool pool(1);
  PendingCall call(1, "tok", *codec, make_direct_responder(outbox), pool);
  call.progress(std::nan(""), std::nullopt, "");
  EXPECT_EQ(transport.sends, 0);
}

}  // namespace
}  // namespace mcp::test
