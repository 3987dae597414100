// The pveum commands `proxmox-mcp bootstrap` prints, sent to pve-sim as the API requests pveum
// makes of them; the token they create then runs its tier's tools, and no more.
#include <sstream>

#include "pve/error.h"
#include "setup/bootstrap_command.h"
#include "setup/doctor.h"
#include "write_fixture.h"

namespace integration {
namespace {

// A command line's words, quotes removed ('…' and "…" as a shell reads them).
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

class BootstrapRole : public WriteSimTest {
 protected:
  // Runs `proxmox-mcp bootstrap ARGS` and sends each pveum command with the root token, as
  // pveum's API calls (PVE::CLI::pveum maps each to one endpoint). Returns the new token's secret.
  std::string apply_bootstrap(std::vector<std::string> args) {
    args.insert(args.begin(), "bootstrap");
    std::ostringstream out, err;
    EXPECT_EQ(setup::run_bootstrap(args, out, err), 0) << err.str();
    std::istringstream lines(out.str());
    std::string secret;
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("pveum ")) continue;
      const std::vector<std::string> w = shell_words(line);
      pve::Params params;
      for (size_t i = 4; i + 1 < w.size(); i += 2) {
        if (w[i].starts_with("--")) params.emplace_back(w[i].substr(2), w[i + 1]);
      }
      const std::string command = w[1] + " " + w[2];
      if (command == "role add") {
        params.emplace_back("roleid", w[3]);
        client_->post("/access/roles", params);
      } else if (command == "user add") {
        params.emplace_back("userid", w[3]);
        client_->post("/access/users", params);
      } else if (command == "acl modify") {
        params.emplace_back("path", w[3]);
        client_->put("/access/acl", params);
      } else if (command == "user token") {  // user token add USER NAME
        params.clear();
        for (size_t i = 6; i + 1 < w.size(); i += 2) params.emplace_back(w[i].substr(2), w[i + 1]);
        const auto token =
            client_->post(pve::path({"access", "users", w[4], "token", w[5]}), params);
        secret = token.at("value").get<std::string>();
      } else {
        ADD_FAILURE() << "a pveum command the test does not know: " << line;
      }
    }
    return secret;
  }

  void expect_works(const std::string& tool, const nlohmann::json& args) {
    const mcp::ToolResult r = call(tool, args);
    EXPECT_FALSE(r.is_error) << tool << ": " << r.text;
  }
  void expect_refused(const std::string& tool, const nlohmann::json& args,
                      const std::string& privilege) {
    const mcp::ToolResult r = call(tool, args);
    EXPECT_TRUE(r.is_error) << tool;
    EXPECT_TRUE(contains(r.text, privilege)) << tool << ": " << r.text;
  }
};

TEST_F(BootstrapRole, ReadOnlyTokenRunsTheReadToolsAndSeesEverything) {
  const std::string secret = apply_bootstrap({"--tier", "read-only"});
  use_token("mcp@pve", "mcpserver", secret);
  const mcp::ToolResult vms = call("proxmox_get_vms");
  ASSERT_FALSE(vms.is_error) << vms.text;
  EXPECT_GT(vms.structured.at("vms").size(), 3u);  // Proxmox hides what a token may not audit
  const mcp::ToolResult storage = call("proxmox_get_storage", {{"node", "pve1"}});
  ASSERT_FALSE(storage.is_error) << storage.text;
  EXPECT_GT(storage.structured.at("storages").size(), 1u);
  for (const auto& [tool, args] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"proxmox_get_nodes", {}},
           {"proxmox_get_node_status", {{"node", "pve1"}}},
           {"proxmox_get_cluster_status", {}},
           {"proxmox_list_templates", {{"node", "pve1"}}},
           {"proxmox_get_vm_status", {{"node", "pve1"}, {"vmid", 100}}},
           {"proxmox_get_vm_config", {{"node", "pve1"}, {"vmid", 100}}},
           {"proxmox_get_pools", {}},
           {"proxmox_get_guest_ips", {{"node", "pve1"}, {"vmid", 101}, {"type", "lxc"}}},
           {"proxmox_get_ha_resources", {}},
           {"proxmox_get_firewall_rules", {{"level", "node"}, {"node", "pve1"}}},
           {"proxmox_get_rrd_data", {{"node", "pve1"}, {"timeframe", "week"}}},
           {"proxmox_list_snapshots_vm", {{"node", "pve1"}, {"vmid", 100}}},
           {"proxmox_list_backups", {{"node", "pve1"}, {"storage", "local"}}},
           {"proxmox_list_tasks", {{"node", "pve2"}}},
           {"proxmox_whoami", {}}}) {
    expect_works(tool, args);
  }
  expect_refused("proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}}, "VM.PowerMgmt");
}

