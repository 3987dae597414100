// Forces every error path of the client and checks that the token secret appears in none of
// the texts an error carries.

#include <cstdlib>
#include <iostream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "pve/tasks.h"
#include "test_support.h"

namespace pve_test {
namespace {

class SecretTest : public ::testing::Test {
 protected:
  // Every text a caller can get out of an error.
  void collect(const std::string& scenario, const pve::Error& error) {
    std::string text = std::string(error.what()) + "\n" + error.pve_message();
    for (const auto& [key, value] : error.errors()) text += "\n" + key + "=" + value;
    texts_[scenario] = text;
  }
  void collect_call(const std::string& scenario, const std::function<void()>& call) {
    SCOPED_TRACE(scenario);
    collect(scenario, catch_error(call));
  }

  std::map<std::string, std::string> texts_;
};

ScriptedResponse respond(const RecordedRequest& request) {
  const std::string& t = request.target;
  auto body = [](const std::string& message) {
    return nlohmann::json{{"data", nullptr}, {"message", message + "\n"}}.dump();
  };
  if (t == "/api2/json/nodes") {
    return ScriptedResponse::json(R"({"data":[{"node":"pve1"},{"node":"pve2"}]})");
  }
  if (t.ends_with("/e401")) return ScriptedResponse::error(401, "Authentication failed!");
  if (t.ends_with("/e403")) {
    return ScriptedResponse::error(403, "Permission check failed (/vms/100, VM.Audit)",
                                   body("Permission check failed (/vms/100, VM.Audit)"));
  }
  if (t.ends_with("/e403bare")) return ScriptedResponse::error(403, "Permission check failed");
  if (t.ends_with("/e400")) {
    return ScriptedResponse::error(
        400, "Parameter verification failed.",
        R"({"data":null,"errors":{"vmid":"type check ('integer') failed - got 'x'"},"message":"Parameter verification failed.\n"})");
  }
  if (t.ends_with("/e404")) return ScriptedResponse::error(404, "Not Found");
  if (t.ends_with("/e500config")) {
    return ScriptedResponse::error(
        500, "x", body("Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist"));
  }
  if (t.ends_with("/e500")) return ScriptedResponse::error(500, "x", body("VM is locked (backup)"));
  if (t.ends_with("/e500empty")) return ScriptedResponse::error(500, "Internal Server Error");
  if (t.ends_with("/e501")) return ScriptedResponse::error(501, "Method not implemented");
  if (t.ends_with("/e506"))
    return ScriptedResponse::error(506, "upload 'Content-Type' not implemented");
  if (t.ends_with("/e595")) return ScriptedResponse::error(595, "No route to host");
  if (t.ends_with("/e596")) return ScriptedResponse::error(596, "Connection timed out");
  if (t.starts_with("/api2/json/nodes/PVE1/")) {
    return ScriptedResponse::error(596, "no such cluster node 'PVE1'");
  }
  if (t.ends_with("/lookup")) {
    return ScriptedResponse::error(500, "x", body("hostname lookup 'pve9' failed - no address"));
  }
  if (t.ends_with("/e302")) return ScriptedResponse::error(302, "Found");
  if (t.ends_with("/notjson")) return ScriptedResponse::json("<html>oops</html>");
  if (t.ends_with("/nodata")) return ScriptedResponse::json("{}");
  if (t.ends_with("/truncated")) {
    ScriptedResponse r = ScriptedResponse::json(R"({"data":)");
    r.action = ScriptedResponse::Action::kTruncateBody;
    return r;
  }
  if (t.ends_with("/drop")) return ScriptedResponse::dropped();
  if (t.ends_with("/slow")) {
    ScriptedResponse r = ScriptedResponse::json(R"({"data":1})");
    r.delay = std::chrono::milliseconds(2000);
    return r;
  }
  if (t.ends_with("/echo")) {
    // A misbehaving proxy that echoes the request headers back in its error text.
    return ScriptedResponse::error(500, "x",
                                   body("bad request: " + request.header("authorization")));
  }
  if (t.find("/tasks/") != std::string::npos && t.find("/status") != std::string::npos) {
    return ScriptedResponse::json(R"({"data":{"status":"stopped","exitstatus":"boom"}})");
  }
  if (t.find("/log") != std::string::npos) {
    return ScriptedResponse::error(403, "Permission check failed (/nodes/pve1, Sys.Audit)");
  }
  return ScriptedResponse::json(R"({"data":null})");
}

TEST_F(SecretTest, NoErrorTextEverContainsTheSecret) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, respond);
  pve::ClientOptions options = pinned_options(server, cert);
  pve::Client client(options);
  pve::ClientOptions impatient_options = options;
  impatient_options.timeout_ms = 200;
  pve::Client impatient(impatient_options);
  collect_call("GET slow", [&] { impatient.get("/nodes/pve1/slow"); });

