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
