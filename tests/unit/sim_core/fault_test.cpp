// Injected faults and the /__sim/ control endpoint over real HTTPS, around the fake model.
#include <chrono>

#include <nlohmann/json.hpp>

#include "fault_injection.h"
#include "sim_fixture.h"

namespace pvesim::testing {
namespace {

std::string admin() {
  return token_header(kAdminToken, kAdminSecret);
}

class FaultTest : public SimCoreTest {
 protected:
  RawResponse control(const std::string& method, const std::string& path,
                      const std::string& body = "", const std::string& authorization = admin()) {
    return call(method, path, body, "application/x-www-form-urlencoded", authorization);
  }
  void set_fault(const std::string& spec) {
    auto r = control("POST", "/__sim/faults", "fault=" + spec);
    ASSERT_EQ(r.status, 200) << spec << ": " << r.body;
  }
};

TEST(FaultSpec, ParsesEachKindAndScope) {
  EXPECT_EQ(parse_fault("offline:pve3").spec(), "offline:pve3");
  EXPECT_EQ(parse_fault("latency:GET:250").latency_ms, 250);
  EXPECT_EQ(parse_fault("error:/nodes/{node}/qemu:disk on fire").arg, "disk on fire");
  EXPECT_EQ(parse_fault("error:*").spec(), "error:*");
  EXPECT_EQ(parse_fault("truncate:pve1").kind, FaultKind::kTruncate);
  EXPECT_EQ(parse_fault("reset:POST").kind, FaultKind::kReset);
  EXPECT_EQ(parse_fault("cert").spec(), "cert:*");
}

TEST(FaultSpec, ParsesStatusWithCodeAndOptionalMessage) {
  const Fault plain = parse_fault("status:*:403");
  EXPECT_EQ(plain.kind, FaultKind::kStatus);
  EXPECT_EQ(plain.status, 403);
  EXPECT_EQ(plain.message, "pve-sim: injected fault");
  EXPECT_EQ(plain.spec(), "status:*:403");
  // The message may hold colons: only the first one after CODE separates.
  const Fault worded = parse_fault("status:GET:596:no such cluster node 'pve9': gone");
  EXPECT_EQ(worded.status, 596);
  EXPECT_EQ(worded.message, "no such cluster node 'pve9': gone");
  EXPECT_EQ(worded.spec(), "status:GET:596:no such cluster node 'pve9': gone");
}

TEST(FaultSpec, ParsesEachHostileMode) {
  const std::vector<std::pair<std::string, Hostile>> cases = {
      {"long-text", Hostile::kLongText}, {"deep-json", Hostile::kDeepJson},
      {"huge-upid", Hostile::kHugeUpid}, {"huge-body", Hostile::kHugeBody},
      {"binary", Hostile::kBinary},      {"echo-auth", Hostile::kEchoAuth},
  };
  for (const auto& [what, mode] : cases) {
    const Fault fault = parse_fault("hostile:/nodes:" + what);
    EXPECT_EQ(fault.kind, FaultKind::kHostile) << what;
    EXPECT_EQ(fault.hostile, mode) << what;
    EXPECT_EQ(fault.spec(), "hostile:/nodes:" + what);
  }
  EXPECT_EQ(parse_fault("hostile:*:long-text").status, 403);
  EXPECT_EQ(parse_fault("hostile:*:long-text:500").status, 500);
  EXPECT_EQ(parse_fault("hostile:*:long-text:401").status, 401);
  EXPECT_EQ(parse_fault("hostile:*:long-text:596").status, 596);
}

TEST(FaultSpec, InjectedErrorsFollowPveEnvelopeRules) {
  const std::vector<std::pair<std::string, bool>> reason_only = {
      {"status:*:401", true},  {"status:*:501", true},  {"status:*:595", true},
      {"status:*:596", true},  {"status:*:599", true},  {"status:*:400", false},
      {"status:*:403", false}, {"status:*:500", false}, {"status:*:502", false},
      {"error:*", false},
  };
  for (const auto& [spec, expected] : reason_only) {
    EXPECT_EQ(injected_error(parse_fault(spec)).reason_only, expected) << spec;
  }
  const InjectedError error = injected_error(parse_fault("error:*:disk on fire"));
  EXPECT_EQ(error.status, 500);
  EXPECT_EQ(error.message, "disk on fire");
  const InjectedError denied = injected_error(parse_fault("hostile:*:long-text"));
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.message,
            "Permission check failed (" + std::string(100'000, 'x') + ", VM.Audit)");
  const std::string host(30'000, 'x');
  EXPECT_EQ(injected_error(parse_fault("hostile:*:long-text:500")).message,
            "hostname lookup '" + host + "' failed - failed to get address info for: " + host +
                ": Name or service not known");
}

TEST(FaultSpec, RefusesBadSpecsWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"boom:*", "bad fault 'boom:*': unknown kind 'boom'"},
      {"latency:*", "bad fault 'latency:*': latency needs milliseconds (0-999999) as ARG"},
      {"latency:*:fast",
       "bad fault 'latency:*:fast': latency needs milliseconds (0-999999) as ARG"},
      {"offline:GET", "bad fault 'offline:GET': offline needs a node name"},
      {"offline:/nodes", "bad fault 'offline:/nodes': offline needs a node name"},
      {"error", "bad fault 'error': missing SCOPE"},
      {"truncate:*:x", "bad fault 'truncate:*:x': truncate takes no argument"},
      {"cert:pve1",
       "bad fault 'cert:pve1': cert applies to the whole server: write cert or cert:*"},
      {"reset:bad node!",
       "bad fault 'reset:bad node!': SCOPE must be *, a method, a /path or a node name"},
      {"status:*", "bad fault 'status:*': status needs an HTTP error code (400-599) as ARG"},
      {"status:*:200",
       "bad fault 'status:*:200': status needs an HTTP error code (400-599) as ARG"},
      {"status:*:4031",
       "bad fault 'status:*:4031': status needs an HTTP error code (400-599) as ARG"},
      {"status:*:forbidden",
       "bad fault 'status:*:forbidden': status needs an HTTP error code (400-599) as ARG"},
      {"status:*:403:", "bad fault 'status:*:403:': the message must be one non-empty line"},
      {"hostile:*",
       "bad fault 'hostile:*': hostile needs long-text, deep-json, huge-upid, huge-body, binary or "
       "echo-auth as ARG"},
      {"hostile:*:loud",
       "bad fault 'hostile:*:loud': hostile needs long-text, deep-json, huge-upid, huge-body, "
       "binary or echo-auth as ARG"},
      {"hostile:*:binary:1", "bad fault 'hostile:*:binary:1': binary takes nothing after it"},
      {"hostile:*:long-text:404",
       "bad fault 'hostile:*:long-text:404': long-text takes the code 403, 500, 401 or 596"},
      {"hostile:*:long-text:",
       "bad fault 'hostile:*:long-text:': long-text takes the code 403, 500, 401 or 596"},
  };
  for (const auto& [spec, message] : cases) {
    try {
      parse_fault(spec);
      ADD_FAILURE() << spec << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
}

TEST(FaultSpec, ScopesMatchMethodPathTemplateAndNode) {
  EXPECT_TRUE(parse_fault("error:GET").matches("GET", "/version"));
  EXPECT_FALSE(parse_fault("error:GET").matches("POST", "/version"));
  const Fault tmpl = parse_fault("error:/nodes/{node}/qemu");
  EXPECT_TRUE(tmpl.matches("GET", "/nodes/pve2/qemu"));
  EXPECT_TRUE(tmpl.matches("POST", "/nodes/pve1/qemu/100/status/start"));
  EXPECT_FALSE(tmpl.matches("GET", "/nodes/pve1/lxc"));
  EXPECT_FALSE(tmpl.matches("GET", "/nodes"));
  EXPECT_FALSE(parse_fault("error:/ver").matches("GET", "/version"));  // whole segments only
  EXPECT_TRUE(parse_fault("error:pve2").matches("GET", "/nodes/pve2/status"));
  EXPECT_FALSE(parse_fault("error:pve2").matches("GET", "/nodes/pve1/status"));
  EXPECT_TRUE(parse_fault("error:*").matches("DELETE", "/anything"));
}

TEST_F(FaultTest, ErrorAnswers500WithTheMessageAfterAuthentication) {
  set_fault("error:/nodes/{node}/qemu:disk on fire");
  auto r = get("/nodes/pve1/qemu");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.reason, "disk on fire");
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", nullptr}, {"message", "disk on fire\n"}}));
  EXPECT_EQ(get("/nodes/pve1/lxc").status, 200);
  r = send_request(server_->port(), "GET", "/api2/json/nodes/pve1/qemu", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "No ticket");
  set_fault("error:POST");
  r = call("POST", "/api2/json/nodes/pve1/lxc/101/status/start");
  EXPECT_EQ(r.reason, "pve-sim: injected fault");
}

TEST_F(FaultTest, StatusAnswersWithPvesShapeForTheCode) {
  set_fault("status:/nodes/{node}/qemu:403:Permission check failed (/vms/100, VM.Audit)");
  auto r = get("/nodes/pve1/qemu");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (/vms/100, VM.Audit)");
  EXPECT_EQ(
      Json::parse(r.body),
      (Json{{"data", nullptr}, {"message", "Permission check failed (/vms/100, VM.Audit)\n"}}));
  // 401, 501 and 59x: the reason phrase only.
  set_fault("status:/nodes/{node}/lxc:501");
  r = get("/nodes/pve1/lxc");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "pve-sim: injected fault");
  EXPECT_EQ(r.body, "");
  set_fault("status:/version:596:Connection timed out");
  r = get("/version");
  EXPECT_EQ(r.status, 596);
  EXPECT_EQ(r.reason, "Connection timed out");
  EXPECT_EQ(r.body, "");
  // After authentication: a caller without credentials still gets 401 No ticket.
  r = send_request(server_->port(), "GET", "/api2/json/nodes/pve1/qemu", "");
  EXPECT_EQ(r.reason, "No ticket");
}

TEST_F(FaultTest, HostileLongTextSendsAHundredThousandCharacters) {
  set_fault("hostile:/nodes/pve1:long-text");
  auto r = get("/nodes/pve1/status");
  EXPECT_EQ(r.status, 403);
  const std::string message =
      "Permission check failed (" + std::string(100'000, 'x') + ", VM.Audit)";
  EXPECT_EQ(r.reason, message);
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", nullptr}, {"message", message + "\n"}}));
  set_fault("hostile:/nodes/pve2:long-text:401");
  r = get("/nodes/pve2/status");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "Authentication failed! " + std::string(100'000, 'x'));
  EXPECT_EQ(r.body, "");
}

TEST_F(FaultTest, HostileEchoAuthRepeatsTheAuthorizationHeader) {
  set_fault("hostile:/version:echo-auth");
  auto r = get("/version");
  EXPECT_EQ(r.status, 502);
  const std::string message = "Bad Gateway: upstream refused the request with Authorization: " +
                              token_header(kAdminToken, kAdminSecret);
  EXPECT_EQ(r.reason, message);
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", nullptr}, {"message", message + "\n"}}));
}

TEST_F(FaultTest, HostileBodiesComeWithStatus200) {
  set_fault("hostile:/nodes/pve1:deep-json");
  set_fault("hostile:/nodes/pve2:binary");
  set_fault("hostile:/version:huge-body");
  auto r = get("/nodes/pve1/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"data\":" + std::string(1'000'000, '['));
  r = get("/nodes/pve2/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json;charset=UTF-8");
  EXPECT_EQ(r.body.size(), 65'536U);
  EXPECT_EQ(get("/nodes/pve2/status").body, r.body);  // the same bytes every time
  r = get("/version");
  ASSERT_EQ(r.body.size(), 80U * 1024 * 1024);
  // Valid JSON: one string of 'x' in the envelope (parsing 80 MiB would only cost time).
  EXPECT_TRUE(r.body.starts_with("{\"data\":\"xxx"));
  EXPECT_TRUE(r.body.ends_with("xxx\"}"));
  EXPECT_EQ(r.body.find_first_not_of('x', 9), r.body.size() - 2);
}

TEST_F(FaultTest, HostileHugeUpidAnswersPostsAndTaskLists) {
  set_fault("hostile:*:huge-upid");
  auto r = call("POST", "/api2/json/nodes/pve2/lxc/101/status/start");
  ASSERT_EQ(r.status, 200);
  const std::string upid = Json::parse(r.body)["data"];
  EXPECT_EQ(upid.size(), 100'000U);
  EXPECT_TRUE(upid.starts_with("UPID:pve2:0001E240:00A1B2C3:67450000:qmstart:111"))
      << upid.substr(0, 80);
  EXPECT_TRUE(upid.ends_with("111:root@pam:"));
  r = get("/nodes/pve1/tasks");
  const Json tasks = Json::parse(r.body)["data"];
  ASSERT_EQ(tasks.size(), 1U);
  EXPECT_EQ(tasks[0]["upid"].get<std::string>().size(), 100'000U);
  EXPECT_TRUE(tasks[0]["upid"].get<std::string>().starts_with("UPID:pve1:"));
  EXPECT_EQ(tasks[0]["status"], "OK");
  // Other reads are answered normally.
  EXPECT_EQ(Json::parse(get("/version").body)["data"]["version"], "9.1.4");
}

TEST_F(FaultTest, TruncateCutsTheJsonBodyInHalf) {
  const std::string full = get("/version").body;
  set_fault("truncate:/version");
  auto r = get("/version");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, full.substr(0, full.size() / 2));
  EXPECT_TRUE(Json::parse(r.body, nullptr, false).is_discarded());
  EXPECT_EQ(r.header("Content-Length"), std::to_string(full.size() / 2));
}

TEST_F(FaultTest, ResetClosesTheConnectionWithoutAnAnswer) {
  set_fault("reset:pve2");
  EXPECT_THROW(get("/nodes/pve2/status"), std::runtime_error);
  EXPECT_EQ(get("/nodes/pve1/status").status, 200);
  const auto log = server_->dispatcher().requests();
  ASSERT_GE(log.size(), 2U);
  EXPECT_EQ(log[log.size() - 2].path, "/nodes/pve2/status");
  EXPECT_EQ(log[log.size() - 2].status, 0);
}

TEST_F(FaultTest, LatencyDelaysTheAnswer) {
  set_fault("latency:/version:150");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/version").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

TEST_F(FaultTest, OfflineNodeAnswers595UntilCleared) {
  set_fault("offline:pve2");
  auto r = get("/nodes/pve2/status");
  EXPECT_EQ(r.status, 595);
  EXPECT_EQ(r.reason, "No route to host");
  EXPECT_EQ(control("DELETE", "/__sim/faults").status, 200);
  EXPECT_EQ(get("/nodes/pve2/status").status, 200);
  // Clearing also ends the fixture's own start-up fault offline:pve3.
  EXPECT_EQ(get("/nodes/pve3/status").status, 200);
  auto bad = control("POST", "/__sim/faults", "fault=offline:pve9");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.reason, "bad fault 'offline:pve9': no node 'pve9'");
}

TEST_F(FaultTest, CertServesADifferentCertificateUntilCleared) {
  const std::string original = server_->fingerprint();
  EXPECT_EQ(get("/version").peer_fingerprint, original);
  set_fault("cert");
  const std::string replaced = server_->fingerprint();
  EXPECT_NE(replaced, original);
  EXPECT_EQ(get("/version").peer_fingerprint, replaced);
  EXPECT_NE(server_->ca_pem().find("BEGIN CERTIFICATE"), std::string::npos);
  server_->clear_faults();
  EXPECT_EQ(server_->fingerprint(), original);
  EXPECT_EQ(get("/version").peer_fingerprint, original);
}

TEST_F(FaultTest, ControlEndpointListsAddsAndClearsFaults) {
  auto r = control("GET", "/__sim/faults");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body), (Json{{"data", {"offline:pve3"}}}));
  r = control("POST", "/__sim/faults", "fault=latency:GET:0&fault=error:/nodes:x");
  EXPECT_EQ(Json::parse(r.body),
            (Json{{"data", {"offline:pve3", "latency:GET:0", "error:/nodes:x"}}}));
  r = control("POST", "/__sim/faults", "fault=error:*&fault=nonsense");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["errors"],
            (Json{{"fault", "bad fault 'nonsense': unknown kind 'nonsense'"}}));
  EXPECT_EQ(server_->fault_specs().size(), 3U);  // nothing of the refused batch was applied
  r = control("POST", "/__sim/faults");
  EXPECT_EQ(Json::parse(r.body)["errors"],
            (Json{{"fault", "property is missing and it is not optional"}}));
  EXPECT_EQ(control("DELETE", "/__sim/faults").status, 200);
  EXPECT_EQ(Json::parse(control("GET", "/__sim/faults").body), (Json{{"data", Json::array()}}));
}

TEST_F(FaultTest, ControlEndpointIsRootOnlyAndExemptFromFaults) {
  auto r = control("GET", "/__sim/faults", "", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.reason, "No ticket");
  r = control("GET", "/__sim/faults", "", token_header(kAdminToken, "wrong"));
  EXPECT_EQ(r.reason, "Authentication failed!");
  r = control("GET", "/__sim/faults", "", token_header(kAuditorToken, kAuditorSecret));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Permission check failed (user != root@pam)");
  set_fault("reset:*");
  set_fault("error:*");
  EXPECT_EQ(control("GET", "/__sim/faults").status, 200);
  EXPECT_EQ(control("DELETE", "/__sim/faults").status, 200);
  EXPECT_EQ(get("/version").status, 200);
}

TEST_F(FaultTest, ControlStateAndResetNeedAModelThatSupportsThem) {
  auto r = control("GET", "/__sim/state");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "this model cannot dump its state");
  r = control("POST", "/__sim/reset");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "this model cannot be reset");
  r = control("GET", "/__sim/nothing");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.reason, "Method 'GET /__sim/nothing' not implemented");
  r = control("GET", "/elsewhere");
  EXPECT_EQ(r.status, 404);
}

}  // namespace
}  // namespace pvesim::testing
