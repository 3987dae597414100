// The HTTP transport over real loopback sockets: a client that goes away cancels its call, an SSE
// stream with nothing to say keeps the connection alive, and closing the service answers what is
// in flight. What real SDK clients see is in tests/e2e/http.test.mjs.
#include "mcp/http_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "raw_client.h"
#include "test_support.h"

namespace mcp::test {
namespace {

using namespace std::chrono_literals;
using http_test::RawConnection;

// Waits (in small pauses, as a task waiter does) until the call is cancelled or 10 s pass.
struct WaitingTool {
  std::atomic<bool> started{false};
  std::atomic<bool> saw_cancel{false};

  Tool tool() {
    Tool t;
    t.name = "wait_for_cancel";
    t.description = "waits";
    t.input_schema = json::parse(R"({"type":"object"})");
    t.handler = [this](const json&, CallContext& ctx) {
      started = true;
      const auto until = std::chrono::steady_clock::now() + 10s;
      while (std::chrono::steady_clock::now() < until) {
        ctx.progress(1, std::nullopt, "waiting");
        if (ctx.pause(50ms) || ctx.cancelled()) {
          saw_cancel = true;
          break;
        }
      }
      ToolResult r;
      r.text = saw_cancel ? "cancelled" : "done";
      return r;
    };
    return t;
  }
};

std::string post(const std::string& body, const std::string& extra_headers = "") {
  return "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
         "Accept: application/json, text/event-stream\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string modern_call(const std::string& tool, const json& progress_token = nullptr) {
  json meta = modern_meta();
  if (!progress_token.is_null()) meta["progressToken"] = progress_token;
  const json body = {{"jsonrpc", "2.0"},
                     {"id", 7},
                     {"method", "tools/call"},
                     {"params", {{"name", tool}, {"arguments", json::object()}, {"_meta", meta}}}};
  return post(
      body.dump(),
      "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: " + tool + "\r\n");
}

struct Running {
  ServerCore core{reference_server_info()};
  std::unique_ptr<ToolRegistry> registry;
  std::unique_ptr<HttpService> service;
  int port = 0;

  explicit Running(std::vector<Tool> tools, HttpServiceOptions options = {}) {
    registry = std::make_unique<ToolRegistry>(std::move(tools));
    options.endpoint.poll = 20ms;
    service = std::make_unique<HttpService>(core, BearerTokens{},
                                            Principal{"anonymous", registry.get()}, options);
    port = service->start();
  }
};

TEST(HttpEndpoint, AClientThatGoesAwayCancelsItsCall) {
  WaitingTool waiting;
  Running server({waiting.tool()});
  {
    RawConnection conn(server.port);
    conn.send(modern_call("wait_for_cancel"));
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (!waiting.started && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(waiting.started);
    EXPECT_FALSE(waiting.saw_cancel);
  }  // the connection closes: in 2026-07-28 that is the cancellation
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (!waiting.saw_cancel && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(waiting.saw_cancel);
}

TEST(HttpEndpoint, ProgressMakesTheAnswerAnSseStreamThatEndsWithTheResponse) {
  WaitingTool waiting;
  Running server({waiting.tool()});
  RawConnection conn(server.port);
  conn.send(modern_call("wait_for_cancel", "tok"));
  const std::string head = conn.read_until("notifications/progress");
  EXPECT_NE(head.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no\r\n"), std::string::npos);
  EXPECT_NE(head.find("event: message\ndata: {"), std::string::npos);
  // Closing the service ends the call's wait; the response closes the stream.
  std::thread stopper([&] { server.service->stop(5s); });
  const std::string rest = conn.read_until("0\r\n\r\n");
  stopper.join();
  EXPECT_NE(rest.find(R"("text":"cancelled")"), std::string::npos) << rest;
  EXPECT_NE(rest.find(R"("id":7)"), std::string::npos);
}

TEST(HttpEndpoint, AQuietStreamSendsKeepAliveComments) {
  WaitingTool waiting;
  HttpServiceOptions options;
  options.endpoint.keepalive = 100ms;
  // No progress token: only the listen acknowledgement opens the stream, then nothing comes.
  Running server({waiting.tool()}, options);
  RawConnection conn(server.port);
  const json listen = {{"jsonrpc", "2.0"},
                       {"id", 9},
                       {"method", "subscriptions/listen"},
                       {"params", {{"notifications", json::object()}, {"_meta", modern_meta()}}}};
  conn.send(post(listen.dump(),
                 "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: subscriptions/listen\r\n"));
  EXPECT_NE(conn.read_until("subscriptions/acknowledged").find("text/event-stream"),
            std::string::npos);
  EXPECT_NE(conn.read_until(": keep-alive\n\n").find(": keep-alive\n\n"), std::string::npos);
  std::thread stopper([&] { server.service->stop(5s); });
  const std::string rest = conn.read_until("0\r\n\r\n");
  stopper.join();
  EXPECT_NE(rest.find(R"("id":9)"), std::string::npos) << "the listen is answered at shutdown";
}

TEST(HttpEndpoint, AfterStopNewRequestsAreRefused) {
  WaitingTool waiting;
  Running server({waiting.tool()});
  RawConnection early(server.port);
  server.service->stop(1s);
  RawConnection late(server.port);
  EXPECT_FALSE(late.connected());
}

}  // namespace
}  // namespace mcp::test
