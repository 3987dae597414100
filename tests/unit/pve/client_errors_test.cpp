// HTTP answers Proxmox gives on failure, and the pve::Error each becomes.
#include <array>
#include <map>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pve/client.h"
#include "test_support.h"

namespace pve_test {
namespace {

constexpr const char* kNodes =
    R"({"data":[{"node":"pve2","status":"online"},{"node":"pve1","status":"online"},)"
    R"({"node":"pve3","status":"offline"}]})";

// Answers by "METHOD /api2/json/path"; anything unscripted is a 501 like PVE's router.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::map<std::string, ScriptedResponse> script)
      : script_(std::move(script)), server_(cert_, [this](const RecordedRequest& request) {
          auto it = script_.find(request.method + " " + request.target);
          if (it != script_.end()) return it->second;
          return ScriptedResponse::error(
              501, "Method '" + request.method + " " + request.target + "' not implemented");
        }) {}

  pve::ClientOptions options() const { return pinned_options(server_, cert_); }
  const TlsTestServer& server() const { return server_; }

 private:
  TestCert cert_ = localhost_cert();
  std::map<std::string, ScriptedResponse> script_;
  TlsTestServer server_;
};

pve::Error get_error(const std::map<std::string, ScriptedResponse>& script,
                     const std::string& path) {
  ScriptedServer server(script);
  pve::Client client(server.options());
  return catch_error([&] { client.get(path); });
}

TEST(ClientErrorTest, Unauthorized401NamesTheTokenFromTheStatusLine) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes", ScriptedResponse::error(401, "Authentication failed!")}}, "/nodes");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kAuth);
  EXPECT_EQ(error.status(), 401);
  EXPECT_EQ(error.pve_message(), "Authentication failed!");
  EXPECT_EQ(std::string(error.what()),
            "authentication failed for API token root@pam!mcpserver: the token is wrong, expired "
            "or deleted");
}

TEST(ClientErrorTest, AShortWrongSecretDoesNotGarbleTheText) {
  ScriptedServer server(
      {{"GET /api2/json/nodes", ScriptedResponse::error(401, "Authentication failed!")}});
  pve::ClientOptions options = server.options();
  options.token_secret = "wrong";
  pve::Client client(options);
  EXPECT_EQ(std::string(catch_error([&] { client.get("/nodes"); }).what()),
            "authentication failed for API token root@pam!mcpserver: the token is wrong, expired "
            "or deleted");
}

TEST(ClientErrorTest, Forbidden403NamesPrivilegeAndPath) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/qemu/100/status/current",
        ScriptedResponse::error(
            403, "Permission check failed (/vms/100, VM.Audit)",
            R"({"data":null,"message":"Permission check failed (/vms/100, VM.Audit)\n"})")}},
      "/nodes/pve1/qemu/100/status/current");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kPermission);
  EXPECT_EQ(error.status(), 403);
  EXPECT_EQ(error.pve_message(), "Permission check failed (/vms/100, VM.Audit)");
  EXPECT_EQ(std::string(error.what()), "the API token lacks VM.Audit on /vms/100");
}

TEST(ClientErrorTest, Forbidden403WithoutBodyUsesTheReasonPhrase) {
  // PVE before 8.3 sent only {"data":null}.
  ScriptedServer server(
      {{"POST /api2/json/nodes/pve1/qemu/100/status/start",
        ScriptedResponse::error(403, "Permission check failed (/vms/100, VM.PowerMgmt)",
                                R"({"data":null})")}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.post("/nodes/pve1/qemu/100/status/start"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kPermission);
  EXPECT_EQ(std::string(error.what()), "the API token lacks VM.PowerMgmt on /vms/100");
}

TEST(ClientErrorTest, Forbidden403WithAlternativePrivileges) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/storage/local/content",
        ScriptedResponse::error(
            403,
            "Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)",
            R"({"data":null,"message":"Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)\n"})")}},
      "/nodes/pve1/storage/local/content");
  EXPECT_EQ(std::string(error.what()),
            "the API token lacks Datastore.Audit or Datastore.AllocateSpace on /storage/local");
}

