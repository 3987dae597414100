// proxmox_restore_backup_*: what the restore receives, the archive config read, refusals.
#include <gtest/gtest.h>

#include "backup_harness.h"
#include "task_script.h"
#include "text_match.h"
#include "tools/backup_config.h"

namespace tools::testing {
namespace {

using nlohmann::json;

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

}  // namespace
}  // namespace tools::testing
