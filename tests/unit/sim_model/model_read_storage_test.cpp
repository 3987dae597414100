// Storage reads: a node's storages, their status and content with filters.
#include "model_fixture.h"

namespace pvesim::test {
namespace {

std::vector<std::string> volids(const Json& content) {
  std::vector<std::string> out;
  for (const auto& entry : content) out.push_back(entry["volid"]);
  return out;
}

TEST_F(ModelTest, NodeStorageListWithSpace) {
  const Json data = call_ok("/nodes/{node}/storage", "/nodes/pve1/storage");
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data[0]["storage"], "backup-nfs");
  EXPECT_EQ(data[0]["shared"], 1);
  EXPECT_EQ(data[1]["storage"], "local");
  EXPECT_EQ(data[1]["type"], "dir");
  EXPECT_EQ(data[1]["content"], "iso,vztmpl,backup");
  EXPECT_EQ(data[1]["active"], 1);
  EXPECT_EQ(data[1]["enabled"], 1);
  const std::int64_t total = data[1]["total"], used = data[1]["used"], avail = data[1]["avail"];
  EXPECT_EQ(total, used + avail);
  EXPECT_NEAR(data[1]["used_fraction"].get<double>(), static_cast<double>(used) / total, 1e-9);
  EXPECT_EQ(data[2]["storage"], "local-lvm");
  EXPECT_EQ(data[2]["content"], "images,rootdir");
  EXPECT_EQ(data[3]["storage"], "pbs-main");
  EXPECT_EQ(data[3]["type"], "pbs");
  EXPECT_EQ(data[3]["content"], "backup");
  EXPECT_EQ(data[3]["shared"], 1);
}

TEST_F(ModelTest, NodeStorageContentFilter) {
  const Json data =
      call_ok("/nodes/{node}/storage", "/nodes/pve1/storage", {{"content", "vztmpl"}});
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0]["storage"], "local");
  const Json backup = call_ok("/nodes/{node}/storage", "/nodes/pve1/storage",
                              {{"content", "backup"}, {"format", "1"}});
  ASSERT_EQ(backup.size(), 3u);  // backup-nfs, local, pbs-main
  EXPECT_EQ(backup[0]["formats"]["default"], "qcow2");
}

TEST_F(ModelTest, StorageStatus) {
  const Json data =
      call_ok("/nodes/{node}/storage/{storage}/status", "/nodes/pve2/storage/local-lvm/status");
  EXPECT_EQ(data["type"], "lvmthin");
  EXPECT_EQ(data["total"], 375809638400LL);
  EXPECT_FALSE(data.contains("storage"));
  const ApiResponse missing =
      call("/nodes/{node}/storage/{storage}/status", "/nodes/pve2/storage/nope/status");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.message, "storage 'nope' does not exist\n");
}

TEST_F(ModelTest, LocalContentHasIsosTemplatesAndBackups) {
  const Json data =
      call_ok("/nodes/{node}/storage/{storage}/content", "/nodes/pve1/storage/local/content");
  EXPECT_EQ(volids(data),
            (std::vector<std::string>{"local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst",
                                      "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst",
                                      "local:iso/alpine-virt-3.22.1-x86_64.iso",
                                      "local:iso/debian-13.1.0-amd64-netinst.iso",
                                      "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                                      "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst"}));
  const Json& backup = data[1];
  EXPECT_EQ(backup["content"], "backup");
  EXPECT_EQ(backup["format"], "vma.zst");
  EXPECT_EQ(backup["vmid"], 100);
  EXPECT_EQ(backup["ctime"], 1795140003);
  EXPECT_EQ(backup["size"], 2061584302LL);
  EXPECT_EQ(backup["notes"], "web - nightly");
  EXPECT_EQ(data[4]["format"], "tzst");
  EXPECT_FALSE(data[4].contains("vmid"));
}

TEST_F(ModelTest, ContentFiltersByTypeAndVmid) {
  const Json isos = call_ok("/nodes/{node}/storage/{storage}/content",
                            "/nodes/pve1/storage/local/content", {{"content", "iso"}});
  EXPECT_EQ(isos.size(), 2u);
  const Json nfs = call_ok("/nodes/{node}/storage/{storage}/content",
                           "/nodes/pve2/storage/backup-nfs/content", {{"vmid", "100"}});
  ASSERT_EQ(nfs.size(), 1u);
  EXPECT_EQ(nfs[0]["volid"], "backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst");
  EXPECT_EQ(nfs[0]["protected"], 1);
  const Json disks = call_ok("/nodes/{node}/storage/{storage}/content",
                             "/nodes/pve1/storage/local-lvm/content", {{"vmid", "100"}});
  EXPECT_EQ(volids(disks), (std::vector<std::string>{"local-lvm:vm-100-disk-0",
                                                     "local-lvm:vm-100-state-before-nginx"}));
  EXPECT_EQ(disks[0]["content"], "images");
  EXPECT_EQ(disks[0]["format"], "raw");
}

TEST_F(ModelTest, SharedStorageIsTheSameFromEveryNode) {
  const Json from1 =
      call_ok("/nodes/{node}/storage/{storage}/content", "/nodes/pve1/storage/backup-nfs/content");
  const Json from2 =
      call_ok("/nodes/{node}/storage/{storage}/content", "/nodes/pve2/storage/backup-nfs/content");
  EXPECT_EQ(from1, from2);
  EXPECT_EQ(from1.size(), 3u);
}

}  // namespace
}  // namespace pvesim::test
