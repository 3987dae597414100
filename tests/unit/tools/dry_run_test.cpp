// Whose a volume is, by its name.
#include <gtest/gtest.h>

#include "tools/scope_guard.h"

namespace tools::testing {
namespace {

TEST(VolumeOwner, BackupsAndDisksNameTheirGuest) {
  EXPECT_EQ(volume_owner("local:backup/vzdump-qemu-100-2026_11_26-10_00_00.vma.zst"), 100);
  EXPECT_EQ(volume_owner("pbs:backup/vm/101/2026-11-26T10:00:00Z"), 101);
  EXPECT_EQ(volume_owner("local-lvm:vm-102-disk-0"), 102);
  EXPECT_EQ(volume_owner("local:103/vm-103-disk-1.qcow2"), 103);
  EXPECT_EQ(volume_owner("local-lvm:base-9000-disk-0"), 9000);
  EXPECT_EQ(volume_owner("local-zfs:subvol-105-disk-0"), 105);
  // On a directory storage the folder decides, as Proxmox's parse_volname reads it.
  EXPECT_EQ(volume_owner("local:104/vm-999-disk-0.qcow2"), 104);
  EXPECT_EQ(volume_owner("local:104/disk.qcow2"), 104);
  EXPECT_EQ(volume_owner("local:9000/base-9000-disk-0.qcow2/106/vm-106-disk-0.qcow2"), 106);
  for (const char* none : {"local:iso/debian.iso", "local:vztmpl/debian-12.tar.zst", "",
                           "local-lvm:vm-x-disk-0", "local:snippets/user.yaml"}) {
    EXPECT_EQ(volume_owner(none), std::nullopt) << none;
  }
}

}  // namespace
}  // namespace tools::testing