  for (const char* name : {"e401", "e403", "e403bare", "e400", "e404", "e500config", "e500",
                           "e500empty", "e501", "e506", "e595", "e596", "lookup", "e302", "notjson",
                           "nodata", "truncated", "drop", "echo"}) {
    collect_call(std::string("GET ") + name, [&] {
      client.get(pve::path({"nodes", "pve1", name}));
    });
  }
  collect_call("POST drop", [&] { client.post("/nodes/pve1/drop", {{"a", "b"}}); });
  collect_call("PUT e400", [&] { client.put("/nodes/pve1/e400", {{"a", "b"}}); });
  collect_call("DELETE e403", [&] { client.del("/nodes/pve1/e403"); });
  collect_call("unknown node", [&] { client.get("/nodes/PVE1/qemu"); });
  collect_call("bad upid", [&] { pve::task_status(client, "UPID:pve1:bad"); });

  // A failed task whose log cannot be read.
  pve::WaitOptions wait;
  wait.poll_interval = std::chrono::milliseconds(1);
  pve::TaskStatus task = pve::wait_for_task(
      client, "UPID:pve1:0003A1F2:0B3C4D5E:66F1E2A0:qmstart:100:root@pam!mcp:", wait);
  texts_["task log tail"] = task.exitstatus + (task.log_tail.empty() ? "" : task.log_tail[0]);

  // TLS: pin mismatch, untrusted certificate, unreadable CA file.
  pve::ClientOptions pinned = options;
  pinned.fingerprint = localhost_cert().fingerprint;
  pve::Client wrong_pin(pinned);
  collect_call("pin mismatch", [&] { wrong_pin.get("/version"); });
  pve::ClientOptions verify = options;
  verify.fingerprint.clear();
  pve::Client untrusted(verify);
  collect_call("untrusted", [&] { untrusted.get("/version"); });
  verify.ca_file = "/nonexistent/ca.pem";
  pve::Client bad_ca(verify);
  collect_call("bad ca file", [&] { bad_ca.get("/version"); });

  // Connection refused and unresolvable host.
  pve::ClientOptions refused = options;
  refused.port = closed_port();
  pve::Client refusing(refused);
  collect_call("refused", [&] { refusing.get("/version"); });
  pve::ClientOptions unresolvable = options;
  unresolvable.host = "pve.invalid";
  pve::Client nowhere(unresolvable);
  collect_call("unresolvable", [&] { nowhere.get("/version"); });

  // Settings rejected at construction.
  for (auto change : std::vector<std::function<void(pve::ClientOptions&)>>{
           [](pve::ClientOptions& o) { o.fingerprint = "zz"; },
           [](pve::ClientOptions& o) { o.token_secret += "\n"; },
           [](pve::ClientOptions& o) { o.user = kSecret; },
           [](pve::ClientOptions& o) { o.port = -1; }}) {
    pve::ClientOptions bad = options;
    change(bad);
    try {
      pve::Client rejected(bad);
      ADD_FAILURE() << "accepted bad settings";
    } catch (const std::invalid_argument& error) {
      texts_["settings " + std::to_string(texts_.size())] = error.what();
    }
  }

  ASSERT_EQ(texts_.size(), 35u);
  for (const auto& [scenario, text] : texts_) {
    EXPECT_EQ(text.find(kSecret), std::string::npos) << scenario << ": " << text;
    EXPECT_FALSE(text.empty()) << scenario;
    if (std::getenv("UNIT_PVE_SHOW_ERRORS") != nullptr)
      std::cerr << scenario << ": " << text << "\n";
  }
  // The echoing proxy's text is kept, minus the secret.
  EXPECT_EQ(texts_["settings 33"],
            "PROXMOX_USER '[secret]' is not a Proxmox user id like root@pam");
  EXPECT_EQ(texts_["GET echo"].substr(0, texts_["GET echo"].find('\n')),
            "bad request: PVEAPIToken=root@pam!mcpserver=[secret]");
}

}  // namespace
}  // namespace pve_test
