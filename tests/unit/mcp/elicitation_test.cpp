// Asking the person in the legacy era: elicitation/create requests and the routing of answers.
#include <mutex>

#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

json initialize(const std::string& version, json capabilities) {
  return request(0, "initialize",
                 {{"protocolVersion", version},
                  {"capabilities", std::move(capabilities)},
                  {"clientInfo", {{"name", "unit"}, {"version", "1"}}}});
}

json delete_call(const json& id, int vmid = 100) {
  return request(id, "tools/call", {{"name", "delete_vm"}, {"arguments", {{"vmid", vmid}}}});
}

json answer(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

std::string text_of(const json& response) {
  return response["result"]["content"][0]["text"];
}

// A server whose client declared form elicitation in initialize, with a call asking.
class LegacyAsk : public ::testing::Test {
 protected:
  void start(SessionOptions options = {}, const std::string& version = "2025-11-25") {
    server_ = std::make_unique<LiveServer>(std::vector<Tool>{asking_tool(), vm_status_tool()},
                                           reference_server_info(), std::move(options));
    server_->send(initialize(version, {{"elicitation", json::object()}}));
    server_->send(delete_call("c1"));
    ASSERT_TRUE(server_->output().wait_for(
        [](const auto& m) { return !with_method(m, "elicitation/create").empty(); }));
  }
  json elicitation() { return with_method(server_->output().messages(), "elicitation/create")[0]; }
  json wait_response(const json& id) {
    EXPECT_TRUE(server_->output().wait_for(
        [&id](const auto& m) { return !response_for(m, id).is_null(); }));
    return response_for(server_->output().messages(), id);
  }

  std::unique_ptr<LiveServer> server_;
};

TEST_F(LegacyAsk, SendsTheQuestionAsAFormWithoutFields) {
  start();
  EXPECT_EQ(elicitation(), json::parse(R"({"jsonrpc":"2.0","id":1,"method":"elicitation/create",
      "params":{"mode":"form","message":"Delete VM 100?",
                "requestedSchema":{"type":"object","properties":{}}}})"));
}

TEST_F(LegacyAsk, AcceptIsAccepted) {
  start();
  server_->send(answer(1, {{"action", "accept"}, {"content", json::object()}}));
  const json response = wait_response("c1");
  EXPECT_EQ(text_of(response), "accepted");
  EXPECT_EQ(response["result"]["structuredContent"], json({{"consent", "accepted"}}));
}

TEST_F(LegacyAsk, DeclineIsDeclined) {
  start();
  server_->send(answer(1, {{"action", "decline"}}));
  EXPECT_EQ(text_of(wait_response("c1")), "declined");
}

TEST_F(LegacyAsk, CancelIsDeclined) {
  start();
  server_->send(answer(1, {{"action", "cancel"}}));
  EXPECT_EQ(text_of(wait_response("c1")), "declined");
}

TEST_F(LegacyAsk, AnErrorOrAnUnknownActionIsDeclined) {
  start();
  server_->send(json{{"jsonrpc", "2.0"},
                     {"id", 1},
                     {"error", {{"code", -32601}, {"message", "Method not found"}}}});
  EXPECT_EQ(text_of(wait_response("c1")), "declined");
  server_->send(delete_call("c2", 101));
  ASSERT_TRUE(server_->output().wait_for(
      [](const auto& m) { return with_method(m, "elicitation/create").size() == 2; }));
  EXPECT_EQ(with_method(server_->output().messages(), "elicitation/create")[1]["id"], 2);
  server_->send(answer(2, {{"action", "yes please"}}));
  EXPECT_EQ(text_of(wait_response("c2")), "declined");
}

TEST_F(LegacyAsk, NoAnswerInTimeIsDeclinedAndTheQuestionWithdrawn) {
  start(SessionOptions{.answer_timeout = std::chrono::milliseconds(50)});
  EXPECT_EQ(text_of(wait_response("c1")), "declined");
  const auto withdrawn = with_method(server_->output().messages(), "notifications/cancelled");
  ASSERT_EQ(withdrawn.size(), 1U);
  EXPECT_EQ(withdrawn[0]["params"]["requestId"], 1);
  // A late answer is a response to nothing now.
  server_->send(answer(1, {{"action", "accept"}}));
  server_->finish();
  EXPECT_EQ(with_method(server_->output().messages(), "notifications/cancelled").size(), 1U);
}

TEST_F(LegacyAsk, EndOfInputIsDeclinedAndTheCallStillAnswers) {
  start();
  server_->close_input();
  EXPECT_EQ(text_of(wait_response("c1")), "declined");
  EXPECT_EQ(server_->finish(), 0);
}

TEST_F(LegacyAsk, ACancelledCallIsDeclinedAndSendsNothingMore) {
  std::mutex mutex;
  std::vector<std::string> consents;
  Tool tool = asking_tool();
  tool.handler = [&](const json&, CallContext& ctx) {
    const std::string consent(to_string(ctx.ask("Delete VM 100?")));
    std::lock_guard lock(mutex);
    consents.push_back(consent);
    return ToolResult{consent, json{{"consent", consent}}, false};
  };
  server_ = std::make_unique<LiveServer>(std::vector<Tool>{tool});
  server_->send(initialize("2025-11-25", {{"elicitation", {{"form", json::object()}}}}));
  server_->send(delete_call("c1"));
  ASSERT_TRUE(server_->output().wait_for(
      [](const auto& m) { return !with_method(m, "elicitation/create").empty(); }));
  server_->send(json{{"jsonrpc", "2.0"},
                     {"method", "notifications/cancelled"},
                     {"params", {{"requestId", "c1"}}}});
  ASSERT_TRUE(server_->output().wait_for(
      [](const auto& m) { return !with_method(m, "notifications/cancelled").empty(); }));
  server_->send(answer(1, {{"action", "accept"}}));  // too late
  EXPECT_EQ(server_->finish(), 0);
  const auto out = server_->output().messages();
  EXPECT_TRUE(response_for(out, "c1").is_null());
  EXPECT_EQ(with_method(out, "notifications/cancelled")[0]["params"]["requestId"], 1);
  EXPECT_EQ(consents, std::vector<std::string>{"declined"});
}

TEST_F(LegacyAsk, AWaitingQuestionHoldsNoPlace) {
  start(SessionOptions{.max_concurrent_calls = 1});
  server_->send(request("s", "tools/call",
                        {{"name", "vm_status"}, {"arguments", {{"node", "pve1"}, {"vmid", 7}}}}));
  EXPECT_EQ(text_of(wait_response("s")), "vm 7 on pve1: running");
  server_->send(answer(1, {{"action", "accept"}}));
  EXPECT_EQ(text_of(wait_response("c1")), "accepted");
}

TEST(LegacyResponses, AResponseToNothingIsReportedAndIgnored) {
  std::mutex mutex;
  std::vector<std::string> warnings;
  SessionOptions options;
  options.warn = [&](const std::string& problem) {
    std::lock_guard lock(mutex);
    warnings.push_back(problem);
  };
  LiveServer server({vm_status_tool()}, reference_server_info(), options);
  server.send(answer(99, {{"action", "accept"}}));
  server.send(json{{"jsonrpc", "2.0"}, {"id", "x"}, {"error", {{"code", 1}, {"message", "m"}}}});
  server.send(request(2, "ping"));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 2).is_null(); }));
  EXPECT_EQ(server.finish(), 0);
  EXPECT_EQ(server.output().messages().size(), 1U);  // only the ping's answer
  EXPECT_EQ(warnings,
            (std::vector<std::string>{"ignored a response to no request of ours (id 99)",
                                      "ignored a response to no request of ours (id \"x\")"}));
}

