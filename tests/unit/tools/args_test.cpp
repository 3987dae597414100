#include "tools/args.h"

#include <gtest/gtest.h>

namespace tools {
namespace {

using nlohmann::json;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ArgError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ArgsVmid, IntegerOrNumericString) {
  EXPECT_EQ(args::vmid(json{{"vmid", 100}}), 100);
  EXPECT_EQ(args::vmid(json{{"vmid", "101"}}), 101);
  EXPECT_EQ(args::vmid(json{{"vmid", 999999999}}), 999999999);
  EXPECT_EQ(args::vmid(json{{"vmid", 102.0}}), 102);
}

TEST(ArgsVmid, RejectsWhatProxmoxWouldReject) {
  const std::string rule =
      "Invalid argument 'vmid': must be a VM ID between 100 and 999999999 (an integer or a "
      "numeric string)";
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", "100abc"}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", 99}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", 1000000000}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", -100}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", "1e3"}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", 100.5}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", "99999999999999999999999"}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json{{"vmid", json::array()}}); }), rule);
  EXPECT_EQ(error_of([] { args::vmid(json::object()); }), "Invalid argument 'vmid': is required");
}

TEST(ArgsNode, DnsLabelOnly) {
  EXPECT_EQ(args::node(json{{"node", "pve1"}}), "pve1");
  EXPECT_EQ(args::node(json{{"node", "node-a1"}}), "node-a1");
  const std::string rule =
      "Invalid argument 'node': must be a node name (letters, digits and inner hyphens, at most "
      "63 characters)";
  EXPECT_EQ(error_of([] { args::node(json{{"node", "pve_1"}}); }), rule);
  EXPECT_EQ(error_of([] { args::node(json{{"node", "-pve"}}); }), rule);
  EXPECT_EQ(error_of([] { args::node(json{{"node", "pve1/../../cluster"}}); }), rule);
  EXPECT_EQ(error_of([] { args::node(json{{"node", std::string(64, 'a')}}); }), rule);
  EXPECT_EQ(error_of([] { args::node(json{{"node", ""}}); }), rule);
  EXPECT_EQ(error_of([] {
              args::node(json{{"node", 5}});
            }),
            "Invalid argument 'node': must be a string");
  EXPECT_EQ(error_of([] { args::node(json()); }), "Invalid argument 'node': is required");
}

TEST(ArgsGuestType, OnlyQemuOrLxcReachThePath) {
  EXPECT_EQ(args::guest_type(json::object(), "type", GuestType::kQemu), GuestType::kQemu);
  EXPECT_EQ(args::guest_type(json{{"type", "lxc"}}, "type", GuestType::kQemu), GuestType::kLxc);
  EXPECT_EQ(error_of([] {
              args::guest_type(json{{"type", "qemu/100/../../x"}}, "type", GuestType::kQemu);
            }),
            "Invalid argument 'type': must be one of: qemu, lxc");
  EXPECT_EQ(guest_type_name(GuestType::kLxc), "lxc");
  EXPECT_EQ(guest_type_label(GuestType::kQemu), "QEMU");
}

TEST(ArgsStorage, PveStorageIdWithDefault) {
  EXPECT_EQ(args::storage(json::object(), "storage", "local"), "local");
  EXPECT_EQ(args::storage(json{{"storage", "local-lvm"}}, "storage", "local"), "local-lvm");
  EXPECT_EQ(args::storage(json{{"storage", "nfs.backup_1"}}, "storage", "local"), "nfs.backup_1");
  EXPECT_EQ(error_of([] {
              args::storage(json{{"storage", "../etc"}}, "storage", "local");
            }),
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')");
  EXPECT_EQ(error_of([] {
              args::storage(json{{"storage", "1local"}}, "storage", "local");
            }),
            "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, "
            "'-', '_' or '.')");
}

TEST(ArgsScalars, BooleanIntegerChoice) {
  EXPECT_TRUE(args::boolean(json{{"wait", true}}, "wait", false));
  EXPECT_FALSE(args::boolean(json{{"wait", "false"}}, "wait", true));
  EXPECT_TRUE(args::boolean(json::object(), "wait", true));
  EXPECT_EQ(error_of([] {
              args::boolean(json{{"wait", "yes"}}, "wait", false);
            }),
            "Invalid argument 'wait': must be true or false");
  EXPECT_EQ(args::integer(json{{"limit", "5"}}, "limit", 10, 1, 100), 5);
  EXPECT_EQ(args::integer(json(), "limit", 10, 1, 100), 10);
  EXPECT_EQ(error_of([] {
              args::integer(json{{"limit", 0}}, "limit", 10, 1, 100);
            }),
            "Invalid argument 'limit': must be an integer between 1 and 100");
  EXPECT_EQ(args::choice(json{{"type", "all"}}, "type", {"qemu", "lxc", "all"}, "all"), "all");
}

TEST(ArgsAbsent, NullArgumentsMeanNothingGiven) {
  EXPECT_FALSE(args::optional_node(json()).has_value());
  EXPECT_FALSE(args::optional_vmid(json{{"vmid", nullptr}}).has_value());
  EXPECT_FALSE(args::optional_string(json::array(), "x").has_value());
}

}  // namespace
}  // namespace tools
