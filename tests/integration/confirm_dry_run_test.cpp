// dry_run and PROXMOX_CONFIRM against pve-sim: what a dry run reads and shows while nothing
// changes, and the two-step confirmation of what cannot be undone (tokens bound to the call and
// to the guest's config).
#include <regex>

#include "write_fixture.h"

namespace integration {
namespace {

using nlohmann::json;

class Confirming : public WriteSimTest {
 protected:
  void SetUp() override {
    WriteSimTest::SetUp();
    policy_ = policy::Policy(policy::Settings{.mode = policy::Mode::elevated, .confirm = true});
    tools_ = tools::make_tools(*client_, policy_);
  }
  std::string status(const std::string& node, const std::string& type, int vmid) {
    return guest_get(node, type, vmid, "/status/current").value("status", "");
  }
  bool changed_nothing() const {
    for (const Request& r : requests()) {
      if (std::get<0>(r) != "GET") return false;
    }
    return true;
  }
};

// The token a confirmation answer asks the model to come back with.
std::string token_in(const std::string& text) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("confirm: \"([0-9]+-[0-9a-f]+)\""))) return "";
  return match[1];
}

TEST_F(Confirming, ADryRunShowsTheRequestAndEachKeysChangeAndSendsNothing) {
  auto r =
      call("proxmox_resize_vm",
           {{"node", "pve1"}, {"vmid", 100}, {"cores", 4}, {"memory", 8192}, {"dry_run", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  const json before = config("pve1", "qemu", 100);
  EXPECT_TRUE(changed_nothing());
  EXPECT_EQ(r.structured["dry_run"], true);
  const json& request = r.structured["requests"][0];
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["path"], "/nodes/pve1/qemu/100/config");
  EXPECT_EQ(request["params"]["digest"], before["digest"]);
  EXPECT_EQ(r.structured["changes"],
            (json::array({{{"key", "cores"}, {"before", before["cores"].dump()}, {"after", "4"}},
                          {{"key", "memory"},
                           {"before", before["memory"].is_string() ? before["memory"]
                                                                   : json(before["memory"].dump())},
                           {"after", "8192"}}})));
  EXPECT_TRUE(contains(r.text, "🧪 **Dry Run: Nothing Sent**")) << r.text;
  EXPECT_TRUE(contains(r.text,
                       "This is the change the call sends; after it, it only reads (its task, the "
                       "result). Call again without dry_run to do it."))
      << r.text;
}

TEST_F(Confirming, ADryRunOfARemovalShowsTheKeyRemovedAndNeedsNoConfirmation) {
  const json before = config("pve1", "qemu", 100);
  auto r = call("proxmox_remove_disk_vm",
                {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi0"}, {"dry_run", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(changed_nothing());
  EXPECT_FALSE(contains(r.text, "Confirmation Needed")) << r.text;
  EXPECT_EQ(r.structured["requests"][0]["path"], "/nodes/pve1/qemu/100/config");
  EXPECT_EQ(r.structured["changes"],
            json::array({{{"key", "scsi0"}, {"before", before["scsi0"]}, {"after", nullptr}}}));
  EXPECT_TRUE(contains(r.text,
                       "   • scsi0: `local-lvm:vm-100-disk-0,iothread=1,size=32G` → "
                       "(removed)\n"))
      << r.text;
  EXPECT_EQ(config("pve1", "qemu", 100), before);
}

TEST_F(Confirming, AStopIsConfirmedWithTheTokenOfTheFirstAnswer) {
  auto first = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(first.is_error);
  EXPECT_TRUE(contains(first.text,
                       "⚠️  **Confirmation Needed**: nothing was done yet.\n\n"
                       "   • Would Send: `POST /nodes/pve1/qemu/100/status/stop`\n"))
      << first.text;
  EXPECT_TRUE(changed_nothing());
  EXPECT_EQ(status("pve1", "qemu", 100), "running");
  const std::string token = token_in(first.text);
  ASSERT_FALSE(token.empty()) << first.text;

  // The same token for another guest, or with other arguments, does nothing.
  auto other = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 104}, {"confirm", token}});
  EXPECT_TRUE(contains(other.text, "The confirm token does not fit this call")) << other.text;
  EXPECT_EQ(status("pve1", "qemu", 104), "running");

  clear();
  auto second = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}, {"confirm", token}});
  ASSERT_FALSE(second.is_error) << second.text;
  EXPECT_EQ(status("pve1", "qemu", 100), "stopped");
  EXPECT_EQ(changes()[1], (Request{"POST", "/nodes/pve1/qemu/100/status/stop", {}}));

  // A token confirms one call: the guest started again is not stopped by it a second time.
  ASSERT_FALSE(call("proxmox_start_vm", {{"node", "pve1"}, {"vmid", 100}}).is_error);
  auto again = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}, {"confirm", token}});
  EXPECT_TRUE(contains(again.text, "The confirm token does not fit this call")) << again.text;
  EXPECT_EQ(status("pve1", "qemu", 100), "running");
}