struct Unaskable {
  std::string version;
  json capabilities;
};

class LegacyUnavailable : public ::testing::TestWithParam<Unaskable> {};

TEST_P(LegacyUnavailable, NothingIsSentAndTheHandlerFallsBack) {
  const auto out = serve(
      {line(initialize(GetParam().version, GetParam().capabilities)), line(delete_call("c1"))},
      {asking_tool()});
  ASSERT_EQ(out.size(), 2U);  // initialize's answer and the call's
  EXPECT_EQ(text_of(response_for(out, "c1")), "unavailable");
}

INSTANTIATE_TEST_SUITE_P(
    Clients, LegacyUnavailable,
    ::testing::Values(Unaskable{"2025-11-25", json::object()},
                      Unaskable{"2025-11-25", {{"elicitation", {{"url", json::object()}}}}},
                      Unaskable{"2025-11-25", {{"elicitation", true}}},
                      Unaskable{"2025-03-26", {{"elicitation", json::object()}}},
                      Unaskable{"2024-11-05", {{"elicitation", json::object()}}}));

TEST(LegacyAsk20250618, AsksWithoutTheModeField) {
  LiveServer server({asking_tool()});
  server.send(initialize("2025-06-18", {{"elicitation", json::object()}}));
  server.send(delete_call(5));
  ASSERT_TRUE(server.output().wait_for(
      [](const auto& m) { return !with_method(m, "elicitation/create").empty(); }));
  EXPECT_EQ(with_method(server.output().messages(), "elicitation/create")[0]["params"],
            json::parse(R"({"message":"Delete VM 100?",
                            "requestedSchema":{"type":"object","properties":{}}})"));
  server.send(answer(1, {{"action", "accept"}}));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 5).is_null(); }));
  EXPECT_EQ(response_for(server.output().messages(), 5)["result"]["content"][0]["text"],
            "accepted");
}

}  // namespace
}  // namespace mcp::test
