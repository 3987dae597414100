// PROXMOX_NODES, PROXMOX_VMIDS and the protected guests against pve-sim: what is refused before
// anything changes, what is read to decide, and Proxmox's own protection flag on every write that
// destroys data.
#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class Scoped : public WriteSimTest {
 protected:
  void with(policy::Scope scope) {
    policy_ = policy::Policy(policy::Settings{.mode = policy::Mode::elevated, .scope = scope});
    tools_ = tools::make_tools(*client_, policy_);
    clear();
  }
  std::string status(const std::string& node, const std::string& type, int vmid) {
    return guest_get(node, type, vmid, "/status/current").value("status", "");
  }
};

const std::vector<Request> kResources = {{"GET", "/cluster/resources", {{"type", "vm"}}}};

TEST_F(Scoped, AGuestProtectedByIdIsRefusedBeforeAnythingIsSent) {
  with({.protected_vmids = {{100, 100}}});
  auto r = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "Guest 100 is protected on this server (PROXMOX_PROTECTED_VMIDS): refusing to run "
            "proxmox_stop_vm on it. Only the server's administrator can lift this, in its "
            "settings.");
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(status("pve1", "qemu", 100), "running");
  // Reading it stays possible, and so does starting another guest.
  EXPECT_FALSE(call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}}).is_error);
  EXPECT_FALSE(call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 104}}).is_error);
}

TEST_F(Scoped, AProtectedTagIsReadFromTheGuestAsItIsNow) {
  with({.protected_tags = {"prod"}});
  auto r = call("proxmox_shutdown_vm", {{"node", "pve1"}, {"vmid", 104}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 104 is protected on this server (its tag 'prod' is in PROXMOX_PROTECTED_TAGS): "
            "refusing to run proxmox_shutdown_vm on it. Only the server's administrator can lift "
            "this, in its settings.");
  EXPECT_EQ(requests(), kResources);
  // Tagged after the server started: protected from then on.
  client_->put("/nodes/pve2/lxc/103/config", {{"tags", "dns;Prod"}});
  clear();
  r = call("proxmox_start_lxc", {{"node", "pve2"}, {"vmid", 103}});
  EXPECT_TRUE(contains(r.text, "CT 103 is protected on this server (its tag 'prod'")) << r.text;
  EXPECT_EQ(requests(), kResources);
  EXPECT_EQ(status("pve2", "lxc", 103), "stopped");
}

TEST_F(Scoped, AProtectedGuestMayBeCopiedButNotStoppedForABackup) {
  with({.protected_vmids = {{104, 104}}});
  auto r =
      call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 104}, {"storage", "local"}});
  EXPECT_FALSE(r.is_error) << r.text;
  r = call("proxmox_create_backup_vm",
           {{"node", "pve1"}, {"vmid", 104}, {"storage", "local"}, {"mode", "stop"}});
  EXPECT_TRUE(contains(r.text, "Guest 104 is protected on this server")) << r.text;
  clear();
  r = call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 104}, {"newid", 120}, {"name", "c"}});
  EXPECT_FALSE(r.is_error) << r.text;
  // A clone may not be made under a protected ID.
  with({.protected_vmids = {{130, 139}}});
  r = call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 104}, {"newid", 131}});
  EXPECT_TRUE(contains(r.text, "Guest 131 is protected on this server")) << r.text;
  EXPECT_TRUE(requests().empty());
}

TEST_F(Scoped, BackupsOfAProtectedGuestAreNotDeleted) {
  const json backups = client_->get("/nodes/pve1/storage/local/content", {{"content", "backup"}});
  std::string volid;
  for (const json& b : backups) {
    if (b.value("vmid", json()).dump() == "100" || b.value("vmid", json()).dump() == "\"100\"") {
      volid = b.value("volid", "");
    }
  }
  ASSERT_FALSE(volid.empty()) << backups.dump();
  with({.protected_vmids = {{100, 100}}});
  auto r =
      call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", volid}});
  EXPECT_TRUE(contains(r.text, "Guest 100 is protected on this server")) << r.text;
  EXPECT_TRUE(requests().empty());
}

