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

}  // namespace
}  // namespace pve
