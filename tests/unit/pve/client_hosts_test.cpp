// Several API hosts of one cluster (PROXMOX_HOST=pve1,pve2): a host that cannot be reached is
// skipped for any request, since nothing was sent to it; a request that may have reached one is
// never sent to another.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

// The server listens on 127.0.0.1 only: the same port on 127.0.0.2 and 127.0.0.3 refuses.
pve::ClientOptions behind_a_dead_host(const TlsTestServer& server, const TestCert& cert) {
  pve::ClientOptions options = pinned_options(server, cert);
  options.host = "127.0.0.2";
  options.more_hosts = {"127.0.0.1"};
  return options;
}

TEST(ClientHostsTest, AHostThatCannotBeReachedIsSkippedForReadsAndWrites) {
  TestCert cert = localhost_cert();
  TlsTestServer server(
      cert, [](const RecordedRequest&) { return ScriptedResponse::json(R"({"data":"ok"})"); });
  pve::Client client(behind_a_dead_host(server, cert));
  EXPECT_EQ(client.get("/version"), "ok");
  EXPECT_EQ(client.post("/nodes/pve1/qemu/100/status/start"), "ok");
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].header("host"), "127.0.0.1:" + std::to_string(server.port()));
}

TEST(ClientHostsTest, AWriteThatMayHaveArrivedIsNotSentToAnotherHost) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [](const RecordedRequest&) { return ScriptedResponse::dropped(); });
  pve::ClientOptions options = pinned_options(server, cert);
  options.more_hosts = {"127.0.0.3"};
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.post("/nodes/pve1/qemu/100/status/stop"); });
  EXPECT_TRUE(error.outcome_unknown());
  const std::string what = error.what();
  EXPECT_TRUE(what.starts_with("the connection to Proxmox at 127.0.0.1:")) << what;
  EXPECT_TRUE(what.ends_with(" — Proxmox may have applied it")) << what;
  EXPECT_EQ(server.requests().size(), 1U);
}

// A node that accepts connections but does not answer in time: the request reached it, so it is
// not sent to another node, a read included (some reads consume what they read, and a node
// hanging behind every host would make each wait the whole timeout in turn).
TEST(ClientHostsTest, ARequestAHostDoesNotAnswerInTimeIsNotSentToAnother) {
  TestCert cert = localhost_cert();
  TlsTestServer hung(cert, [](const RecordedRequest&) {
    ScriptedResponse late = ScriptedResponse::json(R"({"data":"late"})");
    late.delay = std::chrono::milliseconds(2000);
    return late;
  });
  TlsTestServer answering(
      cert, [](const RecordedRequest&) { return ScriptedResponse::json(R"({"data":"ok"})"); },
      "127.0.0.2", hung.port());
  pve::ClientOptions options = pinned_options(hung, cert);
  options.more_hosts = {"127.0.0.2"};
  options.timeout_ms = 300;
  pve::Client client(options);
  pve::Error read = catch_error([&] { client.get("/nodes/pve1/qemu/100/agent/exec-status"); });
  EXPECT_EQ(read.kind(), pve::ErrorKind::kTimeout);
  pve::Error write = catch_error([&] { client.post("/nodes/pve1/qemu/100/status/start"); });
  EXPECT_TRUE(write.outcome_unknown());
  EXPECT_EQ(hung.requests().size(), 2U);
  EXPECT_TRUE(answering.requests().empty());
}

TEST(ClientHostsTest, WhenNoHostCanBeReachedEachIsNamed) {
  pve::ClientOptions options = refused_options();
  options.host = "127.0.0.2";
  options.more_hosts = {"127.0.0.3"};
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTransport);
  const std::string port = std::to_string(options.port);
  EXPECT_EQ(
      std::string(error.what()),
      "none of the 2 Proxmox hosts could be reached: cannot connect to Proxmox at 127.0.0.2:" +
          port +
          " (Connection refused); check PROXMOX_HOST and PROXMOX_PORT; cannot connect to "
          "Proxmox at 127.0.0.3:" +
          port + " (Connection refused); check PROXMOX_HOST and PROXMOX_PORT");
}

// Each node of a cluster has its own certificate: any pinned one is accepted, and a mismatch
// names them all.
TEST(ClientHostsTest, EveryNodesFingerprintMayBePinned) {
  TestCert cert = localhost_cert();
  TestCert other = localhost_cert();
  TlsTestServer server(
      cert, [](const RecordedRequest&) { return ScriptedResponse::json(R"({"data":"ok"})"); });
  pve::ClientOptions options = pinned_options(server, cert);
  options.fingerprint = other.fingerprint + "," + cert.fingerprint;
  EXPECT_EQ(pve::Client(options).get("/version"), "ok");
  options.fingerprint = other.fingerprint + "," + other.fingerprint;
  pve::Client wrong(options);
  pve::Error error = catch_error([&] { wrong.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTls);
  EXPECT_TRUE(std::string(error.what())
                  .find("expected one of " + other.fingerprint + ", " + other.fingerprint +
                        ", presented " + cert.fingerprint) != std::string::npos)
      << error.what();
  options.fingerprint = cert.fingerprint + ",AB";
  EXPECT_THROW(pve::Client{options}, std::invalid_argument);
}

}  // namespace
}  // namespace pve_test