TEST_F(Scoped, NodesAndIdsOutsideTheScopeAreRefusedForReadsAndWrites) {
  with({.nodes = {"pve1"}, .vmids = {{100, 104}}});
  auto r = call("proxmox_get_node_status", {{"node", "pve2"}});
  EXPECT_EQ(r.text, "Node 'pve2' is outside what this server acts on (PROXMOX_NODES: pve1).");
  r = call("proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 9000}});
  EXPECT_EQ(r.text, "Guest 9000 is outside what this server acts on (PROXMOX_VMIDS: 100-104).");
  r = call("proxmox_migrate_vm", {{"node", "pve1"}, {"vmid", 100}, {"target", "pve2"}});
  EXPECT_EQ(r.text, "Node 'pve2' is outside what this server acts on (PROXMOX_NODES: pve1).");
  r = call("proxmox_create_vm", {{"node", "pve1"}, {"name", "new"}});
  EXPECT_EQ(r.text,
            "Give 'vmid': Proxmox would pick the next free ID, and this server acts only on the "
            "guests of PROXMOX_VMIDS (100-104).");
  EXPECT_TRUE(requests().empty());
}

// The node a call names is not trusted: the guest's current node decides.
TEST_F(Scoped, AGuestOnANodeOutsideTheScopeIsRefusedWhateverNodeTheCallNames) {
  with({.nodes = {"pve1"}});
  auto r = call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 102}});
  EXPECT_EQ(r.text,
            "VM 102 is on node 'pve2'. Node 'pve2' is outside what this server acts on "
            "(PROXMOX_NODES: pve1).");
  EXPECT_EQ(requests(), kResources);
  EXPECT_EQ(status("pve2", "qemu", 102), "stopped");
}

TEST_F(Scoped, TheGuestListLeavesOutWhatIsOutsideAndMarksWhatIsProtected) {
  with({.vmids = {{100, 104}}, .protected_tags = {"db"}});
  auto r = call("proxmox_get_vms");
  ASSERT_FALSE(r.is_error) << r.text;
  std::vector<std::int64_t> ids;
  for (const json& vm : r.structured["vms"]) {
    ids.push_back(vm["vmid"].get<std::int64_t>());
    EXPECT_EQ(vm.value("protected", false), vm["vmid"] == 104) << vm.dump();
  }
  EXPECT_EQ(ids, (std::vector<std::int64_t>{100, 101, 102, 103, 104}));
  EXPECT_TRUE(contains(r.text, "guest(s) outside what this server acts on")) << r.text;
  EXPECT_TRUE(contains(r.text,
                       "Protected: no write tool changes it (tag 'db' in "
                       "PROXMOX_PROTECTED_TAGS)"))
      << r.text;
}

TEST_F(Scoped, TheGenericCallIsJudgedByTheSameSettings) {
  with({.nodes = {"pve1", "pve2"}, .protected_vmids = {{100, 100}}, .protected_tags = {"db"}});
  // Encoded, the ID is still 100.
  auto r = call("proxmox_api_call",
                {{"method", "POST"}, {"path", "/nodes/pve1/qemu/%31%30%30/status/stop"}});
  EXPECT_EQ(r.text,
            "Guest 100 is protected on this server (PROXMOX_PROTECTED_VMIDS): refusing to send "
            "POST /nodes/pve1/qemu/100/status/stop. Only the server's administrator can lift "
            "this, in its settings.");
  r = call(
      "proxmox_api_call",
      {{"method", "PUT"}, {"path", "/nodes/pve1/qemu/104/config"}, {"params", {{"tags", "web"}}}});
  EXPECT_TRUE(contains(r.text, "VM 104 is protected on this server (its tag 'db'")) << r.text;
  r = call("proxmox_api_call", {{"method", "POST"},
                                {"path", "/nodes/pve1/qemu/101/migrate"},
                                {"params", {{"target", "pve3"}}}});
  EXPECT_EQ(r.text, "Node 'pve3' is outside what this server acts on (PROXMOX_NODES: pve1, pve2).");
  EXPECT_EQ(requests(), kResources);  // read once, for the tags of 104
  EXPECT_EQ(config("pve1", "qemu", 104).value("tags", ""), "prod;db");
}

// Proxmox splits a guest list on ';' too: each guest in it is checked, and what cannot be read
// as an ID is refused rather than let through.
TEST_F(Scoped, EveryGuestOfAListIsCheckedHoweverItIsSeparated) {
  with({.protected_vmids = {{101, 101}}});
  const json backup = {{"method", "POST"},
                       {"path", "/nodes/pve1/vzdump"},
                       {"params", {{"vmid", "104;101"}, {"mode", "stop"}, {"storage", "local"}}}};
  auto r = call("proxmox_api_call", backup);
  EXPECT_TRUE(contains(r.text, "Guest 101 is protected on this server")) << r.text;
  json odd = backup;
  odd["params"]["vmid"] = "104,all";
  r = call("proxmox_api_call", odd);
  EXPECT_TRUE(r.is_error);
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(status("pve1", "lxc", 101), "running");
}

