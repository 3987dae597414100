#include <gtest/gtest.h>

#include "policy/api_writes.h"
#include "policy/policy.h"

namespace policy {
namespace {

ApiPattern pattern(std::string_view text) {
  std::string why;
  std::optional<ApiPattern> p = ApiPattern::parse(text, why);
  EXPECT_TRUE(p) << text << ": " << why;
  return p.value_or(*ApiPattern::parse("GET /x", why));
}

std::string problem(std::string_view text) {
  std::string why;
  EXPECT_FALSE(ApiPattern::parse(text, why)) << text;
  return why;
}

TEST(ApiPattern, SegmentsMatchLiterallyOneByOneOrTheRest) {
  const ApiPattern config = pattern("POST|PUT /nodes/*/qemu|lxc/*/config");
  EXPECT_TRUE(config.matches("PUT", "/nodes/pve1/lxc/100/config"));
  EXPECT_TRUE(config.matches("POST", "/nodes/pve1/qemu/100/config"));
  EXPECT_FALSE(config.matches("DELETE", "/nodes/pve1/qemu/100/config"));
  EXPECT_FALSE(config.matches("POST", "/nodes/pve1/qemu/100/config/x"));
  EXPECT_FALSE(config.matches("POST", "/nodes/pve1/qemu/100"));
  EXPECT_FALSE(config.matches("POST", "/nodes/pve1/openvz/100/config"));
  EXPECT_FALSE(config.matches("POST", "/nodes//qemu/100/config"));  // * is never empty

  const ApiPattern ha = pattern("DELETE /cluster/ha/**");
  EXPECT_TRUE(ha.matches("DELETE", "/cluster/ha"));
  EXPECT_TRUE(ha.matches("DELETE", "/cluster/ha/resources/vm%3A100"));
  EXPECT_FALSE(ha.matches("DELETE", "/cluster/hax/resources"));
  EXPECT_FALSE(ha.matches("DELETE", "/cluster"));
}

// The path sent is percent-encoded; a pattern written as a person reads the value matches it.
TEST(ApiPattern, LiteralsAreComparedAsTheyAreSent) {
  const ApiPattern ha = pattern("DELETE /cluster/ha/resources/vm:100|ct%3a101");
  EXPECT_TRUE(ha.matches("DELETE", "/cluster/ha/resources/vm%3A100"));
  EXPECT_TRUE(ha.matches("DELETE", "/cluster/ha/resources/ct%3A101"));
  EXPECT_FALSE(ha.matches("DELETE", "/cluster/ha/resources/vm%3A1000"));
  EXPECT_EQ(problem("DELETE /cluster/ha/resources/vm%3"),
            "path segment 'vm%3' has a % that starts no %XX escape");
}

TEST(ApiPattern, ExcludedParametersFollowThePath) {
  const ApiPattern backup = pattern("POST /nodes/*/vzdump  !prune-backups !remove");
  EXPECT_TRUE(backup.matches("POST", "/nodes/pve1/vzdump"));
  EXPECT_EQ(backup.unmet({"vmid", "storage"}), std::nullopt);
  EXPECT_EQ(backup.unmet({"vmid", "remove"}), "with 'remove'");
  EXPECT_EQ(backup.request_text(), "POST /nodes/*/vzdump");
  EXPECT_EQ(pattern("POST /nodes/*/vzdump").request_text(), "POST /nodes/*/vzdump");
  EXPECT_EQ(problem("POST /nodes/*/vzdump prune-backups"),
            "'prune-backups' after the path must be !parameter (excluded), +parameter "
            "(required) or ?parameter (allowed; then no other is)");
  EXPECT_EQ(problem("POST /nodes/*/vzdump !"),
            "'!' after the path must be !parameter (excluded), +parameter (required) or "
            "?parameter (allowed; then no other is)");
}

TEST(ApiPattern, ABadPatternSaysWhatIsWrong) {
  EXPECT_EQ(problem("/nodes"), "must be METHOD /path, e.g. POST /nodes/*/qemu/*/migrate");
  EXPECT_EQ(problem("PATCH /nodes"), "method 'PATCH' is not GET, POST, PUT or DELETE");
  EXPECT_EQ(problem("POST nodes"), "the path must start with / and name at least one segment");
  EXPECT_EQ(problem("POST /nodes/"), "the path must start with / and name at least one segment");
  EXPECT_EQ(problem("POST /nodes/p*/qemu"),
            "path segment 'p*' must be a name, * (one segment), a|b (either), or a final **");
  EXPECT_EQ(problem("POST /**/qemu"),
            "path segment '**' must be a name, * (one segment), a|b (either), or a final **");
  EXPECT_EQ(problem("POST /nodes//qemu"),
            "path segment '' must be a name, * (one segment), a|b (either), or a final **");
}

TEST(ApiPattern, EveryDefaultParses) {
  for (const DefaultApiWrite& write : default_api_writes()) {
    std::string why;
    EXPECT_TRUE(ApiPattern::parse(write.pattern, why)) << write.pattern << ": " << why;
    EXPECT_TRUE(!write.tools.empty() || !write.allows) << write.pattern;
  }
}

TEST(ApiPattern, AllowedParametersAreTheOnlyOnes) {
  const ApiPattern backup = pattern("POST  /nodes/*/vzdump +vmid ?storage ?mode");
  EXPECT_EQ(backup.unmet({"vmid", "storage"}), std::nullopt);
  EXPECT_EQ(backup.unmet({"vmid", "storage", "maxfiles"}), "with 'maxfiles'");
  EXPECT_EQ(backup.unmet({"storage"}), "without 'vmid'");
  EXPECT_EQ(backup.request_text(), "POST /nodes/*/vzdump");
}

TEST(ApiPattern, RequiredParametersFollowThePath) {
  const ApiPattern restore = pattern("POST /nodes/*/qemu +archive !force");
  EXPECT_EQ(restore.unmet({"vmid", "archive"}), std::nullopt);
  EXPECT_EQ(restore.unmet({"vmid"}), "without 'archive'");
  EXPECT_EQ(restore.unmet({"archive", "force"}), "with 'force'");
  EXPECT_EQ(problem("POST /nodes/*/qemu +"),
            "'+' after the path must be !parameter (excluded), +parameter (required) or "
            "?parameter (allowed; then no other is)");
}

TEST(ApiWrites, TheEnvironmentListIsCommaOrLineSeparated) {
  ApiWritesParse parsed = parse_api_writes(" POST /cluster/ha/resources ,\nDELETE /pools/*\n");
  EXPECT_EQ(parsed.problem, "");
  ASSERT_EQ(parsed.patterns.size(), 2U);
  EXPECT_EQ(parsed.patterns[0].text(), "POST /cluster/ha/resources");
  EXPECT_EQ(parsed.patterns[1].text(), "DELETE /pools/*");
  EXPECT_TRUE(parse_api_writes("").patterns.empty());
  parsed = parse_api_writes("POST /pools, PUT pools");
  EXPECT_EQ(parsed.problem,
            "pattern 'PUT pools': the path must start with / and name at least one segment");
  EXPECT_TRUE(parsed.patterns.empty());
}

TEST(ApiCallRefusal, ReadsAlwaysChangesOnlyElevatedAndAllowed) {
  const Policy basic(Settings{.mode = Mode::basic});
  EXPECT_EQ(basic.api_call_refusal("GET", "/cluster/resources", {}), std::nullopt);
  EXPECT_EQ(basic.api_call_refusal("POST", "/nodes/pve1/qemu/100/status/start", {}),
            "POST /nodes/pve1/qemu/100/status/start changes the cluster: proxmox_api_call sends "
            "only GET in basic mode. Set PROXMOX_ALLOW_ELEVATED=true (or start the server with "
            "--elevated) and restart it.");

  const Policy elevated(Settings{.mode = Mode::elevated});
  EXPECT_EQ(elevated.api_call_refusal("POST", "/nodes/pve1/qemu/100/status/start", {}),
            std::nullopt);
  EXPECT_EQ(elevated.api_call_refusal("POST", "/nodes/pve1/qemu/100/migrate", {}), std::nullopt);
  EXPECT_EQ(elevated.api_call_refusal("DELETE", "/nodes/pve1/lxc/101/snapshot/before", {}),
            std::nullopt);
  EXPECT_EQ(elevated.api_call_refusal("POST", "/cluster/ha/resources", {}),
            "POST /cluster/ha/resources is not among the API changes this server allows (what "
            "its own write tools send, plus PROXMOX_API_ALLOW). To allow it, add a pattern such "
            "as 'POST /cluster/ha/**' (* is one path segment, ** the rest) to PROXMOX_API_ALLOW "
            "and restart the server.");
  // Storage content: a pattern cannot tell a backup from a guest's disk.
  EXPECT_NE(elevated.api_call_refusal("DELETE", "/nodes/pve1/storage/local/content/x", {}),
            std::nullopt);

  // A default pattern that fits the path but not a parameter says which parameter.
  EXPECT_EQ(elevated.api_call_refusal("POST", "/nodes/pve1/vzdump", {"vmid", "prune-backups"}),
            "POST /nodes/pve1/vzdump with 'prune-backups' is not among the API changes this "
            "server allows ('POST /nodes/*/vzdump ?vmid ?storage ?mode ?compress ?notes-template "
            "?protected' excludes it). To allow it, add 'POST /nodes/*/vzdump' to "
            "PROXMOX_API_ALLOW and restart the server.");
  // Every other way of pruning or of reaching other guests' backups: maxfiles (pruning under
  // its old name), stop (ends running backup jobs), all and pool (every guest).
  for (const char* name : {"maxfiles", "stop", "all", "pool", "remove", "script"}) {
    EXPECT_NE(elevated.api_call_refusal("POST", "/nodes/pve1/vzdump", {"vmid", name}), std::nullopt)
        << name;
  }
  EXPECT_EQ(elevated.api_call_refusal(
                "POST", "/nodes/pve1/vzdump",
                {"compress", "mode", "notes-template", "protected", "storage", "vmid"}),
            std::nullopt);
  EXPECT_EQ(elevated.api_call_refusal("POST", "/nodes/pve1/vzdump", {"vmid", "storage"}),
            std::nullopt);
  EXPECT_NE(
      elevated.api_call_refusal("POST", "/nodes/pve1/qemu/100/move_disk", {"disk", "target-vmid"}),
      std::nullopt);
  const Policy pruning(Settings{.mode = Mode::elevated,
                                .api_writes = parse_api_writes("POST /nodes/*/vzdump").patterns});
  EXPECT_EQ(pruning.api_call_refusal("POST", "/nodes/pve1/vzdump", {"vmid", "prune-backups"}),
            std::nullopt);

  const Policy opened(Settings{.mode = Mode::elevated,
                               .api_writes = parse_api_writes("POST /cluster/ha/**").patterns});
  EXPECT_EQ(opened.api_call_refusal("POST", "/cluster/ha/resources", {}), std::nullopt);
  EXPECT_NE(opened.api_call_refusal("DELETE", "/cluster/ha/resources/vm%3A100", {}), std::nullopt);
}

}  // namespace
}  // namespace policy
