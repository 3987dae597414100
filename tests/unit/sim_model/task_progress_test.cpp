// PVE::Format's units and the progress lines built from them (task_progress.h).
#include "task_progress.h"

#include <gtest/gtest.h>

namespace pvesim {
namespace {

TEST(TaskProgress, RenderBytesAndDurationAsPveFormat) {
  EXPECT_EQ(render_bytes(0, 1), "0.0 B");
  EXPECT_EQ(render_bytes(1023, 2), "1023.00 B");
  EXPECT_EQ(render_bytes(1536, 1), "1.5 KiB");
  EXPECT_EQ(render_bytes(34359738368, 1), "32.0 GiB");
  EXPECT_EQ(render_bytes(28046940405, 2), "26.12 GiB");
  EXPECT_EQ(render_duration(0), "0s");
  EXPECT_EQ(render_duration(45), "45s");
  EXPECT_EQ(render_duration(130), "2m 10s");
  EXPECT_EQ(render_duration(3723), "1h 2m 3s");
  EXPECT_EQ(render_duration(3600), "1h");
  EXPECT_EQ(render_duration(8 * 86400 + 5), "1w 1d 5s");
  EXPECT_EQ(render_bytes(1536, 0), "1.50 KiB");
}

TEST(TaskProgress, ABackupWithoutTimeHasOneStatusLineAndTheSummaries) {
  const std::int64_t gib = 1024LL * 1024 * 1024;
  EXPECT_EQ(qemu_backup_progress(32 * gib, 8 * gib, 0),
            (std::vector<std::string>{
                "100% (32.0 GiB of 32.0 GiB) in 0s, read: 32.0 GiB/s, write: 8.0 GiB/s",
                "backup is sparse: 24.00 GiB (75%) total zero data",
                "transferred 32.00 GiB in <1 seconds"}));
}

TEST(TaskProgress, ALongerBackupReportsAboutEveryThreeSeconds) {
  const std::int64_t gib = 1024LL * 1024 * 1024;
  const auto lines = qemu_backup_progress(10 * gib, 10 * gib, 10);
  ASSERT_EQ(lines.size(), 5u);  // 3 s, 6 s, 9 s, the end, the transfer (nothing is sparse)
  EXPECT_EQ(lines[0], " 30% (3.0 GiB of 10.0 GiB) in 3s, read: 1.0 GiB/s, write: 1.0 GiB/s");
  EXPECT_EQ(lines[3], "100% (10.0 GiB of 10.0 GiB) in 10s, read: 1.0 GiB/s, write: 1.0 GiB/s");
  EXPECT_EQ(lines[4], "transferred 10.00 GiB in 10 seconds (1.0 GiB/s)");
}

}  // namespace
}  // namespace pvesim
