// Container commands over SSH: the key and the nodes' host keys together, the commands named,
// where the nodes are.
#include <gtest/gtest.h>

#include "config/values.h"
#include "load_fixture.h"

namespace load_testing {
namespace {

constexpr const char* kKey = "/etc/proxmox-mcp/ssh_key";
constexpr const char* kKnownHosts = "/etc/proxmox-mcp/known_hosts";

Fixture with_ssh() {
  Fixture f = minimal();
  f.env["PROXMOX_SSH_KEY"] = kKey;
  f.env["PROXMOX_SSH_KNOWN_HOSTS"] = kKnownHosts;
  f.env["PROXMOX_EXEC_ALLOW"] = "hostname";
  f.files.content[kKey] =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u\n-----END "
      "OPENSSH PRIVATE KEY-----\n";
  f.files.content[kKnownHosts] = "pve1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\n";
  return f;
}

TEST(LoadSsh, EverySettingIsRead) {
  Fixture f = with_ssh();
  f.env["PROXMOX_SSH_USER"] = "admin";
  f.env["PROXMOX_SSH_NODES"] = "pve1=10.0.0.11, pve2=[fd00::2]:2222,pve3=pve3.lan:22";
  Config c = f.config();
  EXPECT_EQ(c.ssh_key, kKey);
  EXPECT_EQ(c.ssh_known_hosts, kKnownHosts);
  EXPECT_EQ(c.ssh_user, "admin");
  EXPECT_EQ(c.exec_allow, "hostname");
  ASSERT_EQ(c.ssh_nodes.size(), 3U);
  EXPECT_EQ(c.ssh_nodes[0].node, "pve1");
  EXPECT_EQ(c.ssh_nodes[0].host, "10.0.0.11");
  EXPECT_EQ(c.ssh_nodes[0].port, 22);
  EXPECT_EQ(c.ssh_nodes[1].host, "fd00::2");
  EXPECT_EQ(c.ssh_nodes[1].port, 2222);
  EXPECT_EQ(c.ssh_nodes[2].host, "pve3.lan");
  EXPECT_EQ(minimal().config().ssh_user, "root");
}

TEST(LoadSsh, TheKeyAndTheHostKeysGoTogetherWithTheCommandsNamed) {
  Fixture f = with_ssh();
  f.env.erase("PROXMOX_SSH_KNOWN_HOSTS");
  EXPECT_EQ(f.error(),
            "PROXMOX_SSH_KEY is set without PROXMOX_SSH_KNOWN_HOSTS (the nodes' SSH host keys): "
            "container commands over SSH need both");
  f = with_ssh();
  f.env.erase("PROXMOX_SSH_KEY");
  EXPECT_EQ(f.error(),
            "PROXMOX_SSH_KNOWN_HOSTS is set without PROXMOX_SSH_KEY (the private key to log in "
            "with): container commands over SSH need both");
  f = with_ssh();
  f.env.erase("PROXMOX_EXEC_ALLOW");
  EXPECT_EQ(f.error(),
            "PROXMOX_SSH_KEY is set, so PROXMOX_EXEC_ALLOW must name the commands containers may "
            "run, e.g. 'systemctl status *, df -h' ('**' for any)");
}

TEST(LoadSsh, TheFilesAreChecked) {
  Fixture f = with_ssh();
  f.files.content.erase(kKey);
  EXPECT_EQ(f.error(),
            std::string("PROXMOX_SSH_KEY: cannot read '") + kKey + "': No such file or directory");
  f = with_ssh();
  f.files.content[kKey] = "ssh-ed25519 AAAA... a public key by mistake\n";
  EXPECT_EQ(f.error(), std::string("PROXMOX_SSH_KEY: '") + kKey +
                           "' holds no private key (-----BEGIN OPENSSH PRIVATE KEY-----)");
  f = with_ssh();
  f.files.content[kKey] = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n";
  EXPECT_EQ(f.error(), std::string("PROXMOX_SSH_KEY: '") + kKey +
                           "' is encrypted, and the server cannot type its passphrase: make a key "
                           "for it alone without one (ssh-keygen -t ed25519 -N '' -f FILE)");
  // OpenSSH's own format names its cipher inside: aes256-ctr here.
  f = with_ssh();
  f.files.content[kKey] =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIA\n-----END "
      "OPENSSH PRIVATE KEY-----\n";
  EXPECT_EQ(f.error(), std::string("PROXMOX_SSH_KEY: '") + kKey +
                           "' is encrypted, and the server cannot type its passphrase: make a key "
                           "for it alone without one (ssh-keygen -t ed25519 -N '' -f FILE)");
  f = with_ssh();
  f.files.content[kKnownHosts] = "";
  EXPECT_EQ(f.error(), std::string("PROXMOX_SSH_KNOWN_HOSTS: '") + kKnownHosts +
                           "' holds no host keys (lines such as 'pve1 ssh-ed25519 AAAA...')");
}

TEST(LoadSsh, BadValues) {
  Fixture f = with_ssh();
  f.env["PROXMOX_SSH_NODES"] = "pve1";
  EXPECT_EQ(f.error(),
            "PROXMOX_SSH_NODES must be node=host[:port] items separated by commas, e.g. "
            "pve1=10.0.0.11,pve2=[fd00::2]:2222, got 'pve1'");
  for (const char* bad : {"pve1=https://x", "pve1=10.0.0.1:99999", "=10.0.0.1", "pve 1=x",
                          "pve1=[fd00::2", "pve1=[fd00::2]2222"}) {
    EXPECT_FALSE(config::parse_ssh_nodes(bad).has_value()) << bad;
  }
  f = with_ssh();
  f.env["PROXMOX_SSH_USER"] = "root;reboot";
  EXPECT_EQ(f.error(), "PROXMOX_SSH_USER must be a user name, e.g. root, got 'root;reboot'");
}

}  // namespace
}  // namespace load_testing
