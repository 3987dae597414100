// The pure parts of the answer mapping: node names in paths, unknown-node detection, suggestions.
#include "pve/response.h"

#include <gtest/gtest.h>

namespace pve {
namespace {

TEST(NodeOfPathTest, TakesTheDecodedSegmentAfterNodes) {
  EXPECT_EQ(node_of_path("/nodes/pve3/qemu"), "pve3");
  EXPECT_EQ(node_of_path("/nodes/pve3"), "pve3");
  EXPECT_EQ(node_of_path("/nodes/pve%201/status"), "pve 1");
  EXPECT_EQ(node_of_path("/nodes"), "");
  EXPECT_EQ(node_of_path("/cluster/resources"), "");
}

TEST(SuggestNodeTest, MatchesCaseAndShortNameOfAnFqdn) {
  const std::vector<std::string> nodes{"pve1", "pve2", "Pve-Backup"};
  EXPECT_EQ(suggest_node("PVE1", nodes), "pve1");
  EXPECT_EQ(suggest_node("pve2.example.com", nodes), "pve2");
  EXPECT_EQ(suggest_node("PVE-BACKUP.lan", nodes), "Pve-Backup");
  EXPECT_EQ(suggest_node("pve9", nodes), std::nullopt);
  EXPECT_EQ(suggest_node("", nodes), std::nullopt);
  EXPECT_EQ(suggest_node("pve1", {}), std::nullopt);
}

TEST(UnknownNodeTest, RecognisesOnlyTheUnknownNodeAnswers) {
  const RequestInfo nodes_request{"GET", "/nodes/PVE1/qemu", "h:8006", "root@pam!t"};
  EXPECT_EQ(unknown_node(nodes_request, {596, "no such cluster node 'PVE1'", ""}), "PVE1");
  EXPECT_EQ(unknown_node(nodes_request, {596, "Connection timed out", ""}), std::nullopt);
  EXPECT_EQ(unknown_node(nodes_request, {595, "no such cluster node 'PVE1'", ""}), std::nullopt);
  EXPECT_EQ(
      unknown_node(nodes_request,
                   {500, "x", R"({"data":null,"message":"hostname lookup 'PVE1' failed - x\n"})"}),
      "PVE1");
  // Without a node in the path, the name comes from PVE's message.
  const RequestInfo cluster_request{"GET", "/cluster/resources", "h:8006", "root@pam!t"};
  EXPECT_EQ(unknown_node(cluster_request, {596, "no such cluster node 'pve7'", ""}), "pve7");
}

TEST(NodeNotFoundTest, SaysWhenTheNodesCouldNotBeListed) {
  Error error = node_not_found("PVE1", std::nullopt, {596, "no such cluster node 'PVE1'", ""});
  EXPECT_EQ(error.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(std::string(error.what()),
            "node 'PVE1' not found (HTTP 596: no such cluster node 'PVE1')");
  Error exact = node_not_found("pve1", std::vector<std::string>{"pve1"}, {596, "", ""});
  // A suggestion equal to the name asked for would be noise.
  EXPECT_EQ(std::string(exact.what()), "node 'pve1' not found; cluster nodes: pve1");
}

// A hostile server can put CR, LF or other control characters in any text it sends; every error
// text stays one line.
TEST(HttpErrorTest, LineBreaksFromTheServerNeverReachTheErrorText) {
  const RequestInfo request{"GET", "/nodes/pve1/qemu/100/status/current", "h:8006", "root@pam!t"};
  auto text = [&](int status, std::string reason, std::string body) {
    return std::string(http_error(request, {status, std::move(reason), std::move(body)}).what());
  };
  EXPECT_EQ(text(500, "x", R"({"data":null,"message":"disk\rfull"})"), "disk; full");
  EXPECT_EQ(text(500, "bad\r\x0bthing", ""), "bad; thing");
  EXPECT_EQ(text(403, "x",
                 R"j({"data":null,"message":"Permission check failed (/vms/100, VM.Audit\nx)"})j"),
            "permission denied for API token root@pam!t on GET "
            "/nodes/pve1/qemu/100/status/current: Permission check failed (/vms/100, VM.Audit; "
            "x)");
  EXPECT_EQ(text(400, "x", R"({"data":null,"errors":{"a\nb":"c\rd"}})"), "x: a b: c d");
  EXPECT_EQ(text(500, "x",
                 R"({"data":null,"message":"Configuration file 'nodes/p\nx/qemu-server/9.conf' )"
                 R"(does not exist"})"),
            "Configuration file 'nodes/p; x/qemu-server/9.conf' does not exist");
  const RequestInfo cluster{"GET", "/cluster/resources", "h:8006", "root@pam!t"};
  EXPECT_EQ(unknown_node(cluster,
                         {500, "x", R"({"data":null,"message":"hostname lookup 'a\rb' failed"})"}),
            std::nullopt);
  EXPECT_EQ(unknown_node(cluster, {596, "no such cluster node 'pve7\x0b' x", ""}), "pve7");
  EXPECT_EQ(std::string(node_not_found("x", std::vector<std::string>{"pve1", "a\nb"}).what()),
            "node 'x' not found; cluster nodes: pve1");
}

}  // namespace
}  // namespace pve
