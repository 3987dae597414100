// GET /nodes/{node}/vzdump/extractconfig: the config text of seeded and vzdump-written archives,
// PVE's errors for volumes that are missing or no backups, and the privileges it checks.
#include "model_write_support.h"

namespace pvesim::test {
namespace {

constexpr const char* kExtract = "/nodes/{node}/vzdump/extractconfig";

class ExtractConfigTest : public WriteTest {
 protected:
  ApiResponse extract(const std::string& volume, const std::string& node = "pve1",
                      const std::string& auth_id = kRoot) {
    return call(kExtract, "/nodes/" + node + "/vzdump/extractconfig", {{"volume", volume}},
                auth_id);
  }
  // `volume` is refused with `status` and PVE's `message`.
  void expect_refused(const std::string& volume, int status, const std::string& message,
                      const std::string& auth_id = kRoot) {
    ApiResponse response = extract(volume, "pve1", auth_id);
    EXPECT_EQ(response.status, status) << volume;
    EXPECT_EQ(response.message, message) << volume;
  }
  std::string extracted(const std::string& volume, const std::string& node = "pve1") {
    Json text = call_ok(kExtract, "/nodes/" + node + "/vzdump/extractconfig", {{"volume", volume}});
    EXPECT_TRUE(text.is_string()) << text.dump();
    return text.is_string() ? text.get<std::string>() : "";
  }
};

TEST_F(ExtractConfigTest, SeededVmArchiveGivesQemuServerConfWithTheDiskMap) {
  // VM 100's config without its snapshots and `parent`, then vzdump's #qmdump#map lines.
  EXPECT_EQ(extracted("local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst"),
            "#Public web server (nginx)\n"
            "agent: 1\n"
            "boot: order=scsi0;ide2;net0\n"
            "cores: 2\n"
            "cpu: x86-64-v2-AES\n"
            "ide2: local:iso/debian-13.1.0-amd64-netinst.iso,media=cdrom,size=754M\n"
            "memory: 4096\n"
            "meta: creation-qemu=10.0.2,ctime=1790208000\n"
            "name: web\n"
            "net0: virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1\n"
            "numa: 0\n"
            "onboot: 1\n"
            "ostype: l26\n"
            "scsi0: local-lvm:vm-100-disk-0,iothread=1,size=32G\n"
            "scsihw: virtio-scsi-single\n"
            "smbios1: uuid=6f1d4b0e-3c2a-4d8e-9b7a-1e2f3a4b5c60\n"
            "sockets: 1\n"
            "tags: prod;web\n"
            "vmgenid: 0b8f9a72-5d6e-4c31-a2f4-7e8d9c0b1a23\n"
            "#qmdump#map:scsi0:drive-scsi0:local-lvm:raw:\n");
}

TEST_F(ExtractConfigTest, SeededContainerArchiveGivesPctConf) {
  EXPECT_EQ(extracted("local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst"),
            "arch: amd64\n"
            "cores: 4\n"
            "features: keyctl=1,nesting=1\n"
            "hostname: docker\n"
            "memory: 4096\n"
            "net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:2F:90:11,ip=dhcp,type=veth\n"
            "onboot: 1\n"
            "ostype: debian\n"
            "rootfs: local-lvm:vm-101-disk-0,size=16G\n"
            "swap: 1024\n"
            "tags: docker\n"
            "unprivileged: 1\n");
}

TEST_F(ExtractConfigTest, VzdumpArchiveKeepsTheConfigOfBackupTimeAndMapsDisksInDriveOrder) {
  ASSERT_EQ(run("POST", "/nodes/{node}/vzdump", "/nodes/pve2/vzdump",
                {{"vmid", "102"}, {"storage", "backup-nfs"}, {"compress", "zstd"}}, "pve2"),
            "OK");
  model->with_state([](ClusterState& state) { state.guests.at(102).config["cores"] = 8; });
  const std::string text =
      extracted("backup-nfs:backup/vzdump-qemu-102-2026_11_26-00_00_00.vma.zst", "pve2");
  EXPECT_NE(text.find("\ncores: 4\n"), std::string::npos) << text;
  // qemu-server's drive order (sata before efidisk0 and tpmstate0), not the file's.
  const std::string maps =
      "#qmdump#map:sata0:drive-sata0:local-lvm:raw:\n"
      "#qmdump#map:efidisk0:drive-efidisk0:local-lvm:raw:\n"
      "#qmdump#map:tpmstate0:drive-tpmstate0:local-lvm:raw:\n";
  ASSERT_GE(text.size(), maps.size());
  EXPECT_EQ(text.substr(text.size() - maps.size()), maps) << text;
}

TEST_F(ExtractConfigTest, UnusedDisksAndExcludedDisksStayOutOfAVmArchive) {
  model->with_state([](ClusterState& state) {
    Json& config = state.guests.at(104).config;
    config["unused0"] = "local-lvm:vm-104-disk-1";
    config["scsi1"] = "local-lvm:vm-104-disk-2,backup=0,size=8G";
  });
  ASSERT_EQ(run("POST", "/nodes/{node}/vzdump", "/nodes/pve1/vzdump", {{"vmid", "104"}}), "OK");
  const std::string text = extracted("local:backup/vzdump-qemu-104-2026_11_26-00_00_00.vma");
  EXPECT_EQ(text.find("unused0"), std::string::npos) << text;
  EXPECT_NE(text.find("scsi1: local-lvm:vm-104-disk-2,backup=0,size=8G\n"), std::string::npos);
  EXPECT_NE(text.find("#qmdump#map:scsi0:"), std::string::npos);
  EXPECT_EQ(text.find("#qmdump#map:scsi1:"), std::string::npos);
}

TEST_F(ExtractConfigTest, ArchivesWithoutAConfigFailAsVmaAndTarDo) {
  model->with_state([](ClusterState& state) {
    state.guests.erase(102);
    state.guests.erase(103);
  });
  expect_refused(
      "backup-nfs:backup/vzdump-qemu-102-2025_11_25-02_15_12.vma.zst", 500,
      "can't find file 'backup-nfs:backup/vzdump-qemu-102-2025_11_25-02_15_12.vma.zst'\n");
  expect_refused("backup-nfs:backup/vzdump-qemu-102-2026_11_25-02_15_12.vma.zst", 500,
                 "Failed to extract config from VMA archive: unable to find configuration data "
                 "'qemu-server.conf'\n");
  expect_refused("backup-nfs:backup/vzdump-lxc-103-2026_11_25-02_31_40.tar.zst", 500,
                 "ERROR: archive contains no configuration file\n");
}

TEST_F(ExtractConfigTest, VolumesThatAreNoArchivesAreRefusedWithPvesErrors) {
  expect_refused("local:iso/debian-13.1.0-amd64-netinst.iso", 500,
                 "ERROR: couldn't determine archive info from "
                 "'/var/lib/vz/template/iso/debian-13.1.0-amd64-netinst.iso'\n");
  expect_refused("local-lvm:vm-100-disk-0", 500, "can't find file 'local-lvm:vm-100-disk-0'\n");
  expect_refused("nope:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst", 500,
                 "storage 'nope' does not exist\n");
  expect_refused("/var/lib/vz/dump/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst", 500,
                 "Only root can pass arbitrary filesystem paths.\n", kOperator);
}

TEST_F(ExtractConfigTest, NeedsDatastoreAllocateSpaceAndVmBackupOnTheOwner) {
  const std::string web = "local:backup/vzdump-qemu-100-2026_11_20-02_00_03.vma.zst";
  // The operator token: PVEVMAdmin on /vms/100, PVEDatastoreUser on /storage/local.
  ApiResponse allowed = extract(web, "pve1", kOperator);
  EXPECT_EQ(allowed.status, 200) << allowed.message;
  EXPECT_EQ(allowed.data, extracted(web));
  expect_refused(web, 403, "Permission check failed (/storage/local, Datastore.AllocateSpace)\n",
                 kAuditor);
  expect_refused("local:backup/vzdump-lxc-101-2026_11_20-02_10_41.tar.zst", 403,
                 "Permission check failed (/vms/101, VM.Backup)\n", kOperator);
  expect_refused("backup-nfs:backup/vzdump-qemu-100-2026_11_25-02_00_05.vma.zst", 403,
                 "Permission check failed (/storage/backup-nfs, Datastore.AllocateSpace)\n",
                 kOperator);
  // No owner: the VM.Backup check runs on "/vms/" (normalized to /vms).
  expect_refused("local:iso/debian-13.1.0-amd64-netinst.iso", 403,
                 "Permission check failed (/vms, VM.Backup)\n", kOperator);
}

}  // namespace
}  // namespace pvesim::test
