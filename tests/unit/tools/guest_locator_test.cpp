// The guest locator over a scripted API: the cases pve-sim cannot stage (a guest the token may
// not list, a forget() racing a read) and the argument forms it checks itself.
#include <gtest/gtest.h>

#include "harness.h"
#include "tools/guest_locator.h"

namespace tools::testing {
namespace {

using nlohmann::json;

const json kGuests = json::array({
    {{"vmid", 100}, {"name", "web"}, {"node", "pve1"}, {"type", "qemu"}},
    {{"vmid", 103}, {"name", "pihole"}, {"node", "pve2"}, {"type", "lxc"}},
    {{"id", "storage/pve1/local"}, {"node", "pve1"}, {"type", "storage"}},
});

const Call kList{"GET", "/cluster/resources", {{"type", "vm"}}};

TEST(GuestLocator, AGuestTheTokenMayNotListIsNotCalledMissing) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  h.api.on_get("/cluster/resources", kGuests);
  h.api.fail_get("/cluster/nextid", pve::Error(pve::ErrorKind::kBadRequest, 400, "", "bad",
                                               {{"vmid", "VM 150 already exists"}}));
  auto r = h.call("proxmox_start_vm", {{"vmid", 150}});
  EXPECT_EQ(r.text,
            "Guest 150 exists, but Proxmox does not list it to this token (GET /cluster/resources; "
            "VM.Audit): give 'node'.");
  EXPECT_EQ(h.api.calls(),
            (std::vector<Call>{kList, {"GET", "/cluster/nextid", {{"vmid", "150"}}}}));
}

TEST(GuestLocator, AFreeVmidIsMissingAndARestoreAsksForItsNode) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  h.api.on_get("/cluster/resources", kGuests);
  h.api.on_get("/cluster/nextid", 151);
  EXPECT_EQ(h.call("proxmox_start_vm", {{"vmid", 151}}).text,
            "No guest has VMID 151 (proxmox_get_vms lists them).");
  EXPECT_EQ(h.call("proxmox_restore_backup_vm",
                   {{"vmid", 151}, {"archive", "local:backup/vzdump-qemu-100-x.vma.zst"}})
                .text,
            "No guest has VMID 151: give 'node', the node to create it on.");
  // Over a guest of the other type, no other tool is suggested: it would need another archive.
  EXPECT_EQ(h.call("proxmox_restore_backup_vm",
                   {{"vmid", 103}, {"archive", "local:backup/vzdump-qemu-100-x.vma.zst"}})
                .text,
            "CT 103 on pve2 is a container, and proxmox_restore_backup_vm acts on VMs.");
}

TEST(GuestLocator, AVmidOutsideTheScopeIsRefusedBeforeAnythingIsRead) {
  Harness h(policy::Settings{.mode = policy::Mode::elevated, .scope = {.vmids = {{100, 101}}}});
  auto r = h.call("proxmox_start_lxc", {{"vmid", 103}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(r.text.starts_with("Guest 103 is outside")) << r.text;
  EXPECT_TRUE(h.api.calls().empty());
}

// "Prod" outside the scope and "prod" inside it: the call must not reach "prod".
TEST(GuestLocator, ANameOutsideTheScopeDoesNotFallBackToAnotherCase) {
  Harness h(policy::Settings{.mode = policy::Mode::elevated, .scope = {.vmids = {{100, 101}}}});
  h.api.on_get(
      "/cluster/resources",
      json::array({{{"vmid", 100}, {"name", "prod"}, {"node", "pve1"}, {"type", "qemu"}},
                   {{"vmid", 900}, {"name", "Prod"}, {"node", "pve1"}, {"type", "qemu"}}}));
  EXPECT_EQ(h.call("proxmox_reboot_vm", {{"vmid", "Prod"}}).text,
            "No guest is named 'Prod' (proxmox_get_vms lists them).");
  EXPECT_EQ(h.api.calls(), std::vector<Call>{kList});
}

TEST(GuestLocator, AVmToolThatStillTakesTypeDoesNotMoveAContainerItFinds) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  h.api.on_get("/cluster/resources", kGuests);
  EXPECT_EQ(h.call("proxmox_migrate_vm", {{"vmid", "pihole"}, {"target", "pve1"}}).text,
            "CT 103 on pve2 is a container, and proxmox_migrate_vm acts on VMs: use "
            "proxmox_migrate_lxc.");
  EXPECT_EQ(h.api.calls(), std::vector<Call>{kList});
}

TEST(GuestLocator, ANullTypeIsFoundLikeAMissingOne) {
  Harness h;
  h.api.on_get("/cluster/resources", kGuests);
  h.api.on_get("/nodes/pve2/lxc/103/status/current", {{"status", "running"}, {"vmid", 103}});
  auto r = h.call("proxmox_get_vm_status", {{"vmid", 103}, {"type", nullptr}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().back(), (Call{"GET", "/nodes/pve2/lxc/103/status/current", {}}));
}

// proxmox_add_network_vm inherits a container NIC's `name` member but does not take it: there,
// too, `name` names the guest.
TEST(GuestLocator, NameNamesTheGuestWhereTheToolAdvertisesNoNameOfItsOwn) {
  Harness h(policy::Settings{policy::Mode::elevated, false});
  h.api.on_get("/cluster/resources", kGuests);
  h.api.on_get("/nodes/pve1/qemu/100/config",
               {{"net0", "virtio=BC:24:11:00:00:01,bridge=vmbr0"}, {"digest", "d"}});
  auto r = h.call("proxmox_add_network_vm",
                  {{"name", "web"}, {"net", "net1"}, {"bridge", "vmbr0"}, {"dry_run", true}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["requests"][0]["path"], "/nodes/pve1/qemu/100/config");
}

// A list read while a change ran must not come back after the change's forget().
class ForgettingApi : public FakeApi {
 public:
  GuestDirectory* directory = nullptr;
  int reads = 0;
  std::optional<std::vector<pve::Row>> get_rows(const std::string& path, const pve::Params& params,
                                                pve::RowKeys keys) override {
    ++reads;
    if (directory != nullptr && reads == 1) directory->forget();
    return FakeApi::get_rows(path, params, keys);
  }
};

TEST(GuestLocator, AReadThatAForgetOvertookIsNotKept) {
  ForgettingApi api;
  api.on_get("/cluster/resources", kGuests);
  GuestDirectory directory(api);
  api.directory = &directory;
  EXPECT_EQ(directory.guests(false)->size(), 2U);
  EXPECT_EQ(directory.guests(false)->size(), 2U);  // read again: the first was not kept
  EXPECT_EQ(directory.guests(false)->size(), 2U);  // kept now
  EXPECT_EQ(api.reads, 2);
}

}  // namespace
}  // namespace tools::testing
