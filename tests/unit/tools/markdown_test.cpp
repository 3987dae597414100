#include "tools/markdown.h"

#include <gtest/gtest.h>

namespace tools::md {
namespace {

TEST(MarkdownBytes, UsesBinaryUnitsLabelledAsSuch) {
  EXPECT_EQ(bytes(0), "0 B");
  EXPECT_EQ(bytes(512), "512 B");
  EXPECT_EQ(bytes(1023), "1023 B");
  EXPECT_EQ(bytes(1024), "1.00 KiB");
  EXPECT_EQ(bytes(1536), "1.50 KiB");
  EXPECT_EQ(bytes(6324305920.0), "5.89 GiB");
  EXPECT_EQ(bytes(135790592.0), "129.50 MiB");
  EXPECT_EQ(bytes(1099511627776.0), "1.00 TiB");
}

TEST(MarkdownBytes, CarriesIntoTheNextUnitInsteadOfPrinting1024) {
  EXPECT_EQ(bytes(1048575), "1.00 MiB");  // 1023.999 KiB
  EXPECT_EQ(bytes(1048565), "1023.99 KiB");
}

TEST(MarkdownBytes, NegativeIsZero) {
  EXPECT_EQ(bytes(-5), "0 B");
}

TEST(MarkdownTime, UptimeAsTheReferenceShowsIt) {
  EXPECT_EQ(uptime(269580), "3d 2h 53m");
  EXPECT_EQ(uptime(20400), "5h 40m");
  EXPECT_EQ(uptime(86400), "1d 0h 0m");
  EXPECT_EQ(uptime(59), "0m");
  EXPECT_EQ(uptime(-3), "0m");
}

TEST(MarkdownTime, Duration) {
  EXPECT_EQ(duration(42), "42s");
  EXPECT_EQ(duration(185), "3m 5s");
  EXPECT_EQ(duration(7207), "2h 0m 7s");
  EXPECT_EQ(duration(0), "0s");
}

TEST(MarkdownTime, IsoTimeIsUtc) {
  EXPECT_EQ(iso_time(1762419120), "2025-11-06T08:52:00Z");
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00Z");
}

TEST(MarkdownPercent, OneDecimal) {
  EXPECT_EQ(percent(0.0183), "1.8%");
  EXPECT_EQ(percent(0), "0.0%");
  EXPECT_EQ(percent(1), "100.0%");
  EXPECT_EQ(percent(-1), "0.0%");
}

TEST(MarkdownUsage, UsedTotalAndShare) {
  EXPECT_EQ(usage(6324305920.0, 66795929600.0), "5.89 GiB / 62.21 GiB (9.5%)");
  EXPECT_EQ(usage(0, 0), "0 B / 0 B");
}

TEST(MarkdownDots, StatusColours) {
  EXPECT_EQ(status_dot("running"), "🟢");
  EXPECT_EQ(status_dot("online"), "🟢");
  EXPECT_EQ(status_dot("available"), "🟢");
  EXPECT_EQ(status_dot("stopped"), "🔴");
  EXPECT_EQ(status_dot("offline"), "🔴");
  EXPECT_EQ(status_dot("unknown"), "🟡");
  EXPECT_EQ(status_dot("paused"), "🟡");
  EXPECT_EQ(guest_icon("lxc"), "📦");
  EXPECT_EQ(guest_icon("qemu"), "🖥️");
}

TEST(MarkdownLines, HeadingBulletField) {
  EXPECT_EQ(heading("🖥️", "Proxmox Cluster Nodes"), "🖥️  **Proxmox Cluster Nodes**");
  EXPECT_EQ(heading("💻", "Virtual Machines"), "💻 **Virtual Machines**");
  EXPECT_EQ(bullet("Node", "pve1"), "• **Node**: pve1");
  EXPECT_EQ(field("Status", "online"), "   • Status: online");
}

TEST(MarkdownLines, OneLineRemovesControlCharacters) {
  EXPECT_EQ(one_line("a\nb\tc\r"), "a b c");
  EXPECT_EQ(one_line("plain"), "plain");
}

TEST(MarkdownLines, TableCellsCannotBreakTheirRow) {
  EXPECT_EQ(table({"#", "Comment"}, {{"0", "a|b\nc"}, {"1", ""}}),
            "| # | Comment |\n"
            "| --- | --- |\n"
            "| 0 | a\\|b c |\n"
            "| 1 |  |\n");
}

}  // namespace
}  // namespace tools::md
