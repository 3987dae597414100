// JSON-RPC 2.0 framing: classification of incoming messages and the errors for bad ones.
#include "mcp/jsonrpc.h"

#include <gtest/gtest.h>

namespace mcp::jsonrpc {
namespace {

TEST(JsonRpcParse, RequestWithIntegerId) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"a":1}})");
  EXPECT_EQ(in.kind, Kind::kRequest);
  EXPECT_EQ(in.id, json(7));
  EXPECT_EQ(in.method, "tools/list");
  EXPECT_EQ(in.params, json({{"a", 1}}));
}

TEST(JsonRpcParse, RequestWithStringIdAndNoParams) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":"listen:0","method":"ping"})");
  EXPECT_EQ(in.kind, Kind::kRequest);
  EXPECT_EQ(in.id, json("listen:0"));
  EXPECT_TRUE(in.params.is_null());
}

TEST(JsonRpcParse, NotificationHasNoId) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(in.kind, Kind::kNotification);
  EXPECT_EQ(in.method, "notifications/initialized");
}

TEST(JsonRpcParse, ClientResponseIsRecognised) {
  EXPECT_EQ(parse(R"({"jsonrpc":"2.0","id":3,"result":{}})").kind, Kind::kResponse);
  EXPECT_EQ(parse(R"({"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"x"}})").kind,
            Kind::kResponse);
}

TEST(JsonRpcParse, MalformedJsonIsParseErrorWithNullId) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":1,"method":)");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error, json::parse(R"({"jsonrpc":"2.0","id":null,
      "error":{"code":-32700,"message":"Parse error: invalid JSON"}})"));
}

TEST(JsonRpcParse, NulOrGarbageAfterAnObjectIsParseError) {
  using namespace std::string_view_literals;
  const json expected = json::parse(R"({"jsonrpc":"2.0","id":null,
      "error":{"code":-32700,"message":"Parse error: invalid JSON"}})");
  for (std::string_view text :
       {R"({"jsonrpc":"2.0","id":1,"method":"ping"})"
        "\0"
        R"({"jsonrpc":"2.0","id":2,"method":"ping"})"sv,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\0"sv,
        "\0{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"sv,
        R"({"jsonrpc":"2.0","id":1,"method":"ping"} x)"sv,
        R"({"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"})"sv}) {
    const Incoming in = parse(text);
    ASSERT_EQ(in.kind, Kind::kInvalid) << text.size();
    EXPECT_EQ(in.error, expected) << text.size();
  }
}

TEST(JsonRpcParse, TrailingWhiteSpaceIsAccepted) {
  const Incoming in = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} \t\r\n ");
  EXPECT_EQ(in.kind, Kind::kRequest);
  EXPECT_EQ(in.id, json(1));
}

TEST(JsonRpcParse, InvalidUtf8IsParseError) {
  const Incoming in = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\xff\"}");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["error"]["code"], -32700);
}

TEST(JsonRpcParse, ArrayIsABatchAndEmptyArrayIsInvalid) {
  const Incoming in = parse(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},5])");
  ASSERT_EQ(in.kind, Kind::kBatch);
  EXPECT_EQ(in.batch.size(), 2U);
  const Incoming empty = parse("[]");
  ASSERT_EQ(empty.kind, Kind::kInvalid);
  EXPECT_EQ(empty.error["id"], nullptr);
  EXPECT_EQ(empty.error["error"]["message"], "Invalid Request: empty batch");
}

TEST(JsonRpcClassify, NestedArrayIsInvalid) {
  const Incoming in = classify(json::array({1}));
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["error"]["code"], -32600);
}

TEST(JsonRpcParse, NonObjectsAreInvalidRequests) {
  for (const char* text : {"42", "\"ping\"", "null", "true"}) {
    const Incoming in = parse(text);
    ASSERT_EQ(in.kind, Kind::kInvalid) << text;
    EXPECT_EQ(in.error["error"]["code"], -32600) << text;
    EXPECT_EQ(in.error["error"]["message"], "Invalid Request: a message must be a JSON object");
  }
}

TEST(JsonRpcParse, WrongVersionKeepsTheIdInTheError) {
  const Incoming in = parse(R"({"jsonrpc":"1.0","id":5,"method":"ping"})");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["id"], 5);
  EXPECT_EQ(in.error["error"]["message"], "Invalid Request: \"jsonrpc\" must be \"2.0\"");
}

TEST(JsonRpcParse, MethodMustBeAString) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":5,"method":12})");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["error"]["message"], "Invalid Request: \"method\" must be a string");
}

TEST(JsonRpcParse, IdsMustBeStringsOrIntegers) {
  for (const char* id : {"1.5", "null", "true", "[1]", "{}"}) {
    const Incoming in = parse(std::string(R"({"jsonrpc":"2.0","method":"ping","id":)") + id + "}");
    ASSERT_EQ(in.kind, Kind::kInvalid) << id;
    EXPECT_EQ(in.error["id"], nullptr) << id;
    EXPECT_EQ(in.error["error"]["message"],
              "Invalid Request: \"id\" must be a string or an integer");
  }
}

TEST(JsonRpcParse, NonObjectParamsAreInvalidParams) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":"a","method":"tools/list","params":[1]})");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["id"], "a");
  EXPECT_EQ(in.error["error"]["code"], -32602);
}

TEST(JsonRpcParse, NoMethodNoResultIsInvalid) {
  const Incoming in = parse(R"({"jsonrpc":"2.0","id":1})");
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["error"]["message"], "Invalid Request: missing \"method\"");
}

TEST(JsonRpcParse, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Incoming in = parse(deep);
  ASSERT_EQ(in.kind, Kind::kInvalid);
  EXPECT_EQ(in.error["error"]["message"], "Parse error: JSON nested deeper than 128 levels");
  // Brackets inside strings do not count.
  const std::string text = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":")" +
                           std::string(1000, '[') + R"("}})";
  EXPECT_EQ(parse(text).kind, Kind::kRequest);
}

TEST(JsonRpcSerialize, OneLineWithInvalidUtf8Replaced) {
  const json m = make_result(1, json{{"text", std::string("a\nb\xff")}});
  const std::string out = serialize(m);
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_EQ(out, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"text\":\"a\\nb\xEF\xBF\xBD\"}}");
}

TEST(JsonRpcSerialize, ASerializedResultIsWrittenAsTheWholeResponseWouldBe) {
  const json result{{"tools", json::array({json{{"name", "a\u00e9"}, {"n", 1.5}}})}};
  for (const json& id : {json(7), json(-3), json("x\"y\n"), json(std::string("b\xff"))}) {
    SCOPED_TRACE(id.dump(-1, ' ', false, json::error_handler_t::replace));
    EXPECT_EQ(serialize_result(id, serialize(result)), serialize(make_result(id, result)));
  }
  EXPECT_EQ(serialize_result(1, "{}"), R"({"id":1,"jsonrpc":"2.0","result":{}})");
}

TEST(JsonRpcBuild, ErrorWithData) {
  EXPECT_EQ(make_error("x", -32022, "m", json{{"k", 1}}),
            json::parse(R"({"jsonrpc":"2.0","id":"x","error":{"code":-32022,"message":"m",
                            "data":{"k":1}}})"));
  EXPECT_FALSE(make_error(1, -1, "m")["error"].contains("data"));
}

TEST(JsonRpcId, KeyDistinguishesStringAndInteger) {
  EXPECT_NE(id_key(json(1)), id_key(json("1")));
  EXPECT_EQ(id_key(json(1)), id_key(json(1)));
}

}  // namespace
}  // namespace mcp::jsonrpc