TEST_F(Confirming, ATokenLapsesWhenTheGuestsConfigChanges) {
  auto first = call("proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}});
  const std::string token = token_in(first.text);
  ASSERT_FALSE(token.empty()) << first.text;
  client_->put("/nodes/pve2/qemu/102/config", {{"description", "changed meanwhile"}});
  auto second = call("proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}, {"confirm", token}});
  EXPECT_TRUE(contains(second.text, "VM 102's config changed since. Nothing was done."))
      << second.text;
  EXPECT_TRUE(exists("pve2", "qemu", 102));
  // The new token of that answer works.
  auto third = call("proxmox_delete_vm",
                    {{"node", "pve2"}, {"vmid", 102}, {"confirm", token_in(second.text)}});
  ASSERT_FALSE(third.is_error) << third.text;
  EXPECT_FALSE(exists("pve2", "qemu", 102));
}

TEST_F(Confirming, TheGenericCallIsConfirmedLikeTheToolItStandsFor) {
  const json stop = {{"method", "POST"}, {"path", "/nodes/pve1/qemu/100/status/stop"}};
  auto first = call("proxmox_api_call", stop);
  EXPECT_TRUE(contains(first.text, "Confirmation Needed")) << first.text;
  EXPECT_EQ(status("pve1", "qemu", 100), "running");
  // The token of the curated tool does not open the generic call.
  const std::string tool_token =
      token_in(call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}}).text);
  json with_tool_token = stop;
  with_tool_token["confirm"] = tool_token;
  EXPECT_TRUE(contains(call("proxmox_api_call", with_tool_token).text, "does not fit"));
  json confirmed = stop;
  confirmed["confirm"] = token_in(first.text);
  auto second = call("proxmox_api_call", confirmed);
  ASSERT_FALSE(second.is_error) << second.text;
  EXPECT_EQ(status("pve1", "qemu", 100), "stopped");
  // A read or an undoable change is not confirmed.
  EXPECT_FALSE(
      call("proxmox_api_call", {{"method", "POST"}, {"path", "/nodes/pve1/qemu/100/status/start"}})
          .is_error);
}

// What the curated tools confirm, the generic call confirms; what they do not, it does not.
TEST_F(Confirming, TheGenericCallConfirmsWhatTheCuratedToolsConfirmAndNoMore) {
  std::string why;
  policy_ = policy::Policy(policy::Settings{
      .mode = policy::Mode::elevated,
      .api_writes = {*policy::ApiPattern::parse("PUT /nodes/*/qemu/*/unlink", why),
                     *policy::ApiPattern::parse("POST /nodes/*/status", why),
                     *policy::ApiPattern::parse("POST /nodes/*/stopall", why),
                     *policy::ApiPattern::parse("DELETE /nodes/*/storage/*/prunebackups", why)},
      .confirm = true});
  tools_ = tools::make_tools(*client_, policy_);
  struct Outcome {
    bool asked;
    bool sent;
  };
  const auto send = [&](const std::string& method, const std::string& path, const json& params) {
    clear();
    auto r = call("proxmox_api_call", {{"method", method}, {"path", path}, {"params", params}});
    return Outcome{contains(r.text, "Confirmation Needed"), !changed_nothing()};
  };
  const std::string vm = "/nodes/pve1/qemu/100";
  for (const auto& [method, path, params] : std::vector<std::tuple<std::string, std::string, json>>{
           {"PUT", vm + "/config", {{"delete", "scsi0"}}},  // remove_disk_vm
           {"POST", vm + "/config", {{"delete", "description;unused0"}}},
           {"PUT", vm + "/config", {{"delete", "cdrom"}}},  // ide2
           {"POST", vm + "/snapshot/pre-upgrade/rollback", json::object()},
           {"DELETE", vm, json::object()},
           {"PUT", vm + "/unlink", {{"idlist", "scsi0"}}},
           {"POST", "/nodes/pve1/stopall", {{"vms", "100"}}},
           {"POST", "/nodes/pve1/status", {{"command", "reboot"}}},
           {"POST", vm + "/status/shutdown", {{"forceStop", "1"}, {"timeout", "0"}}},
           {"DELETE", "/nodes/pve1/storage/local/prunebackups", {{"vmid", "100"}}}}) {
    const Outcome o = send(method, path, params);
    EXPECT_TRUE(o.asked && !o.sent) << method << " " << path << " " << params.dump();
  }
  // Deleting a config key that is no disk, a snapshot, or running a command through the agent
  // are not confirmed by their curated tools either: they are sent.
  for (const auto& [method, path, params] : std::vector<std::tuple<std::string, std::string, json>>{
           {"PUT", vm + "/config", {{"delete", "description"}}},
           {"DELETE", vm + "/snapshot/pre-upgrade", json::object()},
           {"POST", vm + "/agent/exec", {{"command", "uptime"}}},
           {"POST", vm + "/status/shutdown", {{"forceStop", "1"}}}}) {
    const Outcome o = send(method, path, params);
    EXPECT_TRUE(!o.asked && o.sent) << method << " " << path << " " << params.dump();
  }
}

