// Auth, routing, body rules, node proxying, envelopes and request recording over real HTTPS.
#include <nlohmann/json.hpp>

#include "sim_fixture.h"

namespace pvesim::testing {
namespace {

TEST_F(SimCoreTest, NoCredentialsIs401NoTicketWithEmptyBody) {
  auto r = send_request(server_->port(), "GET", "/api2/json/version", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "No ticket");
  EXPECT_EQ(r.body, "");
}

TEST_F(SimCoreTest, WrongSecretUnknownTokenAndMalformedIdAre401AuthenticationFailed) {
  for (const std::string& authz :
       {token_header(kAdminToken, "wrong"), token_header("ghost@pam!x", kAdminSecret),
        std::string("PVEAPIToken=root@pam=") + kAdminSecret, std::string("PVEAPIToken=nosecret"),
        std::string("PVEAuthCookie=PVE:root@pam:123::sig")}) {
    auto r = send_request(server_->port(), "GET", "/api2/json/version", authz);
    EXPECT_EQ(r.status, 401) << authz;
    EXPECT_EQ(r.reason, "Authentication failed!") << authz;
    EXPECT_EQ(r.body, "") << authz;
  }
  EXPECT_EQ(model_->handled(), 0);
}

TEST_F(SimCoreTest, TokenWithSpaceFormAndPercentEncodingIsAccepted) {
  auto r = send_request(server_->port(), "GET", "/api2/json/version",
                        std::string("PVEAPIToken root%40pam!mcpserver=") + kAdminSecret);
  EXPECT_EQ(r.status, 200);
}

// extract_auth_value's rule: the key at the start or after white space, then "=" or " ", up to
// the first ";".
TEST_F(SimCoreTest, TheTokenIsFoundAfterWhiteSpaceAndEndsAtASemicolon) {
  const std::string token = std::string("root@pam!mcpserver=") + kAdminSecret;
  for (const std::string& authz :
       {"Other=x;\tPVEAPIToken=" + token, "XPVEAPIToken=bad PVEAPIToken=" + token + ";rest",
        "PVEAPITokenX=bad PVEAPIToken " + token}) {
    EXPECT_EQ(send_request(server_->port(), "GET", "/api2/json/version", authz).status, 200)
        << authz;
  }
  // Only inside another word, or with no "=" or " " after it: no token at all.
  for (const std::string& authz :
       {"XPVEAPIToken=" + token, "PVEAPIToken:" + token, std::string("PVEAPIToken")}) {
    EXPECT_EQ(send_request(server_->port(), "GET", "/api2/json/version", authz).reason, "No ticket")
        << authz;
  }
}

TEST_F(SimCoreTest, AuthenticationComesBeforeRouting) {
  auto r = send_request(server_->port(), "GET", "/api2/json/no/such/path", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "No ticket");
}

TEST_F(SimCoreTest, UnknownPathOrMethodIs501WithThePathInTheReason) {
  auto r = get("/nodes/pve1/foo");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "Method 'GET /nodes/pve1/foo' not implemented");
  // rest_handler's default result: the message also in the JSON body, without a newline.
  EXPECT_EQ(Json::parse(r.body),
            (Json{{"data", nullptr}, {"message", "Method 'GET /nodes/pve1/foo' not implemented"}}));
  EXPECT_EQ(r.header("Connection"), "close");
  r = call("POST", "/api2/json/nodes/pve1/lxc/101/exec", "command=ls");
  EXPECT_EQ(r.reason, "Method 'POST /nodes/pve1/lxc/101/exec' not implemented");
  r = call("DELETE", "/api2/json/version");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "Method 'DELETE /version' not implemented");
}

TEST_F(SimCoreTest, SuccessEnvelopeAndHeadersLikePve) {
  auto r = get("/version");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.header("Content-Type"), "application/json;charset=UTF-8");
  EXPECT_EQ(r.header("Server"), "pve-api-daemon/3.0");
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", {{"version", "9.1.4"}, {"release", "9.1"}}}}));
}

// PVE::APIServer::AnyEvent's response(): every API answer expires at once; an error ends the
// connection, a success keeps it; a protected write (pvedaemon behind pveproxy) carries the
// backend's close and pveproxy's own keep-alive line.
TEST_F(SimCoreTest, ConnectionAndExpiryHeadersLikePve) {
  const std::string authz = token_header(kAdminToken, kAdminSecret);
  auto fields = [](const RawResponse& r, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : r.headers) {
      if (key == name) out.push_back(value);
    }
    return out;
  };
  auto ok = send_request(server_->port(), "GET", "/api2/json/version", authz, "", "", false);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(fields(ok, "Connection"), std::vector<std::string>{"keep-alive"});
  EXPECT_EQ(ok.header("Expires"), ok.header("Date"));
  EXPECT_FALSE(ok.header("Expires").empty());
  auto failed = send_request(server_->port(), "GET",
                             "/api2/json/nodes/pve1/qemu/999/status/current", authz, "", "", false);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(fields(failed, "Connection"), std::vector<std::string>{"close"});
  EXPECT_EQ(failed.header("Expires"), failed.header("Date"));
  auto denied = send_request(server_->port(), "GET", "/api2/json/version", "", "", "", false);
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(fields(denied, "Connection"), std::vector<std::string>{"close"});
  auto write = send_request(server_->port(), "POST", "/api2/json/nodes/pve1/qemu/100/status/start",
                            authz, "", "application/x-www-form-urlencoded", false);
  EXPECT_EQ(write.status, 200) << write.reason;
  EXPECT_EQ(fields(write, "Connection"), (std::vector<std::string>{"close", "keep-alive"}));
}

