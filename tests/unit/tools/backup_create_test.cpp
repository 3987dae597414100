// proxmox_create_backup_*: what vzdump receives, the volume reported, refusals.
#include <gtest/gtest.h>

#include "backup_harness.h"
#include "task_script.h"
#include "text_match.h"

namespace tools::testing {
namespace {

using nlohmann::json;

TEST_F(BackupWrites, CreateVmBackupReportsTheVolumeFromTheLog) {
  const std::string u = upid("vzdump", "100");
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on("POST", "/nodes/pve1/vzdump", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  h.api.on_get(log_path(u), json::parse(R"json([
    {"n":1,"t":"INFO: starting new backup job: vzdump 100 --storage local --mode snapshot --compress zstd"},
    {"n":2,"t":"INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst'"},
    {"n":3,"t":"INFO: Finished Backup of VM 100 (00:00:12)"
},
    {"n":4,"t":"TASK OK"}])json"));
  auto r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{
          {"GET", "/nodes/pve1/qemu/100/config", {}},
          {"POST",
           "/nodes/pve1/vzdump",
           {{"vmid", "100"}, {"storage", "local"}, {"mode", "snapshot"}, {"compress", "zstd"}}},
          {"GET", status_path(u), {}},
          {"GET", log_path(u), kLogPage}}));
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst";
  EXPECT_EQ(r.text,
            "💾 **Backup Created**\n\n"
            "• **VM ID**: 100\n• **Type**: QEMU\n• **Node**: pve1\n"
            "• **Storage**: local\n• **Mode**: snapshot\n• **Compression**: zstd\n"
            "• **Task ID**: " +
                u +
                "\n• **Result**: ✅ OK\n"
                "• **Backup Volume**: " +
                volid + "\n\n**Tip**: Use `proxmox_list_backups` to view all backups.\n");
  EXPECT_EQ(r.structured["volid"], volid);
  EXPECT_EQ(r.structured["compress"], "zstd");
  EXPECT_EQ(r.structured["upid"], u);
  EXPECT_EQ(r.structured["exitstatus"], "OK");
}

TEST_F(BackupWrites, CompressNoneIsZeroForVzdumpWithNotesAndProtection) {
  const std::string u = upid("vzdump", "101");
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}});
  h.api.on("POST", "/nodes/pve1/vzdump", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  h.api.on_get(log_path(u), json::parse(R"([
    {"n":1,"t":"INFO: creating vzdump archive '/mnt/pve/backup-nfs/dump/vzdump-lxc-101-2026_11_26-10_00_00.tar'"}])"));
  auto r = h.call("proxmox_create_backup_lxc", {{"node", "pve1"},
                                                {"vmid", "101"},
                                                {"storage", "backup-nfs"},
                                                {"mode", "stop"},
                                                {"compress", "none"},
                                                {"notes", "pre-upgrade C:\\ {{guestname}}\nline 2"},
                                                {"protected", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[1],
            (Call{"POST",
                  "/nodes/pve1/vzdump",
                  {{"vmid", "101"},
                   {"storage", "backup-nfs"},
                   {"mode", "stop"},
                   {"compress", "0"},
                   {"notes-template", "pre-upgrade C:\\\\ {{guestname}}\\nline 2"},
                   {"protected", "1"}}}));
  EXPECT_EQ(r.structured["volid"], "backup-nfs:backup/vzdump-lxc-101-2026_11_26-10_00_00.tar");
  EXPECT_EQ(r.structured["compress"], "none");
  EXPECT_EQ(r.structured["protected"], true);
  EXPECT_NE(
      r.text.find("• **Notes**: pre-upgrade C:\\ {{guestname}} line 2\n• **Protected**: yes\n"),
      std::string::npos)
      << r.text;
}

TEST_F(BackupWrites, VzdumpOkWithoutTaskIsAnError) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on("POST", "/nodes/pve1/vzdump", json("OK"));
  auto r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "No backup was made: vzdump on node pve1 answered \"OK\" without starting a task, so "
            "VM 100 is not on that node");
}

TEST_F(BackupWrites, BackupOfAMissingGuestNeverStartsVzdump) {
  h.api.fail_get("/nodes/pve1/qemu/101/config", not_found("VM 101 not found on node pve1"));
  auto r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 101}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "VM 101 not found on node pve1");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/101/config", {}}}));
}