TEST_F(Confirming, RemovingAnUnusedVolumeSaysProxmoxDestroysIt) {
  // VM 102 is stopped: its disk is taken out at once, and kept as unused0.
  client_->put("/nodes/pve2/qemu/102/config", {{"delete", "sata0"}});
  const json before = config("pve2", "qemu", 102);
  ASSERT_TRUE(before.contains("unused0")) << before.dump();
  const std::string destroyed = "   • unused0: `" + before["unused0"].get<std::string>() +
                                "` → (removed): Proxmox destroys its volume unless a snapshot "
                                "still uses it\n";
  clear();
  auto r = call("proxmox_remove_disk_vm", {{"node", "pve2"}, {"vmid", 102}, {"disk", "unused0"}});
  EXPECT_TRUE(contains(r.text, "Confirmation Needed")) << r.text;
  EXPECT_TRUE(contains(r.text, destroyed)) << r.text;
  // The generic call shows the same.
  r = call("proxmox_api_call", {{"method", "PUT"},
                                {"path", "/nodes/pve2/qemu/102/config"},
                                {"params", {{"delete", "unused0"}}}});
  EXPECT_TRUE(contains(r.text, "Confirmation Needed")) << r.text;
  EXPECT_TRUE(contains(r.text, destroyed)) << r.text;
  EXPECT_TRUE(changed_nothing());
  EXPECT_EQ(config("pve2", "qemu", 102), before);
}

TEST_F(Confirming, ARestoreIsConfirmedOnlyOverAnExistingGuest) {
  const json backups = client_->get("/nodes/pve1/storage/local/content", {{"content", "backup"}});
  std::string archive;
  for (const json& b : backups) {
    const std::string volid = b.value("volid", "");
    if (volid.find("vzdump-qemu-") != std::string::npos) archive = volid;
  }
  ASSERT_FALSE(archive.empty()) << backups.dump();
  auto fresh =
      call("proxmox_restore_backup_vm",
           {{"node", "pve1"}, {"vmid", 150}, {"archive", archive}, {"storage", "local-lvm"}});
  ASSERT_FALSE(fresh.is_error) << fresh.text;
  EXPECT_TRUE(exists("pve1", "qemu", 150));
  auto over = call("proxmox_restore_backup_vm", {{"node", "pve1"},
                                                 {"vmid", 104},
                                                 {"archive", archive},
                                                 {"storage", "local-lvm"},
                                                 {"force", true}});
  EXPECT_TRUE(contains(over.text, "Confirmation Needed")) << over.text;
  // The generic call alike: a restore with force under a free ID replaces nothing.
  const auto restore = [&](int vmid) {
    return call("proxmox_api_call",
                {{"method", "POST"},
                 {"path", "/nodes/pve1/qemu"},
                 {"params",
                  {{"vmid", vmid}, {"archive", archive}, {"storage", "local-lvm"}, {"force", 1}}}});
  };
  auto free_id = restore(151);
  EXPECT_FALSE(contains(free_id.text, "Confirmation Needed")) << free_id.text;
  EXPECT_TRUE(exists("pve1", "qemu", 151));
  auto over_api = restore(104);
  EXPECT_TRUE(contains(over_api.text, "Confirmation Needed")) << over_api.text;
}

TEST_F(Confirming, OffForAutomation) {
  policy_ = policy::Policy(policy::Settings{.mode = policy::Mode::elevated, .confirm = false});
  tools_ = tools::make_tools(*client_, policy_);
  auto r = call("proxmox_stop_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(status("pve1", "qemu", 100), "stopped");
}

}  // namespace
}  // namespace integration
