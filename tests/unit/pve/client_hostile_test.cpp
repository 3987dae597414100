// A hostile or man-in-the-middle Proxmox endpoint: every answer becomes a bounded pve::Error (or
// data), never a crash, a hang or a leaked secret.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

constexpr std::size_t kBounded = 2500;  // what() stays about one sentence long

class HostileServer {
 public:
  explicit HostileServer(ScriptedResponse response)
      : response_(std::move(response)),
        server_(cert_, [this](const RecordedRequest&) { return response_; }) {}
  pve::ClientOptions options() const { return pinned_options(server_, cert_); }

 private:
  TestCert cert_ = localhost_cert();
  ScriptedResponse response_;
  TlsTestServer server_;
};

pve::Error answer_to(ScriptedResponse response, const std::string& path = "/nodes/pve1/status",
                     const std::string& secret = "") {
  HostileServer server(std::move(response));
  pve::ClientOptions options = server.options();
  if (!secret.empty()) options.token_secret = secret;
  pve::Client client(options);
  return catch_error([&] { client.get(path); });
}

TEST(ClientHostileTest, AHugeHostnameInAnUnknownNodeAnswerIsBounded) {
  const std::string host(30000, 'a');
  pve::Error error = answer_to(ScriptedResponse::error(
      500, "x", R"({"data":null,"message":"hostname lookup ')" + host + R"(' failed"})"));
  EXPECT_LT(std::string(error.what()).size(), kBounded) << error.what();
  // No host name is 30,000 characters long: this is a server error, not an unknown node.
  EXPECT_EQ(error.kind(), pve::ErrorKind::kServer);
}

TEST(ClientHostileTest, AHugeReasonPhraseOfAnOfflineNodeIsBounded) {
  pve::Error error = answer_to(ScriptedResponse::error(596, std::string(90000, 'r')));
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNodeOffline);
  EXPECT_LT(std::string(error.what()).size(), kBounded);
  EXPECT_LT(error.pve_message().size(), kBounded);
}

TEST(ClientHostileTest, AHugePermissionMessageIsBounded) {
  const std::string message = "Permission check failed (" + std::string(100000, '/') + ", X)";
  pve::Error error = answer_to(
      ScriptedResponse::error(403, "Forbidden", R"({"data":null,"message":")" + message + R"("})"));
  EXPECT_EQ(error.kind(), pve::ErrorKind::kPermission);
  const std::string what = error.what();
  EXPECT_LT(what.size(), kBounded);
  EXPECT_NE(what.find("more bytes)"), std::string::npos) << what;
}

TEST(ClientHostileTest, DeeplyNestedDataIsRefusedNotParsed) {
  pve::Error error = answer_to(ScriptedResponse::json(R"({"data":)" + std::string(1000000, '[')));
  EXPECT_EQ(error.kind(), pve::ErrorKind::kProtocol);
  const std::string what = error.what();
  EXPECT_TRUE(what.starts_with("Proxmox at ")) << what;
  EXPECT_TRUE(
      what.ends_with(" sent a response to GET /nodes/pve1/status nested deeper than 64 "
                     "levels"))
      << what;
}

TEST(ClientHostileTest, NestingOfRealAnswersIsAccepted) {
  HostileServer server(ScriptedResponse::json(R"({"data":[{"a":{"b":[[{"c":"[[[[[[["}]]}}]})"));
  pve::Client client(server.options());
  EXPECT_EQ(client.get("/x").dump(), R"([{"a":{"b":[[{"c":"[[[[[[["}]]}}])");
}

TEST(ClientHostileTest, ManyFieldErrorsAreCutToAFew) {
  std::string errors;
  for (int i = 0; i < 500; ++i) {
    if (!errors.empty()) errors += ",";
    errors += "\"p" + std::to_string(i) + "\":\"" + std::string(1000, 'e') + "\"";
  }
  pve::Error error = answer_to(ScriptedResponse::error(
      400, "Parameter verification failed.",
      R"({"data":null,"message":"Parameter verification failed.","errors":{)" + errors + "}}"));
  EXPECT_EQ(error.kind(), pve::ErrorKind::kBadRequest);
  EXPECT_LE(error.errors().size(), 21u);
  EXPECT_EQ(error.errors().at("…"), "480 more not shown");
}

TEST(ClientHostileTest, TheSecretIsRedactedBeforeAnExcerptIsCut) {
  const std::string secret = "0123456789abcdef-secret-value";
  // The secret starts inside the 60-byte excerpt and ends after it.
  const std::string body = "<html>" + std::string(40, 'x') + secret + "</html>";
  pve::Error error = answer_to(ScriptedResponse::json(body), "/nodes", secret);
  const std::string what = error.what();
  EXPECT_EQ(what.find("0123456789"), std::string::npos) << what;
  EXPECT_NE(what.find("[secret]"), std::string::npos) << what;
}

TEST(ClientHostileTest, TheSecretIsRedactedBeforeAMessageIsCut) {
  const std::string secret = "0123456789abcdef-secret-value";
  const std::string message = std::string(990, 'm') + secret;
  pve::Error error = answer_to(
      ScriptedResponse::error(500, "x", R"({"data":null,"message":")" + message + R"("})"),
      "/nodes", secret);
  EXPECT_EQ(std::string(error.what()).find("0123456789"), std::string::npos) << error.what();
  EXPECT_EQ(error.pve_message().find("0123456789"), std::string::npos);
}

}  // namespace
}  // namespace pve_test
