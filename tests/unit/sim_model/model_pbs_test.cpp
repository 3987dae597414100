// The small seed's PBS storage: content as PBSPlugin lists it, vzdump to it, delete, restore.
#include "model_write_support.h"
#include "pbs_backup.h"

namespace pvesim::test {
namespace {

constexpr const char* kWeb = "pbs-main:backup/vm/100/2026-11-25T01:00:03Z";
constexpr const char* kDocker = "pbs-main:backup/ct/101/2026-11-25T01:04:51Z";
constexpr const char* kPihole = "pbs-main:backup/ct/103/2026-11-25T01:09:30Z";
constexpr const char* kContent = "/nodes/{node}/storage/{storage}/content";
constexpr const char* kDelete = "/nodes/{node}/storage/{storage}/content/{volume}";

class PbsTest : public WriteTest {
 protected:
  Json content(const std::string& node = "pve1") {
    return call_ok(kContent, "/nodes/" + node + "/storage/pbs-main/content",
                   {{"content", "backup"}});
  }
  Json entry(const std::string& volid) {
    for (const auto& item : content()) {
      if (item["volid"] == volid) return item;
    }
    return nullptr;
  }
};

TEST_F(PbsTest, ContentIsListedAsPbsPluginListsVolumes) {
  const Json listed = content();
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed, content("pve2"));  // shared
  EXPECT_EQ(entry(kDocker), (Json{{"volid", kDocker},
                                  {"content", "backup"},
                                  {"format", "pbs-ct"},
                                  {"subtype", "lxc"},
                                  {"size", 845152256},
                                  {"ctime", 1795568691},
                                  {"vmid", 101},
                                  {"protected", 1},
                                  {"encrypted",
                                   "e1:52:7b:0c:94:3d:af:68:21:c5:0e:b7:4a:19:d2:83:5f:60:ce:3b:"
                                   "97:a8:14:f6:2d:70:c9:85:3e:1a:b4:07"}}));
  const Json db = entry("pbs-main:backup/vm/104/2026-11-22T01:00:04Z");
  EXPECT_EQ(db["format"], "pbs-vm");
  EXPECT_EQ(db["subtype"], "qemu");
  EXPECT_EQ(db["notes"], "db - weekly");
  EXPECT_EQ(db["verification"]["state"], "ok");
  EXPECT_EQ(db["verification"]["upid"].get<std::string>().rfind("UPID:pbs:", 0), 0u);
  EXPECT_FALSE(db.contains("used"));
  EXPECT_EQ(entry(kWeb)["verification"]["state"], "failed");
  EXPECT_FALSE(entry(kPihole).contains("verification"));
  EXPECT_FALSE(entry(kPihole).contains("encrypted"));

