// Asking the person in 2026-07-28: input_required results and the retries that answer them.
#include <atomic>
#include <optional>
#include <stdexcept>

#include <gtest/gtest.h>

#include "mcp/request_state.h"
#include "test_support.h"

namespace mcp::test {
namespace {

json form_capabilities() {
  return json{{"io.modelcontextprotocol/clientCapabilities", {{"elicitation", json::object()}}}};
}

json modern_call(const json& id, const std::string& tool, int vmid, json extra = json::object(),
                 json meta = form_capabilities()) {
  json params{{"name", tool}, {"arguments", {{"vmid", vmid}}}, {"_meta", modern_meta(meta)}};
  params.update(extra);
  return request(id, "tools/call", std::move(params));
}

json approval(const std::string& action) {
  return json{{"approval", {{"action", action}}}};
}

// A live server (one requestState key for all its calls) and the last answer to each call.
class ModernAsk : public ::testing::Test {
 protected:
  ModernAsk() : server_({asking_tool(), asking_tool("delete_ct")}) {}

  json call(const json& id, const std::string& tool, int vmid, json extra = json::object(),
            json meta = form_capabilities()) {
    server_.send(modern_call(id, tool, vmid, std::move(extra), std::move(meta)));
    EXPECT_TRUE(
        server_.output().wait_for([&id](const auto& m) { return !response_for(m, id).is_null(); }));
    return response_for(server_.output().messages(), id)["result"];
  }
  // Asks on a first call and returns its requestState.
  std::string state_for(const json& id, const std::string& tool, int vmid) {
    const json result = call(id, tool, vmid);
    EXPECT_EQ(result["resultType"], "input_required");
    return result.value("requestState", "");
  }
  json retry(const json& id, const std::string& tool, int vmid, const std::string& state,
             const std::string& action = "accept") {
    return call(id, tool, vmid, {{"requestState", state}, {"inputResponses", approval(action)}});
  }

  LiveServer server_;
};

TEST_F(ModernAsk, AFirstCallEndsWithTheQuestion) {
  json result = call(1, "delete_vm", 100);
  ASSERT_TRUE(result["requestState"].is_string());
  EXPECT_FALSE(result["requestState"].get<std::string>().empty());
  result.erase("requestState");
  EXPECT_EQ(result, json::parse(R"({"resultType":"input_required",
      "inputRequests":{"approval":{"method":"elicitation/create","params":{"mode":"form",
          "message":"Delete VM 100?","requestedSchema":{"type":"object","properties":{}}}}},
      "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"ref","version":"0.0.1"}}})"));
}

TEST_F(ModernAsk, ARetryWithAnAcceptIsAccepted) {
  const std::string state = state_for(1, "delete_vm", 100);
  const json result = retry(2, "delete_vm", 100, state);
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_EQ(result["structuredContent"], json({{"consent", "accepted"}}));
}

TEST_F(ModernAsk, DeclineAndCancelAreDeclined) {
  EXPECT_EQ(
      retry(2, "delete_vm", 100, state_for(1, "delete_vm", 100), "decline")["content"][0]["text"],
      "declined");
  EXPECT_EQ(
      retry(4, "delete_vm", 100, state_for(3, "delete_vm", 100), "cancel")["content"][0]["text"],
      "declined");
}

TEST_F(ModernAsk, AnAlteredStateAsksAgain) {
  std::string state = state_for(1, "delete_vm", 100);
  state.back() = state.back() == '0' ? '1' : '0';
  EXPECT_EQ(retry(2, "delete_vm", 100, state)["resultType"], "input_required");
  EXPECT_EQ(retry(3, "delete_vm", 100, "garbage")["resultType"], "input_required");
}

TEST_F(ModernAsk, AStateForAnotherToolOrOtherArgumentsAsksAgain) {
  const std::string state = state_for(1, "delete_vm", 100);
  EXPECT_EQ(retry(2, "delete_ct", 100, state)["resultType"], "input_required");
  EXPECT_EQ(retry(3, "delete_vm", 101, state)["resultType"], "input_required");
  // Those failed attempts did not use it up.
  EXPECT_EQ(retry(4, "delete_vm", 100, state)["structuredContent"]["consent"], "accepted");
}

TEST_F(ModernAsk, AStateAnswersOnce) {
  const std::string state = state_for(1, "delete_vm", 100);
  EXPECT_EQ(retry(2, "delete_vm", 100, state)["structuredContent"]["consent"], "accepted");
  EXPECT_EQ(retry(3, "delete_vm", 100, state)["resultType"], "input_required");
}

TEST_F(ModernAsk, AMissingOrMalformedAnswerAsksAgain) {
  const std::string state = state_for(1, "delete_vm", 100);
  EXPECT_EQ(call(2, "delete_vm", 100, {{"requestState", state}})["resultType"], "input_required");
  EXPECT_EQ(retry(3, "delete_vm", 100, state_for(4, "delete_vm", 100), "sure")["resultType"],
            "input_required");
}

TEST_F(ModernAsk, AClientWithoutFormElicitationIsNotAsked) {
  const json plain = json::object();
  const json url_only{
      {"io.modelcontextprotocol/clientCapabilities", {{"elicitation", {{"url", json::object()}}}}}};
  for (const json& meta : {plain, url_only}) {
    const json result = call(meta.dump(), "delete_vm", 100, json::object(), meta);
    EXPECT_EQ(result["resultType"], "complete");
    EXPECT_EQ(result["structuredContent"]["consent"], "unavailable");
  }
}

TEST(ModernAskHandler, RunsAgainOnTheRetryAndNotOnAfterTheQuestion) {
  std::atomic<int> before{0};
  std::atomic<int> after{0};
  Tool tool = asking_tool();
  tool.handler = [&](const json&, CallContext& ctx) {
    ++before;
    const Consent consent = ctx.ask("Delete VM 100?");
    ++after;
    const std::string name(to_string(consent));
    return ToolResult{name, json{{"consent", name}}, false};
  };
  LiveServer server({tool});
  server.send(modern_call(1, "delete_vm", 100));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 1).is_null(); }));
  EXPECT_EQ(before.load(), 1);
  EXPECT_EQ(after.load(), 0);
  const std::string state = response_for(server.output().messages(), 1)["result"]["requestState"];
  server.send(modern_call(2, "delete_vm", 100,
                          {{"requestState", state}, {"inputResponses", approval("accept")}}));
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 2).is_null(); }));
  EXPECT_EQ(before.load(), 2);
  EXPECT_EQ(after.load(), 1);
}