TEST(ClientErrorTest, Forbidden403WithoutPathNamesTheRequest) {
  pve::Error error = get_error(
      {{"GET /api2/json/cluster/resources",
        ScriptedResponse::error(403, "Permission check failed",
                                R"({"data":null,"message":"Permission check failed\n"})")}},
      "/cluster/resources");
  EXPECT_EQ(std::string(error.what()),
            "permission denied for API token root@pam!mcpserver on GET /cluster/resources: "
            "Permission check failed");
}

TEST(ClientErrorTest, BadRequest400ListsTheParameterErrors) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/qemu/x/status/current",
        ScriptedResponse::error(
            400, "Parameter verification failed.",
            R"({"data":null,"errors":{"vmid":"type check ('integer') failed - got 'x'"},"message":"Parameter verification failed.\n"})")}},
      "/nodes/pve1/qemu/x/status/current");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kBadRequest);
  EXPECT_EQ(error.status(), 400);
  EXPECT_EQ(error.pve_message(), "Parameter verification failed.");
  EXPECT_EQ(std::string(error.what()),
            "Parameter verification failed: vmid: type check ('integer') failed - got 'x'");
  EXPECT_EQ(
      error.errors(),
      (std::map<std::string, std::string>{{"vmid", "type check ('integer') failed - got 'x'"}}));
}

TEST(ClientErrorTest, BadRequest400JoinsSeveralAndMultiLineErrors) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/tasks",
        ScriptedResponse::error(
            400, "Parameter verification failed.",
            R"({"data":null,"errors":{"limit":"value must have a minimum value of 0","net0":"invalid format\nbridge: value does not match"},"message":"Parameter verification failed.\n"})")}},
      "/nodes/pve1/tasks");
  EXPECT_EQ(std::string(error.what()),
            "Parameter verification failed: limit: value must have a minimum value of 0; net0: "
            "invalid format bridge: value does not match");
  EXPECT_EQ(error.errors().size(), 2u);
}

TEST(ClientErrorTest, NodeOffline595NamesTheNode) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve3/qemu", ScriptedResponse::error(595, "No route to host")}},
      "/nodes/pve3/qemu");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNodeOffline);
  EXPECT_EQ(error.status(), 595);
  EXPECT_EQ(error.pve_message(), "No route to host");
  EXPECT_EQ(std::string(error.what()),
            "node pve3 is offline or unreachable (HTTP 595: No route to host)");
}

TEST(ClientErrorTest, Proxy596OtherThanUnknownNodeIsOffline) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve3/lxc", ScriptedResponse::error(596, "Connection timed out")}},
      "/nodes/pve3/lxc");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNodeOffline);
  EXPECT_EQ(std::string(error.what()),
            "node pve3 is offline or unreachable (HTTP 596: Connection timed out)");
}