TEST_F(SimCoreTest, TotalIsAddedToTheEnvelope) {
  auto r = get("/nodes/pve1/tasks");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", {{{"upid", "UPID:pve1:1"}}}}, {"total", 7}}));
}

TEST_F(SimCoreTest, ModelErrorsHaveMessageBodyAndReasonFromItsFirstLine) {
  auto r = get("/nodes/pve1/qemu/999/status/current");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist");
  EXPECT_EQ(Json::parse(r.body),
            (Json{{"data", nullptr},
                  {"message",
                   "Configuration file 'nodes/pve1/qemu-server/999.conf' does not "
                   "exist\n"}}));
}

TEST_F(SimCoreTest, OfflineNodeIs595WithEmptyBody) {
  auto r = get("/nodes/pve3/status");
  EXPECT_EQ(r.status, 595);
  EXPECT_EQ(r.reason, "No route to host");
  EXPECT_EQ(r.body, "");
  server_->dispatcher().set_node_offline("pve3", false);
  EXPECT_EQ(get("/nodes/pve3/status").status, 200);
}

TEST_F(SimCoreTest, WronglyCasedNodeIs596) {
  auto r = get("/nodes/PVE1/status");
  EXPECT_EQ(r.status, 596);
  EXPECT_EQ(r.reason, "no such cluster node 'PVE1'");
  EXPECT_EQ(Json::parse(r.body),
            (Json{{"data", nullptr}, {"message", "no such cluster node 'PVE1'\n"}}));
}

TEST_F(SimCoreTest, UnknownNodeIs500HostnameLookupFailed) {
  auto r = get("/nodes/ghost/status");
  EXPECT_EQ(r.status, 500);
  const std::string msg =
      "hostname lookup 'ghost' failed - failed to get address info for: ghost: Name or service "
      "not known";
  EXPECT_EQ(r.reason, msg);
  EXPECT_EQ(Json::parse(r.body)["message"], msg + "\n");
}

TEST_F(SimCoreTest, NodeCheckComesBeforeValidation) {
  // An invalid vmid on an offline node: the proxy step answers first.
  EXPECT_EQ(get("/nodes/pve3/qemu/abc/status/current").status, 595);
}

TEST_F(SimCoreTest, VolumePlaceholderSwallowsSlashes) {
  auto r = call("DELETE",
                "/api2/json/nodes/pve1/storage/local/content/local:backup/vzdump-qemu-100.vma.zst");
  ASSERT_EQ(r.status, 200) << r.reason;
  auto req = model_->last_request();
  EXPECT_EQ(req.template_path, "/nodes/{node}/storage/{storage}/content/{volume}");
  EXPECT_EQ(req.params["volume"], "local:backup/vzdump-qemu-100.vma.zst");
  r = call("GET", "/api2/json/nodes/pve1/storage/local/content/local%3Aiso%2Fdebian.iso");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(model_->last_request().params["volume"], "local:iso/debian.iso");
}

TEST_F(SimCoreTest, OtherPlaceholdersMatchOneSegmentOnly) {
  EXPECT_EQ(get("/nodes/pve1/qemu/100/extra/status/current").status, 501);
}

TEST_F(SimCoreTest, GetWithBodyIs501UnexpectedContent) {
  auto r = call("GET", "/api2/json/version", "a=1");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "Unexpected content for method 'GET'");
}

TEST_F(SimCoreTest, UnsupportedContentTypeIs506) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", "x", "text/plain");
  EXPECT_EQ(r.status, 506);
  EXPECT_EQ(r.reason, "upload 'Content-Type 'text/plain' not implemented");
}

TEST_F(SimCoreTest, BodyOver512KiBIs501DataTooLarge) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/config",
                "description=" + std::string(512 * 1024, 'x'));
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "for data too large");
}

TEST_F(SimCoreTest, JsonBodyIsAcceptedAndStringified) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start",
                R"({"timeout": 30, "skiplock": true})", "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  auto params = model_->last_request().params;
  EXPECT_EQ(params["timeout"], "30");
  EXPECT_EQ(params["skiplock"], "1");
  EXPECT_EQ(params["vmid"], "100");
}

