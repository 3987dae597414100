// The shared arguments: the Proxmox identifier rules, a task's wait and timeout, value readers.
#include "tools/common_args.h"

#include <gtest/gtest.h>

namespace tools::typed {
namespace {

using nlohmann::json;

struct Target {
  std::string node;
  std::int64_t vmid = 0;
  std::string storage;
  std::optional<std::string> pool;

  static auto fields() {
    return std::tuple{typed::node(&Target::node), typed::vmid(&Target::vmid),
                      typed::storage(&Target::storage).or_default("local"),
                      field(&Target::pool, "pool").checked(pool_id)};
  }
};

std::string refusal(const json& arguments) {
  try {
    parse<Target>(arguments);
  } catch (const ArgError& e) {
    return e.what();
  }
  return "(accepted)";
}

json with(const std::string& key, const json& value) {
  json a = {{"node", "pve1"}, {"vmid", 100}};
  a[key] = value;
  return a;
}

TEST(CommonArgs, VmidIsAnIntegerOrNumericStringInProxmoxsRange) {
  EXPECT_EQ(parse<Target>(with("vmid", "101")).vmid, 101);
  EXPECT_EQ(parse<Target>(with("vmid", 102.0)).vmid, 102);
  EXPECT_EQ(parse<Target>(with("vmid", 999999999)).vmid, 999999999);
  const std::string range =
      "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
      "numeric string)";
  for (const json& bad : {json(99), json(1000000000), json(-100)}) {
    EXPECT_EQ(refusal(with("vmid", bad)), range) << bad;
  }
  for (const json& bad :
       {json("100abc"), json("1e3"), json(100.5), json("99999999999999999999999"), json::array()}) {
    EXPECT_EQ(refusal(with("vmid", bad)), "Invalid argument 'vmid': must be an integer") << bad;
  }
  EXPECT_EQ(refusal(json{{"node", "pve1"}}), "Invalid argument 'vmid': is required");
}

TEST(CommonArgs, NodeIsADnsLabelSoItCannotLeaveItsUrlSegment) {
  EXPECT_EQ(parse<Target>(with("node", "node-a1")).node, "node-a1");
  const std::string rule =
      "Invalid argument 'node': must be a node name (letters, digits and inner hyphens, at most "
      "63 characters)";
  for (const std::string& bad :
       std::vector<std::string>{"pve_1", "-pve", "pve1/../../cluster", std::string(64, 'a'), ""}) {
    EXPECT_EQ(refusal(with("node", bad)), rule) << bad;
  }
  EXPECT_EQ(refusal(with("node", 5)), "Invalid argument 'node': must be a string");
  EXPECT_EQ(refusal(json{{"vmid", 100}}), "Invalid argument 'node': is required");
}

TEST(CommonArgs, StorageAndPoolIdsFollowProxmoxsFormats) {
  EXPECT_EQ(parse<Target>(with("vmid", 100)).storage, "local");
  EXPECT_EQ(parse<Target>(with("storage", "nfs.backup_1")).storage, "nfs.backup_1");
  const std::string rule =
      "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, '-', "
      "'_' or '.')";
  EXPECT_EQ(refusal(with("storage", "../etc")), rule);
  EXPECT_EQ(refusal(with("storage", "1local")), rule);
  EXPECT_EQ(parse<Target>(with("pool", "prod/web")).pool, "prod/web");
  EXPECT_EQ(refusal(with("pool", "a/b/c/d")),
            "Invalid argument 'pool': must be a pool ID (letters, digits, '-', '_' or '.'; nested "
            "pools as parent/child, at most 3 levels)");
}

TEST(CommonArgs, NullArgumentsMeanNothingGiven) {
  EXPECT_EQ(refusal(json()), "Invalid argument 'node': is required");
  EXPECT_FALSE(parse<Target>(with("pool", nullptr)).pool.has_value());
}

TEST(CommonArgs, TaskWaitDefaultsToWaitingAndBoundsTheTimeout) {
  using Wait = TaskWait<120>;
  const FollowOptions defaults = parse<Wait>(json::object()).follow();
  EXPECT_TRUE(defaults.wait);
  EXPECT_EQ(defaults.timeout, std::chrono::seconds(120));
  const FollowOptions given = parse<Wait>(json{{"wait", "false"}, {"timeout", "30"}}).follow();
  EXPECT_FALSE(given.wait);
  EXPECT_EQ(given.timeout, std::chrono::seconds(30));
  for (const json& bad : {json(3601), json(-1)}) {
    EXPECT_THROW(parse<Wait>(json{{"timeout", bad}}), ArgError);
  }
  // Every task tool takes both; the instructions say so once instead of 44 schemas.
  EXPECT_EQ(schema<Wait>(), json::parse(R"({"type": "object", "properties": {}})"));
}

TEST(CommonArgs, ValuesAsModelsSendThem) {
  EXPECT_EQ(args::integer_value(json("5")), 5);
  EXPECT_EQ(args::integer_value(json(1e300)), std::nullopt);
  EXPECT_EQ(args::boolean_value(json("0")), false);
  EXPECT_EQ(args::boolean_value(json(1)), true);
  EXPECT_EQ(args::boolean_value(json("yes")), std::nullopt);
  EXPECT_EQ(listed_in(std::vector<std::string_view>{"a", "b"}, "c"), "must be one of: a, b");
}

}  // namespace
}  // namespace tools::typed
