// Backups on the model: vzdump archives (names, sizes, notes, config), errors, content delete.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

class BackupWriteTest : public ModelTest {
 protected:
  void SetUp() override { model = make_sim_cluster_model("small", 0, clock.clock()); }

  ApiResponse send(const std::string& method, const std::string& template_path,
                   const std::string& path, Json params = Json::object(),
                   const std::string& auth_id = kRoot) {
    ApiRequest request = get(template_path, path, std::move(params), auth_id);
    request.method = method;
    return model->handle(request);
  }
  ApiResponse vzdump(Json params, const std::string& node = "pve1",
                     const std::string& auth_id = kRoot) {
    return send("POST", "/nodes/{node}/vzdump", "/nodes/" + node + "/vzdump", std::move(params),
                auth_id);
  }
  Json task_status(const std::string& upid) {
    const std::string node = parse_upid(upid)->node;
    return call_ok("/nodes/{node}/tasks/{upid}/status", "/nodes/" + node + "/tasks/x/status",
                   {{"upid", upid}});
  }
  Json backup_entry(const std::string& node, const std::string& storage, const std::string& volid) {
    Json content =
        call_ok("/nodes/{node}/storage/{storage}/content",
                "/nodes/" + node + "/storage/" + storage + "/content", {{"content", "backup"}});
    for (const auto& entry : content) {
      if (entry["volid"] == volid) return entry;
    }
    return nullptr;
  }
};

const char* kDelete = "/nodes/{node}/storage/{storage}/content/{volume}";

TEST_F(BackupWriteTest, OneVmToLocalWithZstdAndNotes) {
  clock.advance_ms(10 * 3600 * 1000);  // 2026-11-26 10:00:00 UTC
  ApiResponse started = vzdump({{"vmid", "100"},
                                {"storage", "local"},
                                {"mode", "snapshot"},
                                {"compress", "zstd"},
                                {"notes-template", "{{guestname}} on {{node}} ({{cluster}})"}});
  ASSERT_EQ(started.status, 200) << started.message;
  const std::string upid = started.data.get<std::string>();
  EXPECT_NE(upid.find(":vzdump:100:root@pam!mcpserver:"), std::string::npos) << upid;
  model->with_state(
      [](ClusterState& state) { EXPECT_EQ(guest_lock(state.guests.at(100)), "backup"); });
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst";
  Json entry = backup_entry("pve1", "local", volid);
  ASSERT_FALSE(entry.is_null());
  EXPECT_EQ(entry["format"], "vma.zst");
  EXPECT_EQ(entry["vmid"], 100);
  EXPECT_EQ(entry["ctime"], 1795687200);
  EXPECT_EQ(entry["notes"], "web on pve1 (homelab)");
  // 14 GiB allocated on scsi0, zstd keeps 14 % of it.
  EXPECT_EQ(entry["size"], static_cast<std::int64_t>(14.0 * 1024 * 1024 * 1024 * 0.14));
  EXPECT_FALSE(entry.contains("protected"));
  model->with_state([&](ClusterState& state) {
    EXPECT_EQ(guest_lock(state.guests.at(100)), "");
    for (const auto& volume : state.pool("pve1", "local")->volumes) {
      if (volume.volid != volid) continue;
      EXPECT_EQ(volume.backup_config["name"], "web");
      EXPECT_EQ(volume.backup_config["scsi0"], "local-lvm:vm-100-disk-0,iothread=1,size=32G");
      EXPECT_FALSE(volume.backup_config.contains("parent"));
      EXPECT_FALSE(volume.backup_config.contains("lock"));
    }
  });
  const Json log = task_log_texts(upid);
  EXPECT_EQ(log.front(),
            "INFO: starting new backup job: vzdump 100 --compress zstd --mode snapshot "
            "--notes-template '{{guestname}} on {{node}} ({{cluster}})' --storage local");
  EXPECT_NE(std::find(log.begin(), log.end(),
                      "INFO: creating vzdump archive "
                      "'/var/lib/vz/dump/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst'"),
            log.end());
  EXPECT_NE(
      std::find(log.begin(), log.end(), "INFO: include disk 'scsi0' 'local-lvm:vm-100-disk-0' 32G"),
      log.end());
  EXPECT_NE(std::find(log.begin(), log.end(), "INFO: Finished Backup of VM 100 (00:00:00)"),
            log.end());
  EXPECT_EQ(log[log.size() - 2], "INFO: Backup job finished successfully");
  EXPECT_EQ(log.back(), "TASK OK");
}

