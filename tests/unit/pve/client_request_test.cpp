// The exact requests pve::Client puts on the wire.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

class ClientRequestTest : public ::testing::Test {
 protected:
  TestCert cert_ = localhost_cert();
  TlsTestServer server_{cert_, [](const RecordedRequest& request) {
                          if (request.target.starts_with("/api2/json/cluster/tasks")) {
                            return ScriptedResponse::json(R"({"data":[{"upid":"x"}],"total":7})");
                          }
                          return ScriptedResponse::json(R"({"data":{"ok":1}})");
                        }};
  pve::Client client_{pinned_options(server_, cert_)};
};

TEST_F(ClientRequestTest, GetPutsParametersInTheQueryAndSendsNoBody) {
  nlohmann::json data = client_.get("/nodes/pve1/qemu",
                                    {{"full", "1"}, {"type", "a b"}, pve::param_bool("x", false)});
  EXPECT_EQ(data, nlohmann::json({{"ok", 1}}));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const RecordedRequest& r = requests[0];
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/api2/json/nodes/pve1/qemu?full=1&type=a%20b&x=0");
  EXPECT_EQ(r.body, "");
  EXPECT_FALSE(r.has_header("content-type"));
  EXPECT_FALSE(r.has_header("content-length"));
  EXPECT_EQ(r.header("authorization"), std::string("PVEAPIToken=root@pam!mcpserver=") + kSecret);
  EXPECT_NE(r.header("accept-encoding").find("gzip"), std::string::npos);
  EXPECT_EQ(r.header("host"), "127.0.0.1:" + std::to_string(server_.port()));
  EXPECT_FALSE(r.has_header("expect"));
}

TEST_F(ClientRequestTest, DeletePutsParametersInTheQueryAndSendsNoBody) {
  client_.del("/nodes/pve1/qemu/100", {pve::param_bool("purge", true),
                                       pve::param_bool("destroy-unreferenced-disks", false)});
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "DELETE");
  EXPECT_EQ(requests[0].target,
            "/api2/json/nodes/pve1/qemu/100?purge=1&destroy-unreferenced-disks=0");
  EXPECT_EQ(requests[0].body, "");
  EXPECT_FALSE(requests[0].has_header("content-type"));
}

TEST_F(ClientRequestTest, PostSendsAFormBody) {
  client_.post("/nodes/pve1/qemu/100/snapshot", {{"snapname", "before-upgrade"},
                                                 {"description", "pre 8.4 & co"},
                                                 pve::param_bool("vmstate", true)});
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api2/json/nodes/pve1/qemu/100/snapshot");
  EXPECT_EQ(requests[0].header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[0].body, "snapname=before-upgrade&description=pre%208.4%20%26%20co&vmstate=1");
}

TEST_F(ClientRequestTest, PutSendsRepeatedKeysForArrays) {
  client_.put("/nodes/pve1/qemu/100/agent/exec", {{"command", "ls"}, {"command", "-la"}});
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].target, "/api2/json/nodes/pve1/qemu/100/agent/exec");
  EXPECT_EQ(requests[0].header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[0].body, "command=ls&command=-la");
}

TEST_F(ClientRequestTest, ParameterlessPostIsAnEmptyFormNeverJson) {
  client_.post("/nodes/pve1/qemu/100/status/start");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].header("content-length"), "0");
  EXPECT_EQ(requests[0].header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[0].body, "");
}

TEST_F(ClientRequestTest, MethodsDoNotLeakIntoTheNextRequestOnTheSameConnection) {
  client_.post("/a", {{"k", "v"}});
  client_.get("/b", {{"q", "1"}});
  client_.put("/c", {{"k", "v"}});
  client_.del("/d");
  client_.get("/e");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].target, "/api2/json/b?q=1");
  EXPECT_EQ(requests[1].body, "");
  EXPECT_EQ(requests[2].method, "PUT");
  EXPECT_EQ(requests[3].method, "DELETE");
  EXPECT_EQ(requests[3].body, "");
  EXPECT_EQ(requests[4].method, "GET");
  EXPECT_FALSE(requests[4].has_header("content-length"));
  // One keep-alive connection carried them all.
  EXPECT_EQ(server_.connections(), 1);
}

TEST_F(ClientRequestTest, PathWithoutLeadingSlashIsAnchored) {
  client_.get("version");
  EXPECT_EQ(server_.requests().at(0).target, "/api2/json/version");
}

TEST_F(ClientRequestTest, EveryRequestCarriesHostTokenAndAcceptedCodings) {
  client_.post("/nodes/pve1/qemu/100/status/start", {{"timeout", "30"}});
  const RecordedRequest request = server_.requests().at(0);
  EXPECT_EQ(request.header("host"), "127.0.0.1:" + std::to_string(server_.port()));
  EXPECT_EQ(request.header("authorization"),
            std::string("PVEAPIToken=root@pam!mcpserver=") + kSecret);
  EXPECT_EQ(request.header("accept"), "application/json");
  EXPECT_EQ(request.header("accept-encoding"), "gzip");
  EXPECT_EQ(request.header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.header("content-length"), "10");
  EXPECT_EQ(request.body, "timeout=30");
}

TEST_F(ClientRequestTest, APathThatWouldChangeTheRequestLineIsNeverSent) {
  for (const std::string path : {"/nodes/pve1 HTTP/1.0", "/nodes/pve1\r\nX-Injected: 1"}) {
    const pve::Error error = catch_error([&] { client_.get(path); });
    EXPECT_EQ(error.kind(), pve::ErrorKind::kBadRequest);
    EXPECT_STREQ(error.what(),
                 "refused to send a Proxmox API path with a space or control character in it");
  }
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ClientRequestTest, GetEnvelopeReturnsTotal) {
  nlohmann::json envelope = client_.get_envelope("/cluster/tasks");
  EXPECT_EQ(envelope["total"], 7);
  EXPECT_EQ(envelope["data"][0]["upid"], "x");
  EXPECT_EQ(client_.get("/cluster/tasks"), nlohmann::json::parse(R"([{"upid":"x"}])"));
}

TEST_F(ClientRequestTest, TokenIdHasNoSecret) {
  EXPECT_EQ(client_.token_id(), "root@pam!mcpserver");
}

TEST_F(ClientRequestTest, ParallelCallsReuseOneConnectionPerHandle) {
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 5;
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        nlohmann::json data =
            client_.get(pve::path({"nodes", "pve" + std::to_string(t), "status"}));
        if (data == nlohmann::json({{"ok", 1}})) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), kThreads * kCallsPerThread);
  EXPECT_EQ(server_.requests().size(), static_cast<std::size_t>(kThreads * kCallsPerThread));
  // Never more connections than handles in use at once: every handle kept its connection.
  EXPECT_LE(server_.connections(), kThreads);
}

TEST(ClientIpv6Test, BracketsTheAddressInTheUrl) {
  TestCert cert = localhost_cert();
  std::unique_ptr<TlsTestServer> server;
  try {
    server = std::make_unique<TlsTestServer>(
        cert, [](const RecordedRequest&) { return ScriptedResponse::json(R"({"data":"v6"})"); },
        "::1");
  } catch (const std::exception&) {
    GTEST_SKIP() << "no IPv6 loopback here";
  }
  pve::ClientOptions options = pinned_options(*server, cert);
  options.host = "::1";
  pve::Client client(options);
  EXPECT_EQ(client.get("/version"), "v6");
  EXPECT_EQ(server->requests().at(0).header("host"), "[::1]:" + std::to_string(server->port()));
}

}  // namespace
}  // namespace pve_test