TEST(ClientErrorTest, UnknownNode596ListsNodesAndSuggestsTheRightCase) {
  ScriptedServer server({{"GET /api2/json/nodes/PVE1/qemu",
                          ScriptedResponse::error(596, "no such cluster node 'PVE1'")},
                         {"GET /api2/json/nodes", ScriptedResponse::json(kNodes)}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/nodes/PVE1/qemu"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(error.status(), 596);
  EXPECT_EQ(error.pve_message(), "no such cluster node 'PVE1'");
  EXPECT_EQ(std::string(error.what()),
            "node 'PVE1' not found; cluster nodes: pve1, pve2, pve3 (did you mean 'pve1'?)");
  ASSERT_EQ(server.server().requests().size(), 2u);
  EXPECT_EQ(server.server().requests()[1].target, "/api2/json/nodes");
}

TEST(ClientErrorTest, UnknownNodeHostnameLookupSuggestsTheShortName) {
  ScriptedServer server(
      {{"GET /api2/json/nodes/pve1.example.com/status",
        ScriptedResponse::error(
            500,
            "hostname lookup 'pve1.example.com' failed - failed to get address info for: "
            "pve1.example.com: Name or service not known",
            R"({"data":null,"message":"hostname lookup 'pve1.example.com' failed - failed to get address info for: pve1.example.com: Name or service not known\n"})")},
       {"GET /api2/json/nodes", ScriptedResponse::json(kNodes)}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/nodes/pve1.example.com/status"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()),
            "node 'pve1.example.com' not found; cluster nodes: pve1, pve2, pve3 (did you mean "
            "'pve1'?)");
}

TEST(ClientErrorTest, UnknownNodeWithoutAMatchListsTheNodes) {
  ScriptedServer server({{"GET /api2/json/nodes/zeus/qemu",
                          ScriptedResponse::error(596, "no such cluster node 'zeus'")},
                         {"GET /api2/json/nodes", ScriptedResponse::json(kNodes)}});
  pve::Client client(server.options());
  EXPECT_EQ(std::string(catch_error([&] { client.get("/nodes/zeus/qemu"); }).what()),
            "node 'zeus' not found; cluster nodes: pve1, pve2, pve3");
}

TEST(ClientErrorTest, UnknownNodeWhenNodesCannotBeListed) {
  ScriptedServer server(
      {{"GET /api2/json/nodes/PVE1/qemu",
        ScriptedResponse::error(596, "no such cluster node 'PVE1'")},
       {"GET /api2/json/nodes", ScriptedResponse::error(403, "Permission check failed")}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/nodes/PVE1/qemu"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()),
            "node 'PVE1' not found (HTTP 596: no such cluster node 'PVE1')");
}

TEST(ClientErrorTest, MissingVmConfigIsNotFound) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/qemu/999/status/current",
        ScriptedResponse::error(
            500, "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
            R"({"data":null,"message":"Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n"})")}},
      "/nodes/pve1/qemu/999/status/current");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(error.status(), 500);
  EXPECT_EQ(error.pve_message(),
            "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist");
  EXPECT_EQ(std::string(error.what()), "VM 999 not found on node pve1");
}

TEST(ClientErrorTest, MissingContainerConfigIsNotFound) {
  pve::Error error =
      get_error({{"GET /api2/json/nodes/pve1/lxc/999/config",
                  ScriptedResponse::error(
                      500, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist")}},
                "/nodes/pve1/lxc/999/config");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()), "CT 999 not found on node pve1");
}

TEST(ClientErrorTest, OtherDoesNotExistIsNotFoundWithPveWords) {
  pve::Error error = get_error(
      {{"GET /api2/json/nodes/pve1/qemu/100/snapshot/nope/config",
        ScriptedResponse::error(500, "snapshot 'nope' does not exist",
                                R"({"data":null,"message":"snapshot 'nope' does not exist\n"})")}},
      "/nodes/pve1/qemu/100/snapshot/nope/config");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()), "snapshot 'nope' does not exist");
}

TEST(ClientErrorTest, ServerError500KeepsPveMessage) {
  pve::Error error =
      get_error({{"GET /api2/json/nodes/pve1/qemu/100/config",
                  ScriptedResponse::error(500, "VM is locked (backup)",
                                          R"({"data":null,"message":"VM is locked (backup)\n"})")}},
                "/nodes/pve1/qemu/100/config");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kServer);
  EXPECT_EQ(std::string(error.what()), "VM is locked (backup)");
}

TEST(ClientErrorTest, NotImplemented501UsesTheStatusLine) {
  pve::Error error = get_error({}, "/nodes/pve1/foo");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotImplemented);
  EXPECT_EQ(error.status(), 501);
  EXPECT_EQ(error.pve_message(), "Method 'GET /api2/json/nodes/pve1/foo' not implemented");
  EXPECT_EQ(std::string(error.what()),
            "this Proxmox VE server does not support GET /nodes/pve1/foo (HTTP 501: Method 'GET "
            "/api2/json/nodes/pve1/foo' not implemented)");
}