  const Json storages = call_ok("/nodes/{node}/storage", "/nodes/pve1/storage",
                                {{"content", "backup"}, {"enabled", "1"}});
  std::vector<std::string> ids;
  for (const auto& s : storages) ids.push_back(s["storage"].get<std::string>());
  EXPECT_EQ(ids, (std::vector<std::string>{"backup-nfs", "local", "pbs-main"}));
}

TEST_F(PbsTest, VzdumpWritesASnapshotNamedByTypeVmidAndUtcTime) {
  clock.advance_ms(10 * 3600 * 1000);  // 2026-11-26 10:00:00 UTC
  const std::string upid = start("POST", "/nodes/{node}/vzdump", "/nodes/pve1/vzdump",
                                 {{"vmid", "100"}, {"storage", "pbs-main"}, {"compress", "gzip"}});
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  const Json created = entry("pbs-main:backup/vm/100/2026-11-26T10:00:00Z");
  ASSERT_FALSE(created.is_null()) << content().dump();
  EXPECT_EQ(created["format"], "pbs-vm");
  EXPECT_EQ(created["subtype"], "qemu");
  EXPECT_EQ(created["ctime"], 1795687200);
  // PBS compresses chunks with zstd whatever `compress` says: 14 % of the 14 GiB allocated.
  EXPECT_EQ(created["size"], static_cast<std::int64_t>(14.0 * 1024 * 1024 * 1024 * 0.14));
  const Json log = task_log_texts(upid);
  EXPECT_NE(std::find(log.begin(), log.end(),
                      "INFO: creating Proxmox Backup Server archive 'vm/100/2026-11-26T10:00:00Z'"),
            log.end());
  for (const auto& line : log) {
    EXPECT_EQ(line.get<std::string>().find("archive file size"), std::string::npos) << line;
  }
}

TEST_F(PbsTest, DeleteForgetsASnapshotButNotAProtectedOrMissingOne) {
  const std::string path = "/nodes/pve1/storage/pbs-main/content/x";
  EXPECT_EQ(run("DELETE", kDelete, path, {{"volume", kPihole}}), "OK");
  EXPECT_TRUE(entry(kPihole).is_null());
  EXPECT_EQ(run("DELETE", kDelete, path, {{"volume", kDocker}}),
            std::string("cannot remove protected volume '") + kDocker + "' on storage 'pbs-main'");
  EXPECT_FALSE(entry(kDocker).is_null());
  EXPECT_EQ(run("DELETE", kDelete, path, {{"volume", kPihole}}),
            "proxmox-backup-client failed: command '/usr/bin/proxmox-backup-client forget "
            "ct/103/2026-11-25T01:09:30Z --repository pve@pbs@192.168.1.60:tank' failed: exit "
            "code 255");
  const ApiResponse junk = send("DELETE", kDelete, path, {{"volume", "pbs-main:vm-100-disk-0"}});
  EXPECT_EQ(junk.status, 500);
  EXPECT_EQ(junk.message, "unable to parse PBS volume name 'vm-100-disk-0'\n");
  // Under backup/ but no snapshot: parse_volname refuses it before any worker starts.
  for (const char* name : {"backup/vm/../104", "backup/vm/100/garbage", "backup/vm_1/100/x",
                           "backup/vm/100/2026-11-25T01:00:03"}) {
    const ApiResponse bad =
        send("DELETE", kDelete, path, {{"volume", std::string("pbs-main:") + name}});
    EXPECT_EQ(bad.status, 500) << name;
    EXPECT_EQ(bad.message, std::string("unable to parse PBS volume name '") + name + "'\n");
  }
  EXPECT_EQ(parse_pbs_volname("backup/ct/101/2026-11-25T01:04:51Z")->id, "101");
  EXPECT_EQ(parse_pbs_volname("backup/host/pve1/2026-11-25T01:04:51Z")->btype, "host");
}

TEST_F(PbsTest, RestoresVmsAndContainersFromSnapshots) {
  const std::string upid = start("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                                 {{"vmid", "120"}, {"archive", kWeb}, {"storage", "local-lvm"}});
  finish();
  EXPECT_EQ(task_status(upid)["exitstatus"], "OK");
  EXPECT_EQ(guest_config("qemu", 120)["name"], "web");
  EXPECT_EQ(task_log_texts(upid)[0],
            "restore proxmox backup image: /usr/bin/pbs-restore --repository "
            "pve@pbs@192.168.1.60:tank vm/100/2026-11-25T01:00:03Z");

  EXPECT_EQ(
      run("POST", "/nodes/{node}/lxc", "/nodes/pve1/lxc",
          {{"vmid", "121"}, {"ostemplate", kDocker}, {"restore", "1"}, {"storage", "local-lvm"}}),
      "OK");
  EXPECT_EQ(guest_config("lxc", 121)["hostname"], "docker");

  EXPECT_EQ(run("POST", "/nodes/{node}/qemu", "/nodes/pve1/qemu",
                {{"vmid", "122"}, {"archive", kDocker}}),
            std::string("unable to restore VM 122 - archive '") + kDocker +
                "' is not a VM backup (format pbs-ct)");
}

TEST_F(PbsTest, ExtractconfigReadsTheSnapshotsConfig) {
  const Json text = call_ok("/nodes/{node}/vzdump/extractconfig",
                            "/nodes/pve1/vzdump/extractconfig", {{"volume", kWeb}});
  ASSERT_TRUE(text.is_string());
  EXPECT_NE(text.get<std::string>().find("name: web\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace pvesim::test