TEST_F(BackupWrites, BadModeCompressOrNotesNeverReachProxmox) {
  auto r =
      h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"compress", "xz"}});
  EXPECT_EQ(r.text, "Invalid argument 'compress': must be one of: none, gzip, lzo, zstd");
  r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"mode", "live"}});
  EXPECT_EQ(r.text, "Invalid argument 'mode': must be one of: snapshot, suspend, stop");
  r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"notes", "a\tb"}});
  EXPECT_EQ(r.text, "Invalid argument 'notes': must not contain control characters");
  r = h.call("proxmox_create_backup_vm",
             {{"node", "pve1"}, {"vmid", 100}, {"notes", std::string(1000, '\\')}});
  EXPECT_EQ(r.text, "Invalid argument 'notes': at most 1024 characters (after escaping)");
  EXPECT_TRUE(h.api.calls().empty());
}

// The lean schema keeps vzdump's short mode and compress lists; lengths, patterns and ranges are
// the server's rules, refused before anything reaches Proxmox.
TEST_F(BackupWrites, TheServerChecksWhatTheLeanSchemaNoLongerSays) {
  const json& props = h.tool("proxmox_create_backup_lxc").input_schema["properties"];
  EXPECT_EQ(props["mode"]["enum"], (json{"snapshot", "suspend", "stop"}));
  EXPECT_EQ(props["compress"]["enum"], (json{"none", "gzip", "lzo", "zstd"}));
  EXPECT_EQ(props["notes"], (json{{"type", "string"}}));
  EXPECT_EQ(props["storage"], (json{{"type", "string"}, {"default", "local"}}));
  EXPECT_EQ(h.tool("proxmox_restore_backup_vm").input_schema["properties"]["archive"],
            (json{{"type", "string"}, {"description", "From proxmox_list_backups"}}));
  auto refusal = [&](const std::string& tool, json args) {
    EXPECT_EQ(mcp::accept_arguments(h.tool(tool).input_schema, args), std::nullopt);
    mcp::ToolResult r = h.call(tool, args);
    EXPECT_TRUE(r.is_error);
    return r.text;
  };
  const std::string storage_rule =
      "Invalid argument 'storage': must be a storage ID (a letter, then letters, digits, '-', "
      "'_' or '.')";
  EXPECT_EQ(
      refusal("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"storage", "../x"}}),
      storage_rule);
  EXPECT_EQ(refusal("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}, {"timeout", -1}}),
            "Invalid argument 'timeout': must be an integer between 0 and 3600");
  EXPECT_EQ(refusal("proxmox_restore_backup_lxc",
                    {{"node", "pve1"},
                     {"vmid", 121},
                     {"archive", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"},
                     {"storage", ""}}),
            storage_rule);
  // 256 characters: over Proxmox's archive maxLength.
  const std::string long_archive = "local:backup/vzdump-qemu-100-" + std::string(227, 'x');
  ASSERT_EQ(long_archive.size(), 256u);
  EXPECT_EQ(refusal("proxmox_restore_backup_vm",
                    {{"node", "pve1"}, {"vmid", 120}, {"archive", long_archive}}),
            "Invalid argument 'archive': must be a backup volume such as "
            "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst (see proxmox_list_backups)");
  EXPECT_EQ(refusal("proxmox_delete_backup",
                    {{"node", "pve1"},
                     {"storage", "lo cal"},
                     {"volume", "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}}),
            storage_rule);
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(BackupWrites, FailedBackupHasNoVolumeAndIsAnError) {
  const std::string u = upid("vzdump", "100");
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  h.api.on("POST", "/nodes/pve1/vzdump", u);
  h.api.on_get(status_path(u), stopped(u, "job errors"));
  h.api.on_get_envelope(log_path(u), json::parse(R"({"data":[
    {"n":1,"t":"ERROR: Backup of VM 100 failed - no space left on device"},
    {"n":2,"t":"TASK ERROR: job errors"}],"total":2})"));
  auto r = h.call("proxmox_create_backup_vm", {{"node", "pve1"}, {"vmid", 100}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text.substr(0, r.text.find('\n')), "❌ **Backup Failed**");
  EXPECT_NE(r.text.find("ERROR: Backup of VM 100 failed - no space left on device"),
            std::string::npos);
  EXPECT_EQ(r.text.find("Backup Volume"), std::string::npos);
}

}  // namespace
}  // namespace tools::testing
