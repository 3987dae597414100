// Backup write tools over the scripted Api: what vzdump, restore and delete receive, and refusals.
#include <gtest/gtest.h>

#include "harness.h"
#include "pve/error.h"
#include "task_script.h"
#include "text_match.h"
#include "tools/backup_config.h"
#include "tools/backup_volume.h"

namespace tools::testing {
namespace {

using nlohmann::json;

pve::Error not_found(const std::string& what) {
  return pve::Error(pve::ErrorKind::kNotFound, 500, "Configuration file does not exist", what);
}
const pve::Params kLogPage = {{"start", "0"}, {"limit", "500"}};

class BackupWrites : public ::testing::Test {
 protected:
  Harness h{policy::Settings{policy::Mode::elevated, false}};
};

// ---- create_backup ----

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
            (json{{"type", "string"}, {"description", "Volume ID from proxmox_list_backups"}}));
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

// ---- restore ----

TEST_F(BackupWrites, RestoreVmSendsArchiveNeverRestore) {
  const std::string u = upid("qmrestore", "120");
  const std::string archive = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.fail_get("/nodes/pve1/qemu/120/config", not_found("VM 120 not found on node pve1"));
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_restore_backup_vm", {{"node", "pve1"},
                                                {"vmid", 120},
                                                {"archive", archive},
                                                {"storage", "local-lvm"},
                                                {"unique", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{
          {"GET", "/nodes/pve1/qemu/120/config", {}},
          {"POST",
           "/nodes/pve1/qemu",
           {{"vmid", "120"}, {"archive", archive}, {"storage", "local-lvm"}, {"unique", "1"}}},
          {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "♻️  **Backup Restored**\n\n"
            "• **New VM ID**: 120\n• **Archive**: " +
                archive +
                "\n• **Type**: QEMU\n• **Node**: pve1\n• **Storage**: local-lvm\n"
                "• **MAC Addresses**: new random ones (unique)\n"
                "• **Task ID**: " +
                u +
                "\n• **Result**: ✅ OK\n\n"
                "**Note**: The restored VM has ID 120, whatever ID the backup was taken "
                "from.\n");
  EXPECT_EQ(r.structured["replaced"], false);
  EXPECT_EQ(r.structured["archive"], archive);
}

TEST_F(BackupWrites, RestoreContainerSendsOstemplateAndRestoreNeverArchive) {
  const std::string u = upid("vzrestore", "121");
  const std::string archive = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  h.api.fail_get("/nodes/pve1/lxc/121/config", not_found("CT 121 not found on node pve1"));
  h.api.on_get("/nodes/pve1/vzdump/extractconfig",
               "arch: amd64\nhostname: docker\nmemory: 2048\n"
               "rootfs: fast:vm-101-disk-0,size=8G\n\n"
               "[before-upgrade]\nrootfs: local-lvm:vm-101-disk-0,size=8G\n");
  h.api.on("POST", "/nodes/pve1/lxc", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_restore_backup_lxc",
                  {{"node", "pve1"}, {"vmid", "121"}, {"archive", archive}});
  ASSERT_FALSE(r.is_error) << r.text;
  // Proxmox's own default would be "local", which usually cannot hold container volumes.
  EXPECT_EQ(h.api.calls()[1],
            (Call{"GET", "/nodes/pve1/vzdump/extractconfig", {{"volume", archive}}}));
  EXPECT_EQ(
      h.api.calls()[2],
      (Call{"POST",
            "/nodes/pve1/lxc",
            {{"vmid", "121"}, {"ostemplate", archive}, {"restore", "1"}, {"storage", "fast"}}}));
  EXPECT_EQ(r.structured["type"], "lxc");
  EXPECT_EQ(r.structured["storage"], "fast");
  EXPECT_TRUE(Contains(r.text, "• **Storage**: fast (where the backup's root disk was)\n"));
}

TEST_F(BackupWrites, RestoreContainerWithoutAReadableArchiveConfigLeavesTheStorageToProxmox) {
  const std::string u = upid("vzrestore", "121");
  const std::string archive = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  h.api.fail_get("/nodes/pve1/lxc/121/config", not_found("CT 121 not found on node pve1"));
  h.api.fail_get("/nodes/pve1/vzdump/extractconfig",
                 pve::Error(pve::ErrorKind::kPermission, 403, "Permission check failed",
                            "Permission check failed"));
  h.api.on("POST", "/nodes/pve1/lxc", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_restore_backup_lxc",
                  {{"node", "pve1"}, {"vmid", "121"}, {"archive", archive}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls()[2], (Call{"POST",
                                    "/nodes/pve1/lxc",
                                    {{"vmid", "121"}, {"ostemplate", archive}, {"restore", "1"}}}));
  EXPECT_FALSE(r.structured.contains("storage"));
  EXPECT_TRUE(Contains(r.text,
                       "• **Storage**: Proxmox's default (local): the backup's config could not be "
                       "read (Permission check failed); pass storage if local cannot hold "
                       "container volumes\n"))
      << r.text;
}

TEST_F(BackupWrites, RestoreContainerStopsWhenTheArchiveConfigAnswerIsLost) {
  const std::string archive = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  h.api.fail_get("/nodes/pve1/lxc/121/config", not_found("CT 121 not found on node pve1"));
  h.api.fail_get("/nodes/pve1/vzdump/extractconfig",
                 pve::Error(pve::ErrorKind::kProtocol, 200, "",
                            "Proxmox at h:8006 sent a response to GET "
                            "/nodes/pve1/vzdump/extractconfig that is not valid JSON: '{\"data'"));
  auto r = h.call("proxmox_restore_backup_lxc",
                  {{"node", "pve1"}, {"vmid", "121"}, {"archive", archive}});
  ASSERT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "the config of backup " + archive +
                        " could not be read, so nothing was restored: Proxmox at h:8006 sent a "
                        "response to GET /nodes/pve1/vzdump/extractconfig that is not valid JSON: "
                        "'{\"data'. Try again, or pass storage to restore without reading it");
  EXPECT_EQ(h.api.calls().size(), 2U);  // no POST
}

TEST_F(BackupWrites, RestoreContainerStopsWhenAProxyAnswersForProxmox) {
  const std::string archive = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  h.api.fail_get("/nodes/pve1/lxc/121/config", not_found("CT 121 not found on node pve1"));
  h.api.fail_get("/nodes/pve1/vzdump/extractconfig",
                 pve::Error(pve::ErrorKind::kServer, 503, "", "Service Unavailable (HTTP 503)"));
  auto r = h.call("proxmox_restore_backup_lxc",
                  {{"node", "pve1"}, {"vmid", "121"}, {"archive", archive}});
  ASSERT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "the config of backup " + archive +
                        " could not be read, so nothing was restored: Service Unavailable (HTTP "
                        "503). Try again, or pass storage to restore without reading it");
  EXPECT_EQ(h.api.calls().size(), 2U);  // no POST
}

// Passing storage skips the archive's config, but the restore needs the same connection: without
// one, only mending it helps.
TEST_F(BackupWrites, RestoreContainerWithoutAConnectionSaysOnlyWhatHelps) {
  const std::string archive = "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst";
  const std::string tls =
      "TLS verification of h:8006 failed (self-signed certificate); set PROXMOX_FINGERPRINT to the "
      "value shown in the Proxmox UI under Node → System → Certificates";
  const std::string lost =
      "the connection to Proxmox at h:8006 failed during GET "
      "/nodes/pve1/vzdump/extractconfig (Connection reset by peer)";
  for (const auto& [error, ending] :
       {std::pair{pve::Error(pve::ErrorKind::kTls, 0, "", tls), tls},
        std::pair{pve::Error(pve::ErrorKind::kTransport, 0, "", lost),
                  lost + ". Try again once Proxmox can be reached"}}) {
    Harness fresh{policy::Settings{policy::Mode::elevated, false}};
    fresh.api.fail_get("/nodes/pve1/lxc/121/config", not_found("CT 121 not found on node pve1"));
    fresh.api.fail_get("/nodes/pve1/vzdump/extractconfig", error);
    auto r = fresh.call("proxmox_restore_backup_lxc",
                        {{"node", "pve1"}, {"vmid", "121"}, {"archive", archive}});
    ASSERT_TRUE(r.is_error);
    EXPECT_EQ(r.text, "the config of backup " + archive +
                          " could not be read, so nothing was restored: " + ending);
    EXPECT_EQ(fresh.api.calls().size(), 2U);  // no POST
  }
}

TEST(BackupConfig, RootfsStorageComesFromTheMainSectionOnly) {
  EXPECT_EQ(rootfs_storage_of("hostname: a\nrootfs: local-lvm:vm-1-disk-0,size=8G\n"), "local-lvm");
  EXPECT_EQ(rootfs_storage_of("rootfs:fast:subvol-1-disk-0,size=8G"), "fast");
  EXPECT_EQ(rootfs_storage_of("hostname: a\n\n[snap]\nrootfs: local-lvm:vm-1-disk-0\n"),
            std::nullopt);
  EXPECT_EQ(rootfs_storage_of("rootfs: /srv/ct1,size=0T\n"), std::nullopt);
  EXPECT_EQ(rootfs_storage_of(""), std::nullopt);
  EXPECT_EQ(rootfs_storage_of("#rootfs: other:vm-1-disk-0\nrootfs: fast:vm-1-disk-0,size=8G\n"
                              "[pve:pending]\nrootfs: slow:vm-1-disk-1,size=8G\n"),
            "fast");
}

TEST_F(BackupWrites, RestoreOverAnExistingGuestNeedsForce) {
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}});
  auto r = h.call("proxmox_restore_backup_vm",
                  {{"node", "pve1"},
                   {"vmid", 100},
                   {"archive", "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "VM 100 already exists on node pve1: restoring over it replaces its configuration and "
            "disks. Choose a free ID (proxmox_get_next_vmid) or pass force=true to overwrite it.");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/qemu/100/config", {}}}));
}

TEST_F(BackupWrites, ForcedRestoreRefusedForProtectedGuest) {
  h.api.on_get("/nodes/pve1/lxc/101/config", json{{"hostname", "docker"}, {"protection", "1"}});
  auto r = h.call("proxmox_restore_backup_lxc",
                  {{"node", "pve1"},
                   {"vmid", 101},
                   {"archive", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"},
                   {"force", true}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text,
            "CT 101 is protected (protection=1): refusing to restore a backup over it. Remove "
            "protection in Proxmox first if this is intended (Options → Protection, or `pct set "
            "101 --protection 0`).");
  EXPECT_EQ(h.api.calls(), (std::vector<Call>{{"GET", "/nodes/pve1/lxc/101/config", {}}}));
}

TEST_F(BackupWrites, ForcedRestoreOverUnprotectedGuest) {
  const std::string u = upid("qmrestore", "100");
  const std::string archive = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.on_get("/nodes/pve1/qemu/100/config", json{{"name", "web"}, {"protection", 0}});
  h.api.on("POST", "/nodes/pve1/qemu", u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r = h.call("proxmox_restore_backup_vm",
                  {{"node", "pve1"}, {"vmid", 100}, {"archive", archive}, {"force", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls()[1],
      (Call{"POST", "/nodes/pve1/qemu", {{"vmid", "100"}, {"archive", archive}, {"force", "1"}}}));
  EXPECT_EQ(r.structured["replaced"], true);
  EXPECT_NE(r.text.find("• **Replaced**: the existing VM 100 (force)\n"), std::string::npos);
}

TEST_F(BackupWrites, RestoreArchiveMustBeABackupOfTheRightType) {
  auto r = h.call("proxmox_restore_backup_vm",
                  {{"node", "pve1"},
                   {"vmid", 120},
                   {"archive", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"}});
  EXPECT_EQ(
      r.text,
      "Invalid argument 'archive': local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst is "
      "a container backup; restore it with proxmox_restore_backup_lxc");
  for (const std::string bad : {"local:iso/debian.iso", "local-lvm:vm-100-disk-0",
                                "local:backup/../images/100/vm-100-disk-0.qcow2",
                                "/var/lib/vz/dump/vzdump-qemu-100.vma", "local:backup/"}) {
    SCOPED_TRACE(bad);
    r = h.call("proxmox_restore_backup_vm", {{"node", "pve1"}, {"vmid", 120}, {"archive", bad}});
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text,
              "Invalid argument 'archive': must be a backup volume such as "
              "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst (see "
              "proxmox_list_backups)");
  }
  EXPECT_TRUE(h.api.calls().empty());
}

// ---- delete_backup ----

json backup_listing() {
  return json::parse(R"([
    {"volid":"local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst","content":"backup",
     "format":"vma.zst","size":2061584302,"ctime":1763604003,"vmid":100,"subtype":"qemu"},
    {"volid":"local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst","content":"backup",
     "format":"tar.zst","size":804257792,"ctime":1763604641,"vmid":101,"protected":1}])");
}

TEST_F(BackupWrites, DeleteBackupLooksItUpThenDeletesTheEncodedVolume) {
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  const std::string u = upid("imgdel", "local");
  const std::string del_path =
      "/nodes/pve1/storage/local/content/"
      "local%3Abackup%2Fvzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  h.api.on("DELETE", del_path, u);
  h.api.on_get(status_path(u), stopped(u, "OK"));
  auto r =
      h.call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", volid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(
      h.api.calls(),
      (std::vector<Call>{{"GET", "/nodes/pve1/storage/local/content", {{"content", "backup"}}},
                         {"DELETE", del_path, {}},
                         {"GET", status_path(u), {}}}));
  EXPECT_EQ(r.text,
            "🗑️  **Backup Deleted**\n\n"
            "• **Node**: pve1\n• **Storage**: local\n• **Volume**: " +
                volid +
                "\n• **Size**: 1.92 GiB\n"
                "• **Task ID**: " +
                u + "\n• **Result**: ✅ OK\n");
  EXPECT_EQ(r.structured["vmid"], 100);
  EXPECT_EQ(r.structured["volume"], volid);
}

TEST_F(BackupWrites, DeleteBackupAnsweredNullWasSynchronous) {
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  h.api.on("DELETE", pve::path({"nodes", "pve1", "storage", "local", "content", volid}), json());
  auto r =
      h.call("proxmox_delete_backup", {{"node", "pve1"}, {"storage", "local"}, {"volume", volid}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(h.api.calls().size(), 2u);
  EXPECT_NE(r.text.find("• **Result**: ✅ done (Proxmox applied it at once; there is no task)\n"),
            std::string::npos)
      << r.text;
  EXPECT_FALSE(r.structured.contains("upid"));
}

TEST_F(BackupWrites, DeleteBackupRefusesWhatIsNotABackupWithoutAnyRequest) {
  for (const auto& [storage, volume] : std::vector<std::pair<std::string, std::string>>{
           {"local", "local:iso/debian-12.iso"},
           {"local", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"},
           {"local-lvm", "local-lvm:vm-100-disk-0"},
           {"local", "local:backup/../images/100/vm-100-disk-0.qcow2"},
           {"local", "vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"}}) {
    SCOPED_TRACE(volume);
    auto r = h.call("proxmox_delete_backup",
                    {{"node", "pve1"}, {"storage", storage}, {"volume", volume}});
    EXPECT_TRUE(r.is_error);
    EXPECT_EQ(r.text, "Invalid argument 'volume': " + volume +
                          " is not a backup volume; proxmox_delete_backup deletes only backups, "
                          "named like " +
                          storage + ":backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst");
  }
  auto r = h.call("proxmox_delete_backup",
                  {{"node", "pve1"},
                   {"storage", "local"},
                   {"volume", "backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst"}});
  EXPECT_EQ(
      r.text,
      "Invalid argument 'volume': backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst"
      " is on storage backup-nfs, not local");
  EXPECT_TRUE(h.api.calls().empty());
}

TEST_F(BackupWrites, DeleteBackupRefusesUnlistedAndProtectedBackups) {
  h.api.on_get("/nodes/pve1/storage/local/content", backup_listing());
  auto r = h.call("proxmox_delete_backup",
                  {{"node", "pve1"},
                   {"storage", "local"},
                   {"volume", "local:backup/vzdump-qemu-999-2026_11_20-02_00_03.vma.zst"}});
  EXPECT_EQ(
      r.text,
      "No backup local:backup/vzdump-qemu-999-2026_11_20-02_00_03.vma.zst on storage local of "
      "node pve1 (proxmox_list_backups shows the backups there)");
  r = h.call("proxmox_delete_backup",
             {{"node", "pve1"},
              {"storage", "local"},
              {"volume", "local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"}});
  EXPECT_EQ(r.text,
            "Backup local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst is protected: refusing "
            "to delete it. Remove its protection in Proxmox first if this is intended.");
  for (const auto& c : h.api.calls()) EXPECT_EQ(c.method, "GET");
}

TEST_F(BackupWrites, Annotations) {
  for (const char* suffix : {"_vm", "_lxc"}) {
    const auto& create = h.tool(std::string("proxmox_create_backup") + suffix).annotations;
    EXPECT_FALSE(create.destructive);
    EXPECT_FALSE(create.idempotent);
    const auto& restore = h.tool(std::string("proxmox_restore_backup") + suffix).annotations;
    EXPECT_TRUE(restore.destructive);
    EXPECT_FALSE(restore.idempotent);
  }
  EXPECT_TRUE(h.tool("proxmox_delete_backup").annotations.destructive);
  EXPECT_EQ(h.tool("proxmox_delete_backup").input_schema["required"],
            (json{"node", "storage", "volume"}));
}

// ---- the helpers ----

TEST(BackupVolume, ParsesOnlyCleanBackupVolids) {
  auto v = parse_backup_volid("pbs:backup/vm/100/2026-11-26T10:00:00Z");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->storage, "pbs");
  EXPECT_EQ(v->name, "vm/100/2026-11-26T10:00:00Z");
  EXPECT_EQ(backup_guest_type(v->name), "qemu");
  EXPECT_EQ(backup_guest_type("vzdump-openvz-100-x.tar"), "lxc");
  EXPECT_EQ(backup_guest_type("ct/101/2026"), "lxc");
  EXPECT_EQ(backup_guest_type("my-archive.vma"), "");
  for (const char* bad : {"local:backup", "local:backup//x", "local:backup/./x", "1x:backup/a",
                          "local:backupx/a", ":backup/a", "local:backup/a\n"}) {
    EXPECT_FALSE(parse_backup_volid(bad).has_value()) << bad;
  }
}

TEST(BackupVolume, VolumeFromAPbsLog) {
  EXPECT_EQ(volid_from_vzdump_log(
                {"INFO: Starting Backup of VM 100 (qemu)",
                 "INFO: creating Proxmox Backup Server archive 'vm/100/2026-11-26T10:00:00Z'"},
                "pbs"),
            "pbs:backup/vm/100/2026-11-26T10:00:00Z");
  EXPECT_EQ(volid_from_vzdump_log({"INFO: creating vzdump archive ''", "TASK OK"}, "local"),
            std::nullopt);
}

}  // namespace
}  // namespace tools::testing
