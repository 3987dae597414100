// The scope settings: parsing IDs, ranges, node names and tags, and what they let through.
#include <gtest/gtest.h>

#include "policy/scope.h"

namespace policy {
namespace {

TEST(Scope, IdsAndRangesParseAndMatch) {
  const IdRangesParse parsed = parse_id_ranges("100-199, 250\n300");
  ASSERT_EQ(parsed.problem, "");
  const Scope scope{.vmids = parsed.ranges};
  EXPECT_TRUE(scope.vmid_in(100));
  EXPECT_TRUE(scope.vmid_in(199));
  EXPECT_TRUE(scope.vmid_in(250));
  EXPECT_FALSE(scope.vmid_in(200));
  EXPECT_FALSE(scope.vmid_in(99));
  EXPECT_EQ(scope.vmids_text(), "100-199, 250, 300");
  EXPECT_TRUE(Scope{}.vmid_in(5000));  // nothing given: no limit
}

TEST(Scope, ABadIdOrRangeIsNamed) {
  for (const char* text : {"abc", "99", "1000000000", "200-100", "100-", "-5", "100-x", "1e3"}) {
    const IdRangesParse parsed = parse_id_ranges(text);
    EXPECT_EQ(parsed.problem, "'" + std::string(text) +
                                  "' is not a guest ID (100–999999999) or a range of them "
                                  "(100-199)")
        << text;
    EXPECT_TRUE(parsed.ranges.empty());
  }
}

TEST(Scope, TheFourSettingsParseWithTheVariableInTheirProblem) {
  ScopeParse parsed = parse_scope("pve1 pve2", "100-110", "105", "Prod, db");
  ASSERT_EQ(parsed.problem, "");
  EXPECT_EQ(parsed.scope.nodes_text(), "pve1, pve2");
  EXPECT_TRUE(parsed.scope.protected_id(105));
  EXPECT_FALSE(parsed.scope.protected_id(106));
  EXPECT_EQ(parsed.scope.protected_tags, (std::vector<std::string>{"prod", "db"}));
  EXPECT_EQ(parse_scope("pve1", "", "x", "").problem,
            "PROXMOX_PROTECTED_VMIDS: 'x' is not a guest ID (100–999999999) or a range of them "
            "(100-199)");
  EXPECT_EQ(parse_scope("pve1", "0", "", "").problem.substr(0, 19), "PROXMOX_VMIDS: '0' ");
  EXPECT_EQ(parse_scope("pve/1", "", "", "").problem, "PROXMOX_NODES: 'pve/1' is not a node name");
}

TEST(Scope, TagsMatchAsProxmoxListsThemWithoutCase) {
  const Scope scope = parse_scope("", "", "", "prod").scope;
  EXPECT_EQ(scope.protected_tag("web;PROD"), "prod");
  EXPECT_EQ(scope.protected_tag("web,prod"), "prod");
  EXPECT_EQ(scope.protected_tag("web prod"), "prod");
  EXPECT_FALSE(scope.protected_tag("production;web"));
  EXPECT_FALSE(scope.protected_tag(""));
  EXPECT_TRUE(scope.protects());
  EXPECT_FALSE(Scope{}.protects());
}

TEST(Scope, NodesLimitOnlyWhenGiven) {
  const Scope scope = parse_scope("pve1", "", "", "").scope;
  EXPECT_TRUE(scope.node_in("pve1"));
  EXPECT_FALSE(scope.node_in("pve2"));
  EXPECT_FALSE(scope.node_in("PVE1"));  // Proxmox node names are compared as they are
  EXPECT_TRUE(Scope{}.node_in("anything"));
}

// Proxmox lists tags ';'-separated; older configs and people use ',' or blanks.
TEST(GuestTags, ListedAsWrittenAndMatchedWithoutCase) {
  EXPECT_EQ(guest_tags("web;Prod, db  x"), (std::vector<std::string>{"web", "Prod", "db", "x"}));
  EXPECT_TRUE(guest_tags("").empty());
  EXPECT_TRUE(has_tag("web;Prod", "prod"));
  EXPECT_FALSE(has_tag("web;production", "prod"));
  EXPECT_FALSE(has_tag("", "prod"));
}

}  // namespace
}  // namespace policy