TEST(ClientErrorTest, NotFound404) {
  pve::Error error =
      get_error({{"GET /api2/json/nodes/pve1/x", ScriptedResponse::error(404, "Not Found")}},
                "/nodes/pve1/x");
  EXPECT_EQ(error.kind(), pve::ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()), "not found: GET /nodes/pve1/x (HTTP 404: Not Found)");
}

TEST(ClientErrorTest, NonJsonBodyIsAProtocolError) {
  ScriptedServer server({{"GET /api2/json/version", ScriptedResponse::json("<html>proxy</html>")}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kProtocol);
  EXPECT_EQ(std::string(error.what()),
            "Proxmox at 127.0.0.1:" + std::to_string(server.server().port()) +
                " sent a response to GET /version that is not valid JSON: '<html>proxy</html>'");
}

TEST(ClientErrorTest, JsonWithoutDataIsAProtocolError) {
  ScriptedServer server({{"GET /api2/json/version", ScriptedResponse::json(R"({"result":1})")}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kProtocol);
  EXPECT_EQ(std::string(error.what()),
            "Proxmox at 127.0.0.1:" + std::to_string(server.server().port()) +
                " sent a response to GET /version without a 'data' field");
}

TEST(ClientErrorTest, TruncatedBodyIsAProtocolError) {
  ScriptedResponse truncated = ScriptedResponse::json(R"({"data":{"version":"8.4")");
  truncated.action = ScriptedResponse::Action::kTruncateBody;
  ScriptedServer server({{"GET /api2/json/version", truncated}});
  pve::Client client(server.options());
  pve::Error error = catch_error([&] { client.get("/version"); });
  EXPECT_EQ(error.kind(), pve::ErrorKind::kProtocol);
  EXPECT_EQ(std::string(error.what())
                .rfind("Proxmox at 127.0.0.1:" + std::to_string(server.server().port()) +
                           " sent a broken or truncated response to GET /version (",
                       0),
            0u)
      << error.what();
}

}  // namespace
}  // namespace pve_test

namespace pve_test {
namespace {

constexpr std::array<std::string_view, 2> kRowKeys = {"vmid", "name"};

// A list read as rows while it is parsed fails exactly as the document reading does.
TEST(ClientRowsTest, AnAnswerThatIsNotAnEnvelopeFailsAsGetDoes) {
  for (const std::string body : {"<html>proxy</html>", R"({"result":1})", R"({"data":[{"vmid":)"}) {
    ScriptedServer server({{"GET /api2/json/cluster/resources", ScriptedResponse::json(body)}});
    pve::Client client(server.options());
    const pve::Error by_document = catch_error([&] { client.get("/cluster/resources"); });
    const pve::Error by_rows =
        catch_error([&] { client.get_rows("/cluster/resources", {}, kRowKeys); });
    EXPECT_EQ(by_rows.kind(), pve::ErrorKind::kProtocol) << body;
    EXPECT_EQ(std::string(by_rows.what()), std::string(by_document.what())) << body;
  }
}

TEST(ClientRowsTest, RowsOfAListAndNoneOfAnObject) {
  ScriptedServer server(
      {{"GET /api2/json/cluster/resources?type=vm",
        ScriptedResponse::json(R"({"data":[{"vmid":100,"name":"web","cpu":0.1}]})")},
       {"GET /api2/json/version", ScriptedResponse::json(R"({"data":{"version":"9.0"}})")}});
  pve::Client client(server.options());
  EXPECT_EQ(client.get_rows("/cluster/resources", {{"type", "vm"}}, kRowKeys),
            (std::vector<pve::Row>{{100, "web"}}));
  EXPECT_EQ(client.get_rows("/version", {}, kRowKeys), std::nullopt);
}

}  // namespace
}  // namespace pve_test
