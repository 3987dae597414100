// Guest tags against pve-sim: proxmox_set_tags adds and removes them in one config change
// (nothing sent when the guest already has them as asked), the scope's protected tags hold, and
// proxmox_get_vms lists the guests with a tag.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class GuestTags : public WriteSimTest {
 protected:
  std::string tags(const std::string& node, const std::string& type, int vmid) {
    return config(node, type, vmid).value("tags", "");
  }
};

TEST_F(GuestTags, AddAndRemoveInOneChangeTheOrderKept) {
  client_->put("/nodes/pve1/qemu/100/config", {{"tags", "web;Prod"}});
  clear();
  auto r = call("proxmox_set_tags",
                {{"node", "pve1"}, {"vmid", 100}, {"add", {"nginx", "PROD"}}, {"remove", {"web"}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(tags("pve1", "qemu", 100), "Prod;nginx");
  EXPECT_EQ(r.structured["tags"], (json{"Prod", "nginx"}));
  EXPECT_EQ(r.structured["previous_tags"], (json{"web", "Prod"}));
  EXPECT_EQ(r.structured["type"], "qemu");
  EXPECT_TRUE(contains(r.text, "• **Tags**: Prod, nginx (was web, Prod)")) << r.text;
  const std::vector<Request> sent = changes();
  ASSERT_FALSE(sent.empty());
  // The type was not given: the cluster's list says it.
  EXPECT_EQ(sent.front(), (Request{"GET", "/cluster/resources", {{"type", "vm"}}}));
  bool put = false;
  for (const Request& request : sent) {
    if (std::get<0>(request) != "PUT") continue;
    put = true;
    EXPECT_EQ(std::get<1>(request), "/nodes/pve1/qemu/100/config");
    const auto& params = std::get<2>(request);
    EXPECT_NE(std::find(params.begin(), params.end(),
                        std::pair<std::string, std::string>{"tags", "Prod;nginx"}),
              params.end());
  }
  EXPECT_TRUE(put);
}

TEST_F(GuestTags, AGuestAlreadyAsAskedIsLeftAloneAndTheLastTagRemovedDeletesTheKey) {
  client_->put("/nodes/pve2/lxc/103/config", {{"tags", "dns"}});
  clear();
  auto r = call("proxmox_set_tags", {{"vmid", "pihole"}, {"add", {"DNS"}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(contains(r.text, "Tags Unchanged")) << r.text;
  for (const Request& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
  r = call("proxmox_set_tags", {{"vmid", 103}, {"remove", {"dns"}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(tags("pve2", "lxc", 103), "");
  EXPECT_EQ(r.structured["tags"], json::array());
}

TEST_F(GuestTags, BadTagsAndNoChangeAreRefusedBeforeAnythingIsSent) {
  EXPECT_EQ(call("proxmox_set_tags", {{"node", "pve1"}, {"vmid", 100}, {"add", {"a;b"}}}).text,
            "Invalid argument 'add': each tag must start with a letter, digit or '_' and continue "
            "with those, '-', '+' or '.' (at most 128 characters)");
  EXPECT_EQ(call("proxmox_set_tags", {{"node", "pve1"}, {"vmid", 100}}).text,
            "Invalid arguments: give add, remove or both (lists of tags)");
  EXPECT_TRUE(requests().empty());
}

TEST_F(GuestTags, AProtectedTagCannotBeTakenOff) {
  policy_ = policy::Policy(
      policy::Settings{.mode = policy::Mode::elevated, .scope = {.protected_tags = {"prod"}}});
  tools_ = tools::make_tools(*client_, policy_);
  client_->put("/nodes/pve1/qemu/100/config", {{"tags", "prod"}});
  clear();
  auto r = call("proxmox_set_tags", {{"vmid", 100}, {"remove", {"prod"}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "its tag 'prod' is in PROXMOX_PROTECTED_TAGS")) << r.text;
  EXPECT_EQ(tags("pve1", "qemu", 100), "prod");
}

TEST_F(GuestTags, TheGuestListShowsTagsAndFiltersByOne) {
  client_->put("/nodes/pve1/qemu/100/config", {{"tags", "web;prod"}});
  client_->put("/nodes/pve2/lxc/103/config", {{"tags", "Prod"}});
  auto r = call("proxmox_get_vms", {{"tag", "prod"}});
  ASSERT_FALSE(r.is_error) << r.text;
  std::vector<std::int64_t> ids;
  for (const json& vm : r.structured["vms"]) ids.push_back(vm["vmid"].get<std::int64_t>());
  // 104 is seeded with the tag "prod".
  EXPECT_EQ(ids, (std::vector<std::int64_t>{100, 103, 104}));
  EXPECT_TRUE(contains(r.text, "   • Tags: web;prod\n")) << r.text;
  r = call("proxmox_get_vms", {{"tag", "nosuch"}});
  EXPECT_TRUE(contains(r.text, "No guests tagged 'nosuch'.")) << r.text;
  EXPECT_EQ(call("proxmox_get_vms", {{"tag", "a b"}}).text,
            "Invalid argument 'tag': each tag must start with a letter, digit or '_' and continue "
            "with those, '-', '+' or '.' (at most 128 characters)");
}

}  // namespace
}  // namespace integration