TEST_F(BackupWriteTest, ArchiveNamePerCompressValue) {
  const std::pair<const char*, const char*> cases[] = {
      {"0", "vma"}, {"1", "vma.lzo"}, {"lzo", "vma.lzo"}, {"gzip", "vma.gz"}, {"zstd", "vma.zst"}};
  for (const auto& [compress, format] : cases) {
    clock.advance_ms(1000);
    const std::int64_t now_s = *clock.now / 1000;
    ApiResponse started = vzdump({{"vmid", "100"}, {"storage", "local"}, {"compress", compress}});
    ASSERT_EQ(started.status, 200) << started.message;
    EXPECT_EQ(task_status(started.data.get<std::string>())["exitstatus"], "OK");
    const std::time_t t = static_cast<std::time_t>(now_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y_%m_%d-%H_%M_%S", &tm);
    const std::string volid = "local:backup/vzdump-qemu-100-" + std::string(stamp) + "." + format;
    Json entry = backup_entry("pve1", "local", volid);
    ASSERT_FALSE(entry.is_null()) << volid;
    EXPECT_EQ(entry["format"], format);
  }
  // A container archive is a tar.
  ApiResponse lxc = vzdump({{"vmid", "101"}, {"storage", "local"}, {"protected", "1"}});
  EXPECT_EQ(task_status(lxc.data.get<std::string>())["exitstatus"], "OK");
  Json entry = backup_entry("pve1", "local", "local:backup/vzdump-lxc-101-2026_11_26-00_00_05.tar");
  ASSERT_FALSE(entry.is_null());
  EXPECT_EQ(entry["format"], "tar");
  EXPECT_EQ(entry["protected"], 1);
  EXPECT_EQ(entry["size"], 6LL * 1024 * 1024 * 1024 + 312LL * 1024 * 1024);
}

TEST_F(BackupWriteTest, SelectionAndErrors) {
  // Nothing of pve2 lives on pve1: no task at all.
  ApiResponse none = vzdump({{"vmid", "102"}, {"storage", "local"}});
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.data, "OK");
  // Several guests: no task id; a locked one fails the job.
  ApiResponse two = vzdump({{"vmid", "102,105"}, {"storage", "backup-nfs"}}, "pve2");
  const std::string upid = two.data.get<std::string>();
  EXPECT_NE(upid.find(":vzdump::root@pam!mcpserver:"), std::string::npos) << upid;
  EXPECT_EQ(task_status(upid)["exitstatus"], "job errors");
  const Json log = task_log_texts(upid);
  EXPECT_NE(
      std::find(log.begin(), log.end(), "ERROR: Backup of VM 105 failed - CT is locked (backup)"),
      log.end());
  EXPECT_FALSE(backup_entry("pve2", "backup-nfs",
                            "backup-nfs:backup/vzdump-qemu-102-2026_11_26-00_00_00.vma")
                   .is_null());

  ApiResponse wrong = vzdump({{"vmid", "100"}, {"storage", "local-lvm"}});
  EXPECT_EQ(task_status(wrong.data.get<std::string>())["exitstatus"],
            "can't use storage 'local-lvm' for backups - wrong content type");
  ApiResponse conflict = vzdump({{"vmid", "100"}, {"all", "1"}});
  EXPECT_EQ(conflict.status, 400);
  EXPECT_EQ(conflict.errors.at("all"), "option conflicts with option 'vmid'");
  ApiResponse missing = vzdump(Json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.errors.at("vmid"), "property is missing");
  ApiResponse denied = vzdump({{"vmid", "104"}, {"storage", "local"}}, "pve1", kOperator);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.message, "Permission check failed (/vms/104, VM.Backup)\n");
}

TEST_F(BackupWriteTest, DeleteBackupVolume) {
  const std::string volid = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  ApiResponse started =
      send("DELETE", kDelete, "/nodes/pve1/storage/local/content/x", {{"volume", volid}});
  ASSERT_EQ(started.status, 200) << started.message;
  const std::string upid = started.data.get<std::string>();
  EXPECT_NE(upid.find(":imgdel:100@local:"), std::string::npos) << upid;
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_EQ(task_log_texts(upid), (Json{"Removed volume '" + volid + "'", "TASK OK"}));
  EXPECT_TRUE(backup_entry("pve1", "local", volid).is_null());

  // Relative names, protected backups, missing files and mismatched storages.
  ApiResponse guarded = send("DELETE", kDelete, "/nodes/pve1/storage/backup-nfs/content/x",
                             {{"volume", "backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst"}});
  EXPECT_EQ(task_status(guarded.data.get<std::string>())["exitstatus"],
            "cannot remove protected volume "
            "'backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst' on storage "
            "'backup-nfs'");
  ApiResponse gone =
      send("DELETE", kDelete, "/nodes/pve1/storage/local/content/x", {{"volume", volid}});
  const std::string gone_upid = gone.data.get<std::string>();
  EXPECT_EQ(task_status(gone_upid)["exitstatus"], "WARNINGS: 1");
  EXPECT_EQ(task_log_texts(gone_upid)[0],
            "disk image '/var/lib/vz/dump/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst' does not "
            "exist");
  ApiResponse mismatch =
      send("DELETE", kDelete, "/nodes/pve1/storage/local-lvm/content/x", {{"volume", volid}});
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.errors.at("volume"), "storage ID mismatch (local != local-lvm)");
  ApiResponse thin = send("DELETE", kDelete, "/nodes/pve1/storage/local-lvm/content/x",
                          {{"volume", "vm-100-disk-7"}});
  EXPECT_EQ(task_status(thin.data.get<std::string>())["exitstatus"],
            "lvremove 'pve/vm-100-disk-7' error:   Failed to find logical volume "
            "\"pve/vm-100-disk-7\"");
  ApiResponse delayed =
      send("DELETE", kDelete, "/nodes/pve1/storage/local/content/x",
           {{"volume", "local:iso/alpine-virt-3.22.1-x86_64.iso"}, {"delay", "5"}});
  EXPECT_EQ(delayed.status, 200);
  EXPECT_TRUE(delayed.data.is_null());
}

}  // namespace
}  // namespace pvesim::test