TEST_F(BootstrapRole, OperatorTokenRunsDayToDayWorkButCannotDelete) {
  const std::string secret = apply_bootstrap({"--tier", "operator", "--user", "ops@pve"});
  use_token("ops@pve", "mcpserver", secret);
  expect_refused("proxmox_delete_vm", {{"node", "pve2"}, {"vmid", 102}}, "VM.Allocate");
  expect_works("proxmox_start_vm", {{"node", "pve2"}, {"vmid", 102}});
  expect_works("proxmox_resize_vm", {{"node", "pve1"}, {"vmid", 100}, {"cores", 4}});
  expect_works("proxmox_create_snapshot_lxc",
               {{"node", "pve1"}, {"vmid", 101}, {"snapname", "ops1"}});
  expect_works("proxmox_rollback_snapshot_lxc",
               {{"node", "pve1"}, {"vmid", 101}, {"snapname", "ops1"}});
  expect_works("proxmox_delete_snapshot_lxc",
               {{"node", "pve1"}, {"vmid", 101}, {"snapname", "ops1"}});
  expect_works("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"mode", "stop"}});
  expect_works("proxmox_migrate_lxc", {{"node", "pve2"}, {"vmid", 103}, {"target", "pve1"}});
  expect_refused(
      "proxmox_add_disk_vm",
      {{"node", "pve1"}, {"vmid", 100}, {"disk", "scsi1"}, {"storage", "local-lvm"}, {"size", "4"}},
      "VM.Config.Disk");
}

TEST_F(BootstrapRole, AdminTokenChangesDisksNetworksAndGuests) {
  const std::string secret = apply_bootstrap({"--tier", "admin", "--token", "all"});
  use_token("mcp@pve", "all", secret);
  expect_works("proxmox_add_disk_vm", {{"node", "pve1"},
                                       {"vmid", 100},
                                       {"disk", "scsi1"},
                                       {"storage", "local-lvm"},
                                       {"size", "4"}});
  expect_works("proxmox_add_network_lxc",
               {{"node", "pve1"}, {"vmid", 101}, {"net", "net1"}, {"bridge", "vmbr0"}});
  expect_works("proxmox_execute_vm_command",
               {{"node", "pve1"}, {"vmid", 100}, {"command", "uptime"}});
  expect_works("proxmox_clone_vm", {{"node", "pve2"}, {"vmid", 102}});
  expect_works("proxmox_create_vm", {{"node", "pve1"},
                                     {"name", "web-01"},
                                     {"memory", 1024},
                                     {"cores", 2},
                                     {"disk_size", "1.5G"},
                                     {"iso", "local:iso/alpine-virt-3.22.1-x86_64.iso"},
                                     {"agent", true}});
  expect_works("proxmox_restore_backup_lxc",
               {{"node", "pve1"},
                {"vmid", 401},
                {"archive", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"},
                {"storage", "local-lvm"}});
  expect_works("proxmox_delete_backup",
               {{"node", "pve1"},
                {"storage", "local"},
                {"volume", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"}});
  expect_works("proxmox_delete_lxc", {{"node", "pve2"}, {"vmid", 103}, {"force", true}});
}

// With the settings bootstrap prints, doctor finds nothing missing for the operator's tools.
TEST_F(BootstrapRole, DoctorFindsTheOperatorTokenComplete) {
  const std::string secret = apply_bootstrap({"--tier", "operator"});
  config::Config config;
  config.allow_elevated = true;
  config.toolsets = "inventory,tasks,lifecycle,snapshots,backups";
  config.disabled_tools =
      "proxmox_clone_vm,proxmox_clone_lxc,proxmox_set_tags,proxmox_restore_backup_vm,"
      "proxmox_restore_backup_lxc,proxmox_delete_backup,proxmox_cancel_task";
  setup::DoctorInput input;
  input.config = &config;
  input.options.host = "127.0.0.1";
  input.options.port = sim_->port();
  input.options.user = "mcp@pve";
  input.options.token_secret = secret;
  input.options.fingerprint = sim_->fingerprint();
  std::ostringstream out;
  EXPECT_EQ(setup::run_doctor(input, out), 0) << out.str();
  EXPECT_TRUE(contains(out.str(),
                       "ok    privileges    the token holds what all 46 enabled tools "
                       "need\n"))
      << out.str();
  // The same token with the disk tools enabled lacks what they need.
  config.toolsets += ",disks";
  out.str("");
  EXPECT_EQ(setup::run_doctor(input, out), 1);
  EXPECT_TRUE(contains(out.str(),
                       "FAIL  privileges    proxmox_add_disk_vm needs VM.Config.Disk "
                       "on /vms\n"))
      << out.str();
}

TEST_F(BootstrapRole, PveumRefusesWhatProxmoxWouldRefuse) {
  apply_bootstrap({"--tier", "read-only"});
  try {
    client_->post("/access/roles", {{"roleid", "ProxmoxMCP-read-only"}, {"privs", "VM.Audit"}});
    ADD_FAILURE() << "a second role of the same name";
  } catch (const pve::Error& e) {
    EXPECT_TRUE(
        contains(e.what(), "create role failed: role 'ProxmoxMCP-read-only' already exists"))
        << e.what();
  }
  // PVE 8's admin role differs from PVE 9's in VM.Monitor alone, which PVE 9 refuses.
  try {
    apply_bootstrap({"--tier", "admin", "--pve", "8", "--role", "Pve8Admin", "--user", "o@pve"});
    ADD_FAILURE() << "PVE 9 has no VM.Monitor";
  } catch (const pve::Error& e) {
    EXPECT_TRUE(contains(e.what(), "create role failed: invalid privilege 'VM.Monitor'"))
        << e.what();
  }
}

}  // namespace
}  // namespace integration