TEST_F(Scoped, AVolumeCountsForTheGuestItsNameCarries) {
  const json backups = client_->get("/nodes/pve1/storage/local/content", {{"content", "backup"}});
  std::string of_101;
  std::string of_100;
  for (const json& b : backups) {
    const std::string volid = b.value("volid", "");
    if (volid.find("-101-") != std::string::npos) of_101 = volid;
    if (volid.find("vzdump-qemu-100-") != std::string::npos) of_100 = volid;
  }
  ASSERT_FALSE(of_101.empty() || of_100.empty()) << backups.dump();
  // Storage content deletion opened, so that what refuses it is the protection.
  std::string why;
  policy_ = policy::Policy(policy::Settings{
      .mode = policy::Mode::elevated,
      .api_writes = {*policy::ApiPattern::parse("DELETE /nodes/*/storage/*/content/**", why)},
      .scope = {.vmids = {{100, 104}}, .protected_vmids = {{101, 101}}}});
  tools_ = tools::make_tools(*client_, policy_);
  clear();
  auto r = call("proxmox_api_call",
                {{"method", "DELETE"}, {"path", "/nodes/pve1/storage/local/content/" + of_101}});
  EXPECT_TRUE(contains(r.text, "Guest 101 is protected on this server")) << r.text;
  // A restore copies the guest whose backup it reads: one outside the scope is refused.
  with({.vmids = {{101, 104}}});
  r = call("proxmox_restore_backup_vm",
           {{"node", "pve1"}, {"vmid", 104}, {"archive", of_100}, {"force", true}});
  EXPECT_EQ(r.text, "Guest 100 is outside what this server acts on (PROXMOX_VMIDS: 101-104).");
  // A container restore names its backup as ostemplate.
  with({.vmids = {{102, 110}}});
  r = call("proxmox_api_call",
           {{"method", "POST"},
            {"path", "/nodes/pve1/lxc"},
            {"params", {{"vmid", 109}, {"ostemplate", of_101}, {"restore", 1}}}});
  EXPECT_EQ(r.text, "Guest 101 is outside what this server acts on (PROXMOX_VMIDS: 102-110).");
  EXPECT_TRUE(requests().empty());
}

TEST_F(Scoped, AChangeOfEveryGuestIsRefusedWhileGuestsAreProtected) {
  std::string why;
  policy_ = policy::Policy(
      policy::Settings{.mode = policy::Mode::elevated,
                       .api_writes = {*policy::ApiPattern::parse("POST /nodes/*/stopall", why)},
                       .scope = {.protected_tags = {"db"}}});
  tools_ = tools::make_tools(*client_, policy_);
  clear();
  auto r = call("proxmox_api_call", {{"method", "POST"}, {"path", "/nodes/pve1/stopall"}});
  EXPECT_TRUE(contains(r.text,
                       "This request changes every guest of a node, a pool or the "
                       "cluster"))
      << r.text;
  EXPECT_TRUE(requests().empty());
  EXPECT_EQ(status("pve1", "qemu", 104), "running");
}

// A guest the call changes that Proxmox does not list is let through only when no guest has its
// ID: one the token may not see could carry a protected tag.
TEST_F(Scoped, AChangedGuestTheTokenCannotSeeIsRefusedWhileTagsDecide) {
  with({.protected_tags = {"db"}});
  auto r = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 777}});
  EXPECT_FALSE(contains(r.text, "refusing")) << r.text;  // no such guest: Proxmox says so
  ASSERT_GE(requests().size(), 2u);
  EXPECT_EQ(requests()[1], (Request{"GET", "/cluster/nextid", {{"vmid", "777"}}}));
  clear();
  r = call("proxmox_clone_vm", {{"node", "pve1"}, {"vmid", 100}, {"newid", 777}, {"name", "c"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(exists("pve1", "qemu", 777));

  // A token that may stop VM 104 (tagged db) but not audit it: Proxmox leaves it out.
  client_->post("/access/roles", {{"roleid", "PowerOnly"}, {"privs", "VM.PowerMgmt"}});
  client_->post("/access/users", {{"userid", "blind@pve"}});
  const json token = client_->post("/access/users/blind@pve/token/tk", {{"privsep", "0"}});
  client_->put("/access/acl",
               {{"path", "/vms/104"}, {"roles", "PowerOnly"}, {"users", "blind@pve"}});
  use_token("blind@pve", "tk", token.at("value").get<std::string>());
  with({.protected_tags = {"db"}});
  r = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 104}});
  EXPECT_EQ(r.text,
            "Guest 104 exists, but Proxmox does not list it to this token (GET /cluster/resources; "
            "VM.Audit), so its node and tags cannot be checked: refusing to run proxmox_stop_vm "
            "on it.");
  EXPECT_EQ(requests(), (std::vector<Request>{{"GET", "/cluster/resources", {{"type", "vm"}}},
                                              {"GET", "/cluster/nextid", {{"vmid", "104"}}}}));
}