TEST_F(SimCoreTest, EmptyJsonBodyIs500MalformedJson) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", "", "application/json");
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(r.reason.starts_with("malformed JSON string")) << r.reason;
}

TEST_F(SimCoreTest, RepeatedFormKeysBecomeAnArray) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/agent/exec", "command=ls&command=-la");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(model_->last_request().params["command"], (Json{"ls", "-la"}));
  r = call("POST", "/api2/json/nodes/pve1/qemu/100/agent/exec", "command=uptime");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(model_->last_request().params["command"], (Json{"uptime"}));
}

TEST_F(SimCoreTest, ConflictingDuplicatePathParameterIs400) {
  auto r = get("/nodes/pve1/qemu/100/status/current?vmid=101");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.reason, "Parameter verification failed.");
  EXPECT_EQ(Json::parse(r.body),
            (Json{{"data", nullptr},
                  {"message", "Parameter verification failed.\n"},
                  {"errors",
                   {{"vmid",
                     "duplicate parameter (already defined in URI) with conflicting "
                     "values!"}}}}));
  EXPECT_EQ(get("/nodes/pve1/qemu/100/status/current?vmid=100").status, 200);
  EXPECT_EQ(call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", R"({"vmid": 100})",
                 "application/json")
                .status,
            200);
  EXPECT_EQ(call("POST", "/api2/json/nodes/pve1/qemu/100/status/start", R"({"vmid": 101})",
                 "application/json")
                .status,
            400);
}

TEST_F(SimCoreTest, RequestsAreRecordedInArrivalOrderWithStatus) {
  server_->dispatcher().clear_requests();
  call("POST", "/api2/json/nodes/pve1/qemu/100/config?digest=abc", "cores=2&memory=2048");
  send_request(server_->port(), "GET", "/api2/json/nodes/pve1/qemu/100%2Fx", "");
  const auto log = server_->dispatcher().requests();
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].path, "/nodes/pve1/qemu/100/config");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"digest", "abc"}, {"cores", "2"}, {"memory", "2048"}};
  EXPECT_EQ(log[0].params, expected);
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[1].path, "/nodes/pve1/qemu/100/x");
  EXPECT_EQ(log[1].status, 401);
  server_->dispatcher().clear_requests();
  EXPECT_TRUE(server_->dispatcher().requests().empty());
}

TEST_F(SimCoreTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  const std::string authz = token_header(kAdminToken, kAdminSecret);
  const std::string one =
      "GET /api2/json/version HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\n\r\n";
  const std::string last =
      "GET /api2/json/nodes/pve1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz +
      "\r\nConnection: close\r\n\r\n";
  auto r = send_raw(server_->port(), one + last);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"total\":7"), std::string::npos) << r.body;
}

TEST_F(SimCoreTest, DeeplyNestedJsonIsRefusedLikeJsonXs) {
  const std::string deep =
      "{\"command\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/agent/exec", deep, "application/json");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason,
            "json text or perl structure exceeds maximum nesting level (max_depth set too low?)");
  EXPECT_EQ(get("/version").status, 200);
}

TEST_F(SimCoreTest, JsonValuesOfTheWrongShapeAreTypeErrors) {
  auto r = call("POST", "/api2/json/nodes/pve1/qemu/100/agent/exec",
                R"({"command": ["ls", true], "input-data": {"a": 1}})", "application/json");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors_of(r),
            (Json{{"command[1]", "type check ('string') failed - got JSON::PP::Boolean"},
                  {"input-data", "type check ('string') failed - got HASH"}}));
}

TEST_F(SimCoreTest, GarbageRequestLineIs400AndTheServerSurvives) {
  auto r = send_raw(server_->port(), "NONSENSE\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  r = send_raw(server_->port(), "HEAD /api2/json/version HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "method 'HEAD' not available");
  EXPECT_EQ(get("/version").status, 200);
}

TEST_F(SimCoreTest, ExpectContinueIsAnswered) {
  const std::string body = "cores=2";
  auto r = send_raw(server_->port(),
                    "POST /api2/json/nodes/pve1/qemu/100/config HTTP/1.1\r\nHost: x\r\n"
                    "Connection: close\r\nExpect: 100-continue\r\nAuthorization: " +
                        token_header(kAdminToken, kAdminSecret) +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(r.status, 100);
  EXPECT_NE(r.body.find("HTTP/1.1 200 OK"), std::string::npos) << r.body;
  EXPECT_EQ(model_->last_request().params["cores"], "2");
}

TEST_F(SimCoreTest, PathsOutsideTheApiAre404) {
  EXPECT_EQ(call("GET", "/index.html").status, 404);
}

TEST_F(SimCoreTest, UnknownFaultIsRejectedAtStart) {
  Options options;
  options.faults = {"explode:pve1"};
  SimServer other(std::make_unique<FakeModel>(), options);
  EXPECT_THROW(other.start(), std::runtime_error);
}

}  // namespace
}  // namespace pvesim::testing