// The seal on its own, with a clock the test moves.
class Seal : public ::testing::Test {
 protected:
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'000)};
  RequestStateSeal seal_{std::chrono::seconds(600), [this] { return now_; }};
  const json args_{{"vmid", 100}, {"node", "pve1"}};
};

TEST_F(Seal, OpensOnceForExactlyWhatItSealed) {
  const std::string state = seal_.seal("delete_vm", args_, "Delete VM 100?");
  EXPECT_FALSE(seal_.redeem(state, "delete_ct", args_, "Delete VM 100?"));
  EXPECT_FALSE(seal_.redeem(state, "delete_vm", json{{"vmid", 100}}, "Delete VM 100?"));
  EXPECT_FALSE(seal_.redeem(state, "delete_vm", args_, "Delete VM 101?"));
  // Key order is not part of the arguments' meaning.
  EXPECT_TRUE(
      seal_.redeem(state, "delete_vm", json{{"node", "pve1"}, {"vmid", 100}}, "Delete VM 100?"));
  EXPECT_FALSE(seal_.redeem(state, "delete_vm", args_, "Delete VM 100?"));
}

TEST_F(Seal, ExpiresAfterItsLifetime) {
  const std::string state = seal_.seal("delete_vm", args_, "q");
  now_ += std::chrono::seconds(601);
  EXPECT_FALSE(seal_.redeem(state, "delete_vm", args_, "q"));
  const std::string fresh = seal_.seal("delete_vm", args_, "q");
  now_ += std::chrono::seconds(600);
  EXPECT_TRUE(seal_.redeem(fresh, "delete_vm", args_, "q"));
}

TEST_F(Seal, AnotherKeyOrALaterExpiryDoesNotOpen) {
  RequestStateSeal other;
  EXPECT_FALSE(other.redeem(seal_.seal("t", args_, "q"), "t", args_, "q"));
  const std::string state = seal_.seal("t", args_, "q");
  const std::string extended = "9" + state;  // the expiry is under the MAC too
  EXPECT_FALSE(seal_.redeem(extended, "t", args_, "q"));
  for (const char* bad : {"", ".", "..", "1.2.3", "x.y.z", "-5.00.00"}) {
    EXPECT_FALSE(seal_.redeem(bad, "t", args_, "q")) << bad;
  }
  EXPECT_FALSE(seal_.redeem(std::string(10000, '1'), "t", args_, "q"));
}

// A payload's hex re-written: the same length and MAC over different content.
std::string with_payload(const std::string& state, const json& payload) {
  const std::string text = payload.dump();
  std::string hex;
  for (unsigned char c : text) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return "p." + hex + state.substr(state.find('.', 2));
}

TEST_F(Seal, APayloadOpensOnceForItsToolAndArgumentsOnly) {
  const json payload{{"round", 2}, {"name", "Ada"}};
  const std::string state = seal_.seal_payload("two_rounds", args_, payload);
  EXPECT_TRUE(RequestStateSeal::is_payload_state(state));
  EXPECT_FALSE(seal_.open_payload(state, "other", args_));
  EXPECT_FALSE(seal_.open_payload(state, "two_rounds", json{{"vmid", 101}}));
  // A different payload under the same MAC.
  EXPECT_FALSE(seal_.open_payload(with_payload(state, {{"round", 2}, {"name", "Bob"}}),
                                  "two_rounds", args_));
  // An approval state is not a payload state, and the other way round.
  EXPECT_FALSE(seal_.redeem(state.substr(state.find('.', 2) + 1), "two_rounds", args_, "q"));
  EXPECT_EQ(seal_.open_payload(state, "two_rounds", args_), std::optional<json>(payload));
  EXPECT_FALSE(seal_.open_payload(state, "two_rounds", args_));  // used
}

TEST_F(Seal, APayloadExpiresAndIsBounded) {
  const std::string state = seal_.seal_payload("t", args_, json{{"round", 1}});
  now_ += std::chrono::seconds(601);
  EXPECT_FALSE(seal_.open_payload(state, "t", args_));
  EXPECT_THROW((void)seal_.seal_payload("t", args_, json{{"name", std::string(4000, 'a')}}),
               std::length_error);
  const std::string largest = seal_.seal_payload("t", args_, json{{"n", std::string(3000, 'a')}});
  EXPECT_TRUE(seal_.open_payload(largest, "t", args_));
  EXPECT_FALSE(seal_.open_payload("p.zz.1.2.3", "t", args_));
  EXPECT_FALSE(seal_.open_payload("p." + std::string(20000, 'a') + ".1.2.3", "t", args_));
}

}  // namespace
}  // namespace mcp::test
