// proxmox_api_call against pve-sim: what PVE received, what changed, and what never left the
// server (basic mode, the policy, a protected guest, schema errors); big answers bounded.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class ApiCallBasic : public SimTest {};

std::size_t answer_bytes(const mcp::ToolResult& r) {
  return r.text.size() + r.structured.dump().size();
}
class ApiCallElevated : public WriteSimTest {};
class ApiCallLarge : public SimTest {
 protected:
  ApiCallLarge() : SimTest("large") {}
};

TEST_F(ApiCallBasic, AGetReachesTheEndpointWithItsPathFilledIn) {
  auto r = call("proxmox_api_call", {{"method", "GET"},
                                     {"path", "/nodes/{node}/qemu/{vmid}/config"},
                                     {"params", {{"node", "pve1"}, {"vmid", 100}}},
                                     {"fields", {"name", "cores"}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
  const json config = client_->get("/nodes/pve1/qemu/100/config");
  EXPECT_EQ(r.structured["data"],
            (json{{"name", config.at("name")}, {"cores", config.at("cores")}}));
  EXPECT_EQ(r.structured["path"], "/nodes/pve1/qemu/100/config");
}

TEST_F(ApiCallBasic, AChangeIsRefusedInBasicModeAndNothingIsSent) {
  auto r =
      call("proxmox_api_call", {{"method", "POST"}, {"path", "/nodes/pve1/qemu/100/status/stop"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "proxmox_api_call sends only GET in basic mode")) << r.text;
  EXPECT_TRUE(requests().empty());
}

TEST_F(ApiCallBasic, AnEndpointTheSimulatorDoesNotServeAnswersAsProxmoxDoes) {
  auto r = call("proxmox_api_call", {{"method", "GET"}, {"path", "/nodes/pve1/ceph/status"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "not implemented")) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/ceph/status", {}}}));
}

// The task list counts every task while one answer holds `limit` of them: the model is told.
TEST_F(ApiCallBasic, ProxmoxsTotalOfATaskListIsShown) {
  auto r = call("proxmox_api_call", {{"method", "GET"},
                                     {"path", "/nodes/{node}/tasks"},
                                     {"params", {{"node", "pve1"}, {"limit", 2}}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/tasks", {{"limit", "2"}}}}));
  const json envelope = client_->get_envelope("/nodes/pve1/tasks", {{"limit", "2"}});
  const std::int64_t total = envelope.at("total").get<std::int64_t>();
  EXPECT_GT(total, 2);
  EXPECT_EQ(r.structured["proxmox_total"], total);
  EXPECT_EQ(r.structured["data"].size(), 2U);
  EXPECT_TRUE(contains(r.text, "\nProxmox counts " + std::to_string(total) +
                                   " in all: page with params start and limit.\n"))
      << r.text;
}

TEST_F(ApiCallElevated, APostThatStartsATaskIsFollowedToItsEnd) {
  auto r =
      call("proxmox_api_call",
           {{"method", "POST"},
            {"path", "/nodes/{node}/qemu/{vmid}/snapshot"},
            {"params",
             {{"node", "pve1"}, {"vmid", "100"}, {"snapname", "by-api"}, {"vmstate", false}}}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(changes(), (std::vector<Request>{{"POST",
                                              "/nodes/pve1/qemu/100/snapshot",
                                              {{"snapname", "by-api"}, {"vmstate", "0"}}}}));
  EXPECT_EQ(r.structured["status"], "stopped");
  EXPECT_EQ(r.structured["exitstatus"], "OK");
  EXPECT_TRUE(contains(r.text, "🔌 **API Call Done**")) << r.text;
  bool found = false;
  for (const json& s : client_->get("/nodes/pve1/qemu/100/snapshot")) {
    found = found || s.value("name", "") == "by-api";
  }
  EXPECT_TRUE(found);
}

TEST_F(ApiCallElevated, AProtectedGuestIsNotDeletedThroughTheApi) {
  client_->put("/nodes/pve2/qemu/102/config", {{"protection", "1"}});
  clear();
  auto r = call("proxmox_api_call", {{"method", "DELETE"}, {"path", "/nodes/pve2/qemu/102"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 102 is protected (protection=1): refusing to delete it. Remove protection in "
            "Proxmox first if this is intended (Options → Protection, or `qm set 102 "
            "--protection 0`).");
  // Only the guest's config was read.
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/qemu/102/config", {}}}));
  EXPECT_TRUE(exists("pve2", "qemu", 102));
}

TEST_F(ApiCallElevated, SchemaErrorsAndUnallowedChangesSendNothing) {
  auto r = call("proxmox_api_call", {{"method", "POST"},
                                     {"path", "/nodes/pve1/qemu/100/migrate"},
                                     {"params", {{"target", "pve2"}, {"online", "sometimes"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "online: type check ('boolean') failed - got 'sometimes'"))
      << r.text;
  r = call("proxmox_api_call",
           {{"method", "PUT"}, {"path", "/cluster/options"}, {"params", {{"keyboard", "de"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "is not among the API changes this server allows")) << r.text;
  EXPECT_TRUE(requests().empty());
}

// The default patterns allow a backup and a disk move as the write tools make them, not one that
// prunes by rules of its own or hands the disk to another guest.
TEST_F(ApiCallElevated, ParametersTheWriteToolsNeverSendAreRefused) {
  auto r =
      call("proxmox_api_call", {{"method", "POST"},
                                {"path", "/nodes/pve1/vzdump"},
                                {"params", {{"vmid", "100"}, {"prune-backups", "keep-last=1"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(
      r.text.starts_with("POST /nodes/pve1/vzdump with 'prune-backups' is not among the "
                         "API changes this server allows"))
      << r.text;
  r = call("proxmox_api_call",
           {{"method", "POST"},
            {"path", "/nodes/pve1/qemu/100/move_disk"},
            {"params", {{"disk", "scsi0"}, {"target-vmid", 102}, {"target-disk", "scsi5"}}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text, "with 'target-vmid' is not among")) << r.text;
  EXPECT_TRUE(requests().empty());
}

// 10,000 guests: the model gets one bounded page, the total and a cursor, never the whole list.
TEST_F(ApiCallLarge, TheClusterResourcesArePagedFilteredAndProjected) {
  auto r = call("proxmox_api_call", {{"method", "GET"},
                                     {"path", "/cluster/resources"},
                                     {"params", {{"type", "vm"}}},
                                     {"filter", "type=lxc,status=running"},
                                     {"fields", {"vmid", "name", "node"}},
                                     {"limit", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "vm"}}}}));
  EXPECT_GE(r.structured["total"].get<int>(), 10000);
  EXPECT_GT(r.structured["matched"].get<int>(), 100);
  EXPECT_EQ(r.structured["data"].size(), 100U);
  EXPECT_EQ(r.structured["next_cursor"], "100");
  for (const json& item : r.structured["data"]) EXPECT_EQ(item.size(), 3U) << item;
  EXPECT_LE(answer_bytes(r), 24'000U);

  // Cut by size before the limit: the text and structuredContent, which both hold the page,
  // stay within 24 kB together.
  auto all = call("proxmox_api_call",
                  {{"method", "GET"}, {"path", "/cluster/resources"}, {"limit", 1000}});
  ASSERT_FALSE(all.is_error) << all.text;
  EXPECT_LE(answer_bytes(all), 24'000U);
  EXPECT_GT(answer_bytes(all), 20'000U);
  EXPECT_LT(all.structured["data"].size(), 1000U);
  EXPECT_EQ(all.structured["next_cursor"], std::to_string(all.structured["data"].size()));
}

}  // namespace
}  // namespace integration
