// Failures below HTTP: refused connections, timeouts, broken connections, and when a GET is
// repeated.

#include <atomic>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

// Drops the first request without an answer, answers every later one.
ScriptedResponse drop_first(std::atomic<int>& seen) {
  if (seen++ == 0) return ScriptedResponse::dropped();
  return ScriptedResponse::json(R"({"data":"second"})");
}

TEST(ClientTransportTest, RefusedConnectionNamesHostAndPort) {
  const pve::ClientOptions options = refused_options();
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTransport);
  EXPECT_EQ(error.status(), 0);
  const std::string what = error.what();
  EXPECT_EQ(what, "cannot connect to Proxmox at 127.0.0.1:" + std::to_string(options.port) +
                      " (Connection refused); check PROXMOX_HOST and PROXMOX_PORT");
}

TEST(ClientTransportTest, UnresolvableHostNamesHostAndPort) {
  pve::ClientOptions options;
  options.host = "pve.invalid";  // RFC 6761: never resolves
  options.token_secret = kSecret;
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTransport);
  EXPECT_EQ(std::string(error.what()).rfind("cannot connect to Proxmox at pve.invalid:8006 (", 0),
            0u)
      << error.what();
}

TEST(ClientTransportTest, TotalTimeoutStopsASlowAnswer) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [](const RecordedRequest& request) {
    ScriptedResponse answer = ScriptedResponse::json(R"({"data":1})");
    if (request.target.ends_with("/version")) answer.delay = std::chrono::milliseconds(3000);
    return answer;
  });
  pve::ClientOptions options = pinned_options(server, cert);
  options.timeout_ms = 200;
  pve::Client client(options);
  // Connect first, so that only the answer (not a slow handshake on a busy machine) can time out.
  client.get("/warmup");
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTimeout);
  EXPECT_EQ(std::string(error.what()), "Proxmox at 127.0.0.1:" + std::to_string(server.port()) +
                                           " did not answer GET /version within 200 ms (the "
                                           "answer did not arrive in time)");
  // A timed-out GET is not repeated: it may still be running on the server.
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(ClientTransportTest, GetIsRepeatedOnceWhenTheConnectionBreaks) {
  TestCert cert = localhost_cert();
  std::atomic<int> seen{0};
  TlsTestServer server(cert, [&](const RecordedRequest&) { return drop_first(seen); });
  pve::Client client(pinned_options(server, cert));
  EXPECT_EQ(client.get("/version"), "second");
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(ClientTransportTest, GetIsRepeatedOnlyOnce) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [](const RecordedRequest&) { return ScriptedResponse::dropped(); });
  pve::Client client(pinned_options(server, cert));
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTransport);
  EXPECT_EQ(std::string(error.what()),
            "the connection to Proxmox at 127.0.0.1:" + std::to_string(server.port()) +
                " failed during GET /version (the server closed the connection without an answer)");
  EXPECT_EQ(server.requests().size(), 2u);
}

class NoRetryTest : public ::testing::TestWithParam<std::string> {};

TEST_P(NoRetryTest, WritesAreNeverRepeated) {
  TestCert cert = localhost_cert();
  std::atomic<int> seen{0};
  TlsTestServer server(cert, [&](const RecordedRequest&) { return drop_first(seen); });
  pve::Client client(pinned_options(server, cert));
  const std::string method = GetParam();
  pve::Error error = catch_error([&] {
    if (method == "POST") client.post("/nodes/pve1/qemu/100/status/start");
    if (method == "PUT") client.put("/nodes/pve1/qemu/100/config", {{"memory", "2048"}});
    if (method == "DELETE") client.del("/nodes/pve1/qemu/100");
  });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTransport);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, method);
  // The request went out and no answer came: it may have been applied.
  EXPECT_TRUE(error.outcome_unknown());
  EXPECT_TRUE(std::string(error.what()).ends_with(" — Proxmox may have applied it"))
      << error.what();
}

TEST(ClientTransportTest, ATimedOutWriteMayHaveBeenApplied) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [](const RecordedRequest& request) {
    ScriptedResponse answer = ScriptedResponse::json(R"({"data":1})");
    if (request.method == "POST") answer.delay = std::chrono::milliseconds(3000);
    return answer;
  });
  pve::ClientOptions options = pinned_options(server, cert);
  options.timeout_ms = 200;
  pve::Client client(options);
  client.get("/warmup");
  pve::Error error = catch_error([&] { client.post("/nodes/pve1/qemu/100/snapshot"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kTimeout);
  EXPECT_TRUE(error.outcome_unknown());
  EXPECT_TRUE(std::string(error.what()).ends_with(") — Proxmox may have applied it"))
      << error.what();
}

TEST(ClientTransportTest, AWriteThatNeverLeftWasNotApplied) {
  pve::ClientOptions options;
  options.host = "127.0.0.1";
  options.port = closed_port();
  options.token_secret = kSecret;
  options.insecure = true;
  pve::Client client(options);
  pve::Error error = catch_error([&] { client.post("/nodes/pve1/qemu/100/status/start"); });
  EXPECT_FALSE(error.outcome_unknown());
  EXPECT_EQ(std::string(error.what()).find("may have applied"), std::string::npos);
}

TEST(ClientTransportTest, AnUnreadableAnswerToAWriteMayHaveBeenApplied) {
  TestCert cert = localhost_cert();
  TlsTestServer server(cert, [](const RecordedRequest&) {
    return ScriptedResponse::json(R"({"data":"UPID:pve1:0003)");
  });
  pve::Client client(pinned_options(server, cert));
  pve::Error post = catch_error([&] { client.post("/nodes/pve1/qemu/100/snapshot"); });
  EXPECT_EQ(post.kind(), pve::ErrorKind::kProtocol);
  EXPECT_TRUE(post.outcome_unknown());
  pve::Error get = catch_error([&] { client.get("/nodes/pve1/qemu/100/snapshot"); });
  EXPECT_FALSE(get.outcome_unknown());
}

INSTANTIATE_TEST_SUITE_P(Writes, NoRetryTest, ::testing::Values("POST", "PUT", "DELETE"));

}  // namespace
}  // namespace pve_test