// A disk of another guest given to this one is written through this one: that guest counts.
TEST_F(Scoped, AnotherGuestsDiskNamedInAConfigCountsForThatGuest) {
  with({.protected_vmids = {{104, 104}}});
  const std::string disk = config("pve1", "qemu", 104).value("scsi0", "");
  ASSERT_FALSE(disk.empty());
  const std::string volume = disk.substr(0, disk.find(','));
  clear();
  for (const std::string& value : {volume, volume + ",size=32G", "file=" + volume}) {
    auto r = call("proxmox_api_call", {{"method", "PUT"},
                                       {"path", "/nodes/pve1/qemu/100/config"},
                                       {"params", {{"scsi5", value}}}});
    EXPECT_EQ(r.text,
              "Guest 104 is protected on this server (PROXMOX_PROTECTED_VMIDS): refusing to send "
              "PUT /nodes/pve1/qemu/100/config. Only the server's administrator can lift this, "
              "in its settings.")
        << value;
  }
  // Proxmox applies the alias `volume` after its duplicate check: it is what gets attached.
  auto r = call("proxmox_api_call",
                {{"method", "PUT"},
                 {"path", "/nodes/pve1/qemu/100/config"},
                 {"params", {{"scsi5", "local-lvm:vm-100-disk-9,volume=" + volume}}}});
  EXPECT_TRUE(contains(r.text, "Guest 104 is protected on this server")) << r.text;
  for (const std::string& value : {volume + ",media=disk", "volume=" + volume + ",media=disk"}) {
    r = call("proxmox_api_call", {{"method", "PUT"},
                                  {"path", "/nodes/pve1/qemu/100/config"},
                                  {"params", {{"cdrom", value}}}});
    EXPECT_TRUE(contains(r.text, "Guest 104 is protected on this server")) << value << r.text;
  }
  // A value this server cannot read is refused rather than let through.
  r = call("proxmox_api_call", {{"method", "PUT"},
                                {"path", "/nodes/pve1/qemu/100/config"},
                                {"params", {{"cdrom", "file=a,file=b"}}}});
  EXPECT_TRUE(contains(r.text, "is not a disk value this server can read")) << r.text;
  EXPECT_TRUE(requests().empty());
  // Importing copies it; a new disk names no guest.
  r = call("proxmox_api_call",
           {{"method", "POST"},
            {"path", "/nodes/pve1/qemu"},
            {"params", {{"vmid", 180}, {"scsi0", "local-lvm:0,import-from=" + volume}}}});
  EXPECT_FALSE(contains(r.text, "protected")) << r.text;
  EXPECT_EQ(std::get<1>(changes().at(0)), "/nodes/pve1/qemu");
  clear();
  r = call("proxmox_api_call", {{"method", "PUT"},
                                {"path", "/nodes/pve1/qemu/100/config"},
                                {"params", {{"scsi6", "local-lvm:1"}}}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(std::get<1>(changes().at(0)), "/nodes/pve1/qemu/100/config");
  with({.vmids = {{100, 103}}});
  r = call("proxmox_api_call", {{"method", "PUT"},
                                {"path", "/nodes/pve1/qemu/100/config"},
                                {"params", {{"scsi5", volume}}}});
  EXPECT_EQ(r.text, "Guest 104 is outside what this server acts on (PROXMOX_VMIDS: 100-103).");
  EXPECT_TRUE(requests().empty());
  EXPECT_FALSE(config("pve1", "qemu", 100).contains("scsi5"));
}

// ---- Proxmox's protection flag --------------------------------------------------------------

TEST_F(Scoped, ProtectionStopsSnapshotDeletionNicRemovalAndMovingADiskAway) {
  client_->put("/nodes/pve1/qemu/100/config", {{"protection", "1"}});
  clear();
  auto r = call("proxmox_delete_snapshot_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"snapname", "pre-upgrade"}});
  EXPECT_EQ(r.text,
            "VM 100 is protected (protection=1): refusing to delete its snapshot 'pre-upgrade'. "
            "Remove protection in Proxmox first if this is intended (Options → Protection, or "
            "`qm set 100 --protection 0`).");
  r = call("proxmox_remove_network_vm", {{"node", "pve1"}, {"vmid", 100}, {"net", "net0"}});
  EXPECT_TRUE(contains(r.text, "refusing to remove its network interface net0.")) << r.text;
  r = call("proxmox_move_disk_vm", {{"node", "pve1"},
                                    {"vmid", 100},
                                    {"disk", "scsi0"},
                                    {"storage", "local-lvm"},
                                    {"delete", true}});
  EXPECT_TRUE(contains(r.text, "refusing to move its disk scsi0 and delete the source.")) << r.text;
  for (const Request& request : requests()) EXPECT_EQ(std::get<0>(request), "GET");
  const json config = this->config("pve1", "qemu", 100);
  EXPECT_TRUE(config.contains("net0"));
  EXPECT_TRUE(guest_get("pve1", "qemu", 100, "/snapshot").dump().find("pre-upgrade") !=
              std::string::npos);
}

}  // namespace
}  // namespace integration
