// Guests named by VMID or name alone, against pve-sim: the node (and type) found from one
// /cluster/resources read, kept briefly for reads and read anew for writes; ambiguous and
// unknown names, the wrong guest type and the scope settings answered before anything changes.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

const Request kGuestList = {"GET", "/cluster/resources", {{"type", "vm"}}};

class GuestLocator : public WriteSimTest {};

TEST_F(GuestLocator, AVmidAloneFindsTheNodeAndTheCallGoesThere) {
  auto r = call("proxmox_start_vm", {{"vmid", 102}, {"wait", false}});
  ASSERT_FALSE(r.is_error) << r.text;
  const std::vector<Request> sent = requests();
  ASSERT_GE(sent.size(), 2U);
  EXPECT_EQ(sent[0], kGuestList);
  EXPECT_EQ(sent[1], (Request{"POST", "/nodes/pve2/qemu/102/status/start", {}}));
  EXPECT_EQ(r.structured["node"], "pve2");
  EXPECT_EQ(r.structured["vmid"], 102);
}

TEST_F(GuestLocator, GivenNodeAndVmidNothingIsLookedUp) {
  auto r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve1/qemu/100/status/current", {}}}));
}

TEST_F(GuestLocator, ANameActsLikeItsVmidAndATypeArgumentIsFoundToo) {
  auto r = call("proxmox_get_vm_status", {{"vmid", "pihole"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{kGuestList, {"GET", "/nodes/pve2/lxc/103/status/current", {}}}));
  EXPECT_EQ(r.structured["vmid"], 103);
  // Without regard to case when nothing matches exactly, and a VMID as digits is a VMID.
  clear();
  EXPECT_FALSE(call("proxmox_get_vm_config", {{"vmid", "PiHole"}}).is_error);
  EXPECT_FALSE(call("proxmox_get_vm_config", {{"vmid", "103"}}).is_error);
  // Within seconds of the first read, the list read then serves them all.
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/nodes/pve2/lxc/103/config", {}},
                                              {"GET", "/nodes/pve2/lxc/103/config", {}}}));
}

TEST_F(GuestLocator, NameIsAGuestsNameWhereTheToolHasNoNameOfItsOwn) {
  auto r = call("proxmox_list_snapshots_vm", {{"name", "web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{kGuestList, {"GET", "/nodes/pve1/qemu/100/snapshot", {}}}));
}

TEST_F(GuestLocator, AWriteReadsTheListAnewAndForgetsItAfterwards) {
  EXPECT_FALSE(call("proxmox_get_vm_status", {{"vmid", 102}}).is_error);
  clear();
  auto r = call("proxmox_migrate_vm", {{"vmid", "win11"}, {"target", "pve1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  std::vector<Request> sent = changes();
  ASSERT_GE(sent.size(), 2U);
  EXPECT_EQ(sent[0], kGuestList);
  EXPECT_EQ(std::get<1>(sent[1]), "/nodes/pve2/qemu/102/migrate");
  // The guest moved: the next call finds it where it is now.
  clear();
  r = call("proxmox_get_vm_status", {{"vmid", 102}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(requests(),
            (std::vector<Request>{kGuestList, {"GET", "/nodes/pve1/qemu/102/status/current", {}}}));
}

TEST_F(GuestLocator, AnAmbiguousNameListsItsGuestsAndSendsNothing) {
  client_->put("/nodes/pve2/qemu/102/config", {{"name", "web"}});
  clear();
  auto r = call("proxmox_stop_vm", {{"vmid", "web"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "2 guests are named 'web': VM 100 on pve1, VM 102 on pve2. Give the vmid of one.");
  EXPECT_EQ(requests(), std::vector<Request>{kGuestList});
  // A node given narrows the choice.
  clear();
  r = call("proxmox_get_vm_status", {{"vmid", "web"}, {"node", "pve2"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["vmid"], 102);
}

TEST_F(GuestLocator, UnknownGuestsAndTheWrongTypeAreNamed) {
  auto r = call("proxmox_start_vm", {{"vmid", 4242}});
  EXPECT_EQ(r.text, "No guest has VMID 4242 (proxmox_get_vms lists them).");
  r = call("proxmox_start_vm", {{"vmid", "nosuch"}});
  EXPECT_EQ(r.text, "No guest is named 'nosuch' (proxmox_get_vms lists them).");
  r = call("proxmox_start_vm", {{"vmid", "nextcloud"}});
  EXPECT_EQ(r.text,
            "CT 105 on pve2 is a container, and proxmox_start_vm acts on VMs: use "
            "proxmox_start_lxc.");
  r = call("proxmox_pause_vm", {{"vmid", 103}});
  EXPECT_EQ(r.text, "CT 103 on pve2 is a container, and proxmox_pause_vm acts on VMs.");
  r = call("proxmox_get_vm_status", {{"vmid", 103}, {"type", "qemu"}});
  EXPECT_EQ(r.text, "CT 103 on pve2 is a container: give type lxc, or leave type out.");
  r = call("proxmox_restore_backup_vm", {{"vmid", 4242}, {"archive", "local:backup/x.vma.zst"}});
  EXPECT_EQ(r.text, "No guest has VMID 4242: give 'node', the node to create it on.");
  // Reads only: the list, and whether an unlisted VMID is free.
  for (const Request& sent : requests()) {
    EXPECT_TRUE(sent == kGuestList || std::get<1>(sent) == "/cluster/nextid") << std::get<1>(sent);
  }
}

TEST_F(GuestLocator, ANameOutsideTheScopeMatchesNothingAndAVmidOutsideItIsRefused) {
  policy_ = policy::Policy(
      policy::Settings{.mode = policy::Mode::elevated, .scope = {.vmids = {{100, 101}}}});
  tools_ = tools::make_tools(*client_, policy_);
  clear();
  auto r = call("proxmox_get_vm_status", {{"vmid", "win11"}});
  EXPECT_EQ(r.text, "No guest is named 'win11' (proxmox_get_vms lists them).");
  clear();
  // Refused before anything is read: whether guest 102 exists is not for this caller to learn.
  r = call("proxmox_start_vm", {{"vmid", 102}});
  EXPECT_TRUE(r.text.starts_with("Guest 102 is outside")) << r.text;
  EXPECT_TRUE(requests().empty());
  EXPECT_FALSE(call("proxmox_get_vm_status", {{"vmid", "web"}}).is_error);
}

TEST_F(GuestLocator, AnUnreadableListAsksForTheNode) {
  use_token(sim_->token_user(), sim_->token_name(), "wrong-secret");
  auto r = call("proxmox_get_vm_status", {{"vmid", "web"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(contains(r.text,
                       "Could not find the node of the guest named 'web' (GET "
                       "/cluster/resources): "))
      << r.text;
  EXPECT_TRUE(contains(r.text, ". Give 'node' and a numeric vmid.")) << r.text;
}

}  // namespace
}  // namespace integration
