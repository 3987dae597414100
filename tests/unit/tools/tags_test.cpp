// proxmox_set_tags over a scripted API: the protected tags judged on the config it changes.
#include <gtest/gtest.h>

#include "harness.h"

namespace tools::testing {
namespace {

using nlohmann::json;

// The guest list (read by the scope check) shows no tag yet; the config read next has one: a
// protected tag added in between must not be taken off.
TEST(SetTags, AProtectedTagAddedAfterTheScopeCheckStillHolds) {
  Harness h(
      policy::Settings{.mode = policy::Mode::elevated, .scope = {.protected_tags = {"prod"}}});
  h.api.on_get("/cluster/resources",
               json::array({{{"vmid", 100}, {"node", "pve1"}, {"type", "qemu"}, {"tags", ""}}}));
  h.api.on_get("/nodes/pve1/qemu/100/config", {{"tags", "Prod;web"}, {"digest", "d1"}});
  auto r = h.call("proxmox_set_tags",
                  {{"node", "pve1"}, {"vmid", 100}, {"type", "qemu"}, {"remove", {"prod"}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 is protected on this server (its tag 'prod' is in PROXMOX_PROTECTED_TAGS): "
            "refusing to run proxmox_set_tags on it. Only the server's administrator can lift "
            "this, in its settings.");
  for (const Call& c : h.api.calls()) EXPECT_EQ(c.method, "GET") << c.path;
}

}  // namespace
}  // namespace tools::testing
