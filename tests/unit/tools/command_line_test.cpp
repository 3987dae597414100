// Splitting a command string like a POSIX shell, and reading device keys of guest configs.
#include <gtest/gtest.h>

#include "tools/command_line.h"
#include "tools/guest_devices.h"
#include "tools/markdown.h"

namespace tools {
namespace {

using Words = std::vector<std::string>;

Words split(std::string_view text) {
  return split_command_line(text).words;
}

std::string shell_syntax(std::string_view text) {
  return split_command_line(text).shell_syntax;
}

std::string malformed(std::string_view text) {
  return split_command_line(text).malformed;
}

TEST(SplitCommandLine, ReportsTheFirstUnquotedShellSyntax) {
  EXPECT_EQ(shell_syntax("cat /etc/hosts | grep pve"), "|");
  EXPECT_EQ(shell_syntax("apt update && apt upgrade"), "&&");
  EXPECT_EQ(shell_syntax("true || false"), "||");
  EXPECT_EQ(shell_syntax("cd /tmp; ls"), ";");
  EXPECT_EQ(shell_syntax("echo hi > /tmp/x"), ">");
  EXPECT_EQ(shell_syntax("make 2>&1"), ">&");
  EXPECT_EQ(shell_syntax("wc -l < /etc/passwd"), "<");
  EXPECT_EQ(shell_syntax("sleep 60 &"), "&");
  EXPECT_EQ(shell_syntax("echo $(hostname)"), "$(");
  EXPECT_EQ(shell_syntax("echo `hostname`"), "`");
  EXPECT_EQ(shell_syntax("echo ${HOME}"), "${");
  EXPECT_EQ(shell_syntax("echo $HOME/x"), "$HOME");
  EXPECT_EQ(shell_syntax("echo $?"), "$?");
  EXPECT_EQ(shell_syntax("(cd /tmp)"), "(");
  EXPECT_EQ(shell_syntax("uptime\nwhoami"), "\n");
}

TEST(SplitCommandLine, QuotedOrEscapedShellCharactersAreLiteral) {
  for (const char* text : {"sh -c 'ls | wc -l; echo $HOME'", "grep -E \"a|b\" /etc/hosts",
                           "echo a\\;b", "echo price: 5$", "echo a\\&\\& b", "uptime\n",
                           "  \n uptime", "echo 'x\ny'", "find / -name '*.log'", "ls -la /tmp"}) {
    EXPECT_EQ(shell_syntax(text), "") << text;
  }
  EXPECT_EQ(split("sh -c 'ls | wc -l'"), (Words{"sh", "-c", "ls | wc -l"}));
}

TEST(SplitCommandLine, WordsAndQuotes) {
  EXPECT_EQ(split("ls -la"), (Words{"ls", "-la"}));
  EXPECT_EQ(split("  ls \t -la\n/tmp  "), (Words{"ls", "-la", "/tmp"}));
  EXPECT_EQ(split("echo 'a  b' \"c d\""), (Words{"echo", "a  b", "c d"}));
  EXPECT_EQ(split("echo 'it'\"'\"'s'"), (Words{"echo", "it's"}));
  EXPECT_EQ(split("grep -e '' x"), (Words{"grep", "-e", "", "x"}));
  EXPECT_EQ(split("sh -c 'echo $HOME | wc -c'"), (Words{"sh", "-c", "echo $HOME | wc -c"}));
  EXPECT_EQ(split(""), Words{});
}

TEST(SplitCommandLine, Backslashes) {
  EXPECT_EQ(split("touch a\\ b"), (Words{"touch", "a b"}));
  EXPECT_EQ(split("echo \"a\\\"b\" \"\\$x\" \"\\n\""), (Words{"echo", "a\"b", "$x", "\\n"}));
  EXPECT_EQ(split("echo 'a\\b'"), (Words{"echo", "a\\b"}));
  EXPECT_EQ(split("echo a\\\nb"), (Words{"echo", "ab"}));
}

TEST(SplitCommandLine, UnterminatedInputIsMalformed) {
  EXPECT_EQ(malformed("echo 'a"), "a single quote is not closed");
  EXPECT_EQ(malformed("echo \"a"), "a double quote is not closed");
  EXPECT_EQ(malformed("echo a\\"), "it ends with a backslash that escapes nothing");
  EXPECT_EQ(split("echo 'a"), Words{});
  EXPECT_EQ(malformed("echo 'a'"), "");
}

TEST(Devices, SlotNames) {
  EXPECT_TRUE(devices::is_qemu_disk("scsi30"));
  EXPECT_FALSE(devices::is_qemu_disk("scsi31"));
  EXPECT_FALSE(devices::is_qemu_disk("scsi01"));
  EXPECT_TRUE(devices::is_qemu_disk("virtio15"));
  EXPECT_FALSE(devices::is_qemu_disk("virtio16"));
  EXPECT_TRUE(devices::is_qemu_disk("sata5"));
  EXPECT_FALSE(devices::is_qemu_disk("ide4"));
  EXPECT_FALSE(devices::is_qemu_disk("scsi"));
  EXPECT_FALSE(devices::is_qemu_disk("scsi-1"));
  EXPECT_TRUE(devices::is_mountpoint("mp255"));
  EXPECT_FALSE(devices::is_mountpoint("mp256"));
  EXPECT_TRUE(devices::is_unused("unused0"));
  EXPECT_TRUE(devices::is_net("net31"));
  EXPECT_FALSE(devices::is_net("net32"));
  EXPECT_TRUE(devices::is_lxc_volume("rootfs"));
  EXPECT_FALSE(devices::is_lxc_volume("scsi0"));
}

TEST(Devices, ConfigValues) {
  nlohmann::json config = {{"scsi10", "a:1"},
                           {"scsi2", "local-lvm:vm-100-disk-2,size=1536M"},
                           {"unused0", "local-lvm:vm-100-disk-9"},
                           {"net0", "virtio,bridge=vmbr0"}};
  EXPECT_EQ(devices::keys_list(config, devices::is_qemu_disk), "scsi2, scsi10");
  EXPECT_EQ(devices::keys_list(config, devices::is_mountpoint), "none");
  EXPECT_EQ(devices::volume_of("local-lvm:vm-100-disk-2,size=32G"), "local-lvm:vm-100-disk-2");
  EXPECT_EQ(devices::storage_of("local-lvm:vm-100-disk-2"), "local-lvm");
  EXPECT_EQ(devices::storage_of("/dev/sdb"), "");
  EXPECT_EQ(devices::size_of("local-lvm:vm-100-disk-2,size=1536M"), 1536.0 * 1024 * 1024);
  EXPECT_EQ(devices::size_bytes("1.5T"), 1.5 * 1024 * 1024 * 1024 * 1024);
  EXPECT_EQ(devices::size_bytes("+1G"), std::nullopt);
  EXPECT_EQ(devices::unused_holding(config, "local-lvm:vm-100-disk-9"), "unused0");
  EXPECT_EQ(devices::unused_holding(config, "local-lvm:vm-100-disk-2"), "");
}

TEST(Markdown, CodeBlockFenceOutgrowsBackticks) {
  EXPECT_EQ(md::code_block("a\n"), "```\na\n```\n");
  EXPECT_EQ(md::code_block("x ```` y"), "`````\nx ```` y\n`````\n");
}

}  // namespace
}  // namespace tools
