// Asking the client for inputs (CallContext::ask_inputs) in both eras: requests filtered by
// capability, -32021, rounds carried in a sealed requestState, malformed retries, prompts.
#include <gtest/gtest.h>

#include "test_support.h"

namespace mcp::test {
namespace {

InputRequest ask_name() {
  return {"elicitation/create",
          json{{"message", "Name?"},
               {"requestedSchema",
                {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}}};
}
InputRequest ask_model() {
  return {"sampling/createMessage", json{{"messages", json::array()}, {"maxTokens", 10}}};
}

// Asks "name" (elicitation) and "model" (sampling) and answers with the keys it got.
Tool two_questions_tool() {
  Tool t;
  t.name = "two_questions";
  t.description = "Asks two things.";
  t.input_schema = {{"type", "object"}};
  t.handler = [](const json&, CallContext& ctx) {
    const InputResponses answers =
        ctx.ask_inputs({{"name", ask_name()}, {"model", ask_model()}}, nullptr);
    ToolResult r;
    for (const auto& [key, answer] : answers) r.text += key + "=" + answer.dump() + ";";
    return r;
  };
  return t;
}

// Two rounds: a name (state {"round":1}), then a colour (state {"round":2,"name":…}).
Tool two_rounds_tool() {
  Tool t;
  t.name = "two_rounds";
  t.description = "Asks in two rounds.";
  t.input_schema = {{"type", "object"}};
  t.handler = [](const json&, CallContext& ctx) {
    const json state = ctx.input_state();
    std::string name;
    if (state.is_object() && state.value("round", 0) == 2) {
      name = state.at("name");
    } else {
      name = ctx.ask_inputs({{"step1", ask_name()}}, {{"round", 1}}).at("step1")["content"]["name"];
    }
    const InputResponses second =
        ctx.ask_inputs({{"step2", ask_name()}}, {{"round", 2}, {"name", name}});
    ToolResult r;
    r.text = name + " then " + second.at("step2")["content"]["name"].get<std::string>();
    return r;
  };
  return t;
}

// Asks under ask()'s own key, which ask_inputs refuses.
Tool approval_key_tool() {
  Tool t;
  t.name = "approval_key";
  t.description = "Misuses the approval key.";
  t.input_schema = {{"type", "object"}};
  t.handler = [](const json&, CallContext& ctx) {
    (void)ctx.ask_inputs({{"approval", ask_name()}}, nullptr);
    return ToolResult{};
  };
  return t;
}

json caps(json capabilities) {
  return modern_meta({{"io.modelcontextprotocol/clientCapabilities", std::move(capabilities)}});
}

json call(const json& id, const std::string& tool, json meta, json extra = json::object()) {
  json params{{"name", tool}, {"arguments", json::object()}, {"_meta", std::move(meta)}};
  params.update(extra);
  return request(id, "tools/call", std::move(params));
}

json accepted(const std::string& name) {
  return {{"action", "accept"}, {"content", {{"name", name}}}};
}

class ModernInputs : public ::testing::Test {
 protected:
  ModernInputs() : server_({two_questions_tool(), two_rounds_tool(), approval_key_tool()}) {}
  json answer(const json& message) {
    const json id = message["id"];
    server_.send(message);
    EXPECT_TRUE(
        server_.output().wait_for([&id](const auto& m) { return !response_for(m, id).is_null(); }));
    return response_for(server_.output().messages(), id);
  }
  LiveServer server_;
};

TEST_F(ModernInputs, OnlyWhatTheClientTakesIsAskedAndWithoutStateNoRequestState) {
  const json result =
      answer(call(1, "two_questions", caps({{"sampling", json::object()}})))["result"];
  EXPECT_EQ(result["resultType"], "input_required");
  EXPECT_EQ(result["inputRequests"], json::parse(R"({"model":{"method":"sampling/createMessage",
      "params":{"messages":[],"maxTokens":10}}})"));
  EXPECT_FALSE(result.contains("requestState"));
}

TEST_F(ModernInputs, TheRetryWithEveryAnswerCompletesExtraAnswersIgnored) {
  const json result = answer(call(
      1, "two_questions", caps({{"sampling", json::object()}, {"elicitation", json::object()}}),
      {{"inputResponses",
        {{"name", accepted("Ada")},
         {"model", {{"model", "m"}}},
         {"extra", {{"x", 1}}}}}}))["result"];
  EXPECT_EQ(result["resultType"], "complete");
  EXPECT_EQ(result["content"][0]["text"],
            R"(model={"model":"m"};name={"action":"accept","content":{"name":"Ada"}};)");
}

TEST_F(ModernInputs, AMissingAnswerIsAskedAgain) {
  const json result =
      answer(call(1, "two_questions", caps({{"elicitation", json::object()}}),
                  {{"inputResponses", {{"wrong_key", accepted("Ada")}}}}))["result"];
  EXPECT_EQ(result["resultType"], "input_required");
  EXPECT_TRUE(result["inputRequests"].contains("name"));
}

TEST_F(ModernInputs, TheApprovalKeyIsAsksOwn) {
  const json result =
      answer(call(1, "approval_key", caps({{"elicitation", json::object()}})))["result"];
  EXPECT_EQ(result["isError"], true);
  EXPECT_EQ(result["content"][0]["text"], "ask_inputs: the key 'approval' belongs to ask()");
}

TEST_F(ModernInputs, AFormQuestionNeedsFormElicitation) {
  // URL-mode elicitation only, and a sampling capability that is not an object: nothing to ask.
  const json error = answer(
      call(1, "two_questions",
           caps({{"elicitation", {{"url", json::object()}}}, {"sampling", nullptr}})))["error"];
  EXPECT_EQ(error["code"], -32021);
}

TEST_F(ModernInputs, NoCapabilityAtAllIsMinus32021NamingThem) {
  const json error = answer(call(1, "two_questions", caps(json::object())))["error"];
  EXPECT_EQ(error, json::parse(R"({"code":-32021,
      "message":"Missing client capability: this tool needs elicitation, sampling, which the client did not declare",
      "data":{"requiredCapabilities":{"elicitation":{},"sampling":{}}}})"));
}

TEST_F(ModernInputs, MalformedAnswersAreInvalidParams) {
  const json meta = caps({{"elicitation", json::object()}, {"sampling", json::object()}});
  EXPECT_EQ(answer(call(1, "two_questions", meta, {{"inputResponses", nullptr}}))["error"],
            json::parse(R"({"code":-32602,
                "message":"Invalid params: inputResponses must be an object"})"));
  EXPECT_EQ(answer(call(2, "two_questions", meta,
                        {{"inputResponses",
                          {{"name", 12345}, {"model", {{"m", 1}}}}}}))["error"]["message"],
            "Invalid params: inputResponses.name must be a result object");
}

TEST_F(ModernInputs, RoundsTravelInTheSealedStateWhichOpensOnceAndNotAltered) {
  const json meta = caps({{"elicitation", json::object()}});
  const json first = answer(call(1, "two_rounds", meta))["result"];
  ASSERT_EQ(first["resultType"], "input_required");
  ASSERT_TRUE(first.contains("inputRequests") && first["inputRequests"].contains("step1"));
  const std::string s1 = first["requestState"];
  EXPECT_TRUE(s1.starts_with("p."));

  const json tampered = answer(
      call(2, "two_rounds", meta,
           {{"requestState", s1 + "-TAMPERED"}, {"inputResponses", {{"step1", accepted("Ada")}}}}));
  EXPECT_EQ(tampered["error"], json::parse(R"({"code":-32602,
      "message":"Invalid requestState: integrity check failed (altered, expired or already used); call again without it to start over"})"));

  const json second = answer(
      call(3, "two_rounds", meta,
           {{"requestState", s1}, {"inputResponses", {{"step1", accepted("Ada")}}}}))["result"];
  ASSERT_EQ(second["resultType"], "input_required");
  EXPECT_TRUE(second["inputRequests"].contains("step2"));
  const std::string s2 = second["requestState"];
  EXPECT_NE(s2, s1);

  // The first state was used: it does not open twice.
  EXPECT_EQ(answer(call(4, "two_rounds", meta,
                        {{"requestState", s1},
                         {"inputResponses", {{"step1", accepted("Bo")}}}}))["error"]["code"],
            -32602);

  const json third = answer(
      call(5, "two_rounds", meta,
           {{"requestState", s2}, {"inputResponses", {{"step2", accepted("blue")}}}}))["result"];
  EXPECT_EQ(third["resultType"], "complete");
  EXPECT_EQ(third["content"][0]["text"], "Ada then blue");
}

TEST_F(ModernInputs, AStateForOtherArgumentsIsRefused) {
  const json meta = caps({{"elicitation", json::object()}});
  const std::string s1 = answer(call(1, "two_rounds", meta))["result"]["requestState"];
  json retry = call(2, "two_rounds", meta,
                    {{"requestState", s1}, {"inputResponses", {{"step1", accepted("Ada")}}}});
  retry["params"]["arguments"] = {{"x", 1}};
  EXPECT_EQ(answer(retry)["error"]["code"], -32602);
}

TEST_F(ModernInputs, AnAnswerWithoutItsStateIsNotTaken) {
  // step1 answered but no requestState: the call asks step1 again, with a state.
  const json result = answer(call(6, "two_rounds", caps({{"elicitation", json::object()}}),
                                  {{"inputResponses", {{"step1", accepted("Ada")}}}}))["result"];
  EXPECT_EQ(result["resultType"], "input_required");
  EXPECT_TRUE(result["inputRequests"].contains("step1"));
}

TEST(LegacyInputs, EachRequestGoesToTheClientAndTheCallWaitsForIt) {
  LiveServer server({two_questions_tool()});
  server.send(request(0, "initialize",
                      {{"protocolVersion", "2025-11-25"},
                       {"capabilities", {{"sampling", json::object()}}},
                       {"clientInfo", {{"name", "unit"}, {"version", "1"}}}}));
  server.send(request(1, "tools/call", {{"name", "two_questions"}, {"arguments", json::object()}}));
  // Only sampling was declared: the elicitation is left out, the sampling request is sent.
  ASSERT_TRUE(server.output().wait_for(
      [](const auto& m) { return !with_method(m, "sampling/createMessage").empty(); }));
  const json asked = with_method(server.output().messages(), "sampling/createMessage").front();
  EXPECT_EQ(asked["params"], json::parse(R"({"messages":[],"maxTokens":10})"));
  server.send(json{{"jsonrpc", "2.0"}, {"id", asked["id"]}, {"result", {{"model", "m"}}}});
  ASSERT_TRUE(
      server.output().wait_for([](const auto& m) { return !response_for(m, 1).is_null(); }));
  EXPECT_EQ(response_for(server.output().messages(), 1)["result"]["content"][0]["text"],
            R"(model={"model":"m"};)");
}

TEST(LegacyInputs, WithoutTheCapabilityTheToolAnswersAnError) {
  const auto out = serve({line(request(0, "initialize",
                                       {{"protocolVersion", "2025-11-25"},
                                        {"capabilities", json::object()},
                                        {"clientInfo", {{"name", "unit"}, {"version", "1"}}}})),
                          line(request(1, "tools/call", {{"name", "two_questions"}}))},
                         {two_questions_tool()});
  const json result = response_for(out, 1)["result"];
  EXPECT_EQ(result["isError"], true);
  EXPECT_EQ(result["content"][0]["text"],
            "Tool two_questions: Missing client capability: this tool needs elicitation, "
            "sampling, which the client did not declare");
}

TEST(PromptInputs, APromptMayAskTooInBothEras) {
  Offerings offerings;
  offerings.prompts.push_back(Prompt{
      .name = "asking",
      .title = "",
      .description = "Asks for a name.",
      .arguments = {},
      .tools = {},
      .render = [](const std::map<std::string, std::string>&, CallContext& ctx) {
        const json answer = ctx.ask_inputs({{"name", ask_name()}}, nullptr).at("name");
        return json{
            {"messages",
             json::array({{{"role", "user"},
                           {"content",
                            {{"type", "text"},
                             {"text", "Hi " + answer["content"]["name"].get<std::string>()}}}}})}};
      }});
  const json meta = caps({{"elicitation", json::object()}});
  const auto out = serve({line(request(1, "prompts/get", {{"name", "asking"}, {"_meta", meta}})),
                          line(request(2, "prompts/get",
                                       {{"name", "asking"},
                                        {"_meta", meta},
                                        {"inputResponses", {{"name", accepted("Ada")}}}}))},
                         {}, reference_server_info(), offerings);
  EXPECT_EQ(response_for(out, 1)["result"]["resultType"], "input_required");
  EXPECT_EQ(response_for(out, 1)["result"]["inputRequests"]["name"]["method"],
            "elicitation/create");
  EXPECT_EQ(response_for(out, 2)["result"]["messages"][0]["content"]["text"], "Hi Ada");
}

}  // namespace
}  // namespace mcp::test
