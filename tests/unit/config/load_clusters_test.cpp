// The clusters file: named clusters in TOML, each its own connection and policy, the rest
// inherited from the server's settings; every mistake one line naming file, line and key.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "config/clusters_file.h"
#include "load_fixture.h"

namespace load_testing {
namespace {

constexpr const char* kPath = "/etc/proxmox-mcp/clusters.toml";
constexpr const char* kLabSecret = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";

// A fixture whose only setting is the clusters file holding `toml`.
Fixture with_file(const std::string& toml) {
  Fixture f;
  f.env = {{"PROXMOX_CLUSTERS", kPath}};
  f.files.content[kPath] = toml;
  return f;
}

const std::string kTwo = std::string(R"(# zeta first: the file's order, not the alphabet's
[clusters.zeta]
host = ["pve1.zeta", "pve2.zeta"]
token_value = ")") + kSecret +
                         R"("
fingerprint = [")" + kPin +
                         R"("]
allow_elevated = true
vmids = ["100-199", 250]
timeout = 2.5

[clusters.alpha]
host = "pve.alpha"
port = 18006
token_value_file = "secrets/alpha.token"
)";

TEST(LoadClusters, EachClusterItsOwnConnectionAndPolicy) {
  Fixture f = with_file(kTwo);
  f.files.content["/etc/proxmox-mcp/secrets/alpha.token"] = std::string(kLabSecret) + "\n";
  f.env["PROXMOX_USER"] = "mcp@pve";          // inherited by both
  f.env["PROXMOX_ALLOW_ELEVATED"] = "false";  // zeta's own true wins there
  Config c = f.config();
  EXPECT_EQ(c.clusters_file, kPath);
  ASSERT_EQ(c.clusters.size(), 2U);
  EXPECT_EQ(c.default_cluster, "zeta");
  const Config& zeta = c.clusters[0];
  const Config& alpha = c.clusters[1];
  EXPECT_EQ(zeta.cluster, "zeta");
  EXPECT_EQ(zeta.host, "pve1.zeta");
  EXPECT_EQ(zeta.more_hosts, std::vector<std::string>{"pve2.zeta"});
  EXPECT_EQ(zeta.port, 8006);
  EXPECT_EQ(zeta.user, "mcp@pve");
  EXPECT_EQ(zeta.token_secret, kSecret);
  EXPECT_EQ(zeta.fingerprint, kPin);
  EXPECT_TRUE(zeta.allow_elevated);
  EXPECT_EQ(zeta.vmids, "100-199,250");
  EXPECT_EQ(zeta.timeout_ms, 2500);
  EXPECT_EQ(alpha.cluster, "alpha");
  EXPECT_EQ(alpha.host, "pve.alpha");
  EXPECT_TRUE(alpha.more_hosts.empty());
  EXPECT_EQ(alpha.port, 18006);
  EXPECT_EQ(alpha.user, "mcp@pve");
  EXPECT_EQ(alpha.token_secret, kLabSecret);  // relative to the clusters file, trimmed
  EXPECT_FALSE(alpha.allow_elevated);
  EXPECT_EQ(alpha.timeout_ms, 30000);
  EXPECT_TRUE(c.host.empty());  // the server names no cluster of its own
}

TEST(LoadClusters, DefaultNamesOne) {
  Fixture f = with_file("default = \"alpha\"\n" + kTwo);
  f.files.content["/etc/proxmox-mcp/secrets/alpha.token"] = kLabSecret;
  EXPECT_EQ(f.config().default_cluster, "alpha");
  f.files.content[kPath] = "default = \"beta\"\n" + kTwo;
  EXPECT_EQ(f.error(), std::string("PROXMOX_CLUSTERS: ") + kPath +
                           ":1: default names no cluster of this file");
}

TEST(LoadClusters, ACluster_sOwnSettingsAreNotAlsoTheServer_s) {
  for (const auto& [variable, key] :
       {std::pair{"PROXMOX_HOST", "host"}, std::pair{"PROXMOX_TOKEN_VALUE", "token_value"},
        std::pair{"PROXMOX_FINGERPRINT", "fingerprint"}, std::pair{"PROXMOX_CA_FILE", "ca_file"},
        std::pair{"PROXMOX_INSECURE_TLS", "insecure_tls"}}) {
    Fixture f = with_file(kTwo);
    f.env[variable] = "x";
    EXPECT_EQ(f.error(), std::string(variable) + " is set, and so is PROXMOX_CLUSTERS: give " +
                             "each cluster its " + key + " in the clusters file");
  }
  Fixture f = with_file(kTwo);
  f.args = {"proxmox-mcp", "--token-file", "/run/pve.token"};
  EXPECT_EQ(f.error(),
            "--token-file is set, and so is PROXMOX_CLUSTERS: give each cluster its "
            "token_value_file in the clusters file");
  f = with_file(kTwo);
  f.args = {"proxmox-mcp", "--demo"};
  EXPECT_EQ(f.error(), "--demo serves a simulated cluster of its own: unset PROXMOX_CLUSTERS");
}

TEST(LoadClusters, MissingHostOrToken) {
  Fixture f = with_file("[clusters.lab]\nport = 8006\n");
  EXPECT_EQ(f.error(), std::string("cluster 'lab' (") + kPath + ":1) has no host");
  f.files.content[kPath] = "\n[clusters.lab]\nhost = \"pve\"\n";
  EXPECT_EQ(f.error(),
            std::string("cluster 'lab' (") + kPath + ":2) has no token_value_file or token_value");
  f.files.content[kPath] = "[clusters.lab]\nhost = \"pve\"\ntoken_value_file = \"/run/none\"\n";
  EXPECT_EQ(f.error(),
            std::string("token_value_file of cluster 'lab' (") + kPath +
                ":3): cannot read the file it names: No such file or directory (path not shown, "
                "in case it is the secret)");
  f.files.content[kPath] = std::string("[clusters.lab]\nhost = \"pve\"\ntoken_value = \"") +
                           kSecret + "\"\ntoken_value_file = \"/run/pve\"\n";
  EXPECT_EQ(f.error(), std::string("token_value of cluster 'lab' (") + kPath +
                           ":3) and token_value_file of cluster 'lab' (" + kPath +
                           ":4) are both set: keep one");
}

TEST(LoadClusters, ABadValueIsNamedByKeyFileAndLine) {
  Fixture f = with_file(std::string("[clusters.lab]\nhost = \"pve\"\ntoken_value = \"") + kSecret +
                        "\"\nport = 99999\n");
  EXPECT_EQ(f.error(), std::string("port of cluster 'lab' (") + kPath +
                           ":4) must be an integer 1-65535, got '99999'");
  f.files.content[kPath] = "[clusters.lab]\nhost = \"https://pve\"\n";
  EXPECT_EQ(f.error(), std::string("host of cluster 'lab' (") + kPath +
                           ":2) must be a hostname or IP address (no https:// and no port), or "
                           "several separated by commas, got 'https://pve'");
}

TEST(LoadClusters, TheFileItselfIsChecked) {
  const std::pair<const char*, const char*> cases[] = {
      {"[clusters.lab]\nhots = \"pve\"\n",
       ":2: [clusters.lab] has no setting 'hots'; the settings are host, port, user, token_name, "
       "token_value, token_value_file, ca_file, fingerprint, insecure_tls, connect_timeout, "
       "timeout, allow_elevated, list_all_tools, confirm, api_allow, toolsets, tools, "
       "disabled_tools, nodes, vmids, protected_vmids, protected_tags, ssh_key, ssh_known_hosts, "
       "ssh_user, ssh_nodes, exec_allow"},
      {"[clusters.lab]\nhost = { name = \"pve\" }\n",
       ":2: [clusters.lab] host must be a string, number, boolean or a list of them"},
      {"host = \"pve\"\n",
       ":1: unknown setting 'host': the file holds default (before the first table) and "
       "[clusters.NAME] tables"},
      {"default = \"x\"\n",
       ": no cluster; add one as [clusters.NAME] with host and token_value_file"},
      {"[clusters.\"a b\"]\nhost = \"pve\"\n",
       ":1: cluster name 'a b' must be a letter or digit, then letters, digits, '-' or '_' (at "
       "most 32)"},
      // Unicode in a bare key: toml++ refuses it (and once reached undefined behaviour there).
      {"[clusters.lab]\nhosté = \"pve\"\n",
       ":2:5: Error while parsing key-value pair: expected '=', saw '\xC3\xA9'"},
      {"[clusters.\"\\u001b[31m\"]\nhost = \"pve\"\n",
       ":1: cluster name '?[31m' must be a letter or digit, then letters, digits, '-' or '_' (at "
       "most 32)"},
  };
  Fixture f = with_file("");
  for (const auto& [toml, expected] : cases) {
    f.files.content[kPath] = toml;
    EXPECT_EQ(f.error(), std::string("PROXMOX_CLUSTERS: ") + kPath + expected) << toml;
  }
  f.files.content[kPath] = "[clusters.lab\nhost = 1\n";
  EXPECT_TRUE(f.error().starts_with(std::string("PROXMOX_CLUSTERS: ") + kPath + ":1:"));
  f.files.content.erase(kPath);
  EXPECT_EQ(f.error(), std::string("PROXMOX_CLUSTERS: cannot read '") + kPath +
                           "': No such file or directory");
}

TEST(LoadClusters, TablesOnOneLineKeepTheirOrder) {
  Fixture f =
      with_file(std::string("clusters = { zeta = { host = \"z\", token_value = \"") + kSecret +
                "\" }, alpha = { host = \"a\", token_value = \"" + kSecret + "\" } }\n");
  Config c = f.config();
  ASSERT_EQ(c.clusters.size(), 2U);
  EXPECT_EQ(c.default_cluster, "zeta");
  EXPECT_EQ(c.clusters[1].cluster, "alpha");
}

TEST(LoadClusters, TheFileMustBeTrustedAndNamedAbsolutelyInADotEnv) {
  Fixture f = with_file(kTwo);
  f.env.clear();
  f.env_files = {EnvFile{"/home/u/.env", "PROXMOX_CLUSTERS=clusters.toml\n"}};
  EXPECT_EQ(f.error(), "PROXMOX_CLUSTERS (from /home/u/.env:1) must be an absolute path");
  f = with_file(kTwo);
  f.read_settings = [](const std::string&) {
    return FileRead{false, "",
                    "not used: it is writable by other users (mode 0666); fix with "
                    "chmod go-w /etc/proxmox-mcp/clusters.toml"};
  };
  EXPECT_EQ(f.error(), std::string("PROXMOX_CLUSTERS: cannot read '") + kPath +
                           "': not used: it is writable by other users (mode 0666); fix with "
                           "chmod go-w /etc/proxmox-mcp/clusters.toml");
}

TEST(LoadClusters, ATokenValueOthersCanReadIsWarnedOf) {
  Fixture f = with_file(kTwo);
  f.files.content["/etc/proxmox-mcp/secrets/alpha.token"] = kLabSecret;
  f.read_settings = [&](const std::string& path) {
    FileRead read = f.files(path);
    read.mode = 0644;
    return read;
  };
  LoadResult r = f.load();
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.warnings,
            std::vector<std::string>{std::string(kPath) +
                                     " holds the token_value of cluster 'zeta' and "
                                     "other users can read it: chmod go-r " +
                                     kPath + ", or move the secret to a token_value_file"});
}

TEST(LoadClusters, NoMessageCarriesASecret) {
  // A secret pasted where a fingerprint goes is shown redacted, not echoed.
  Fixture f = with_file(std::string("[clusters.lab]\nhost = \"pve\"\ntoken_value = \"") + kSecret +
                        "\"\nfingerprint = \"" + kSecret + "\"\n");
  const std::string error = f.error();
  EXPECT_EQ(error.find(kSecret), std::string::npos) << error;
  EXPECT_NE(error.find("got '<redacted>'"), std::string::npos) << error;
  // Not valid TOML on the secret's line: the parser's words might quote part of it.
  f.files.content[kPath] = "[clusters.lab]\nhost = \"pve\"\ntoken_value = fa1se-secret\n";
  EXPECT_EQ(f.error(), std::string("PROXMOX_CLUSTERS: ") + kPath +
                           ":3:17: not valid TOML (the line holds token_value: not shown)");
  f.files.content[kPath] = "[clusters.lab]\nhost = \"pve\"\ntoken_value = \"two words\"\n";
  EXPECT_EQ(f.error(), std::string("token_value of cluster 'lab' (") + kPath +
                           ":3) contains blanks or control characters (value not shown)");
}

TEST(LoadClusters, TheExampleLoads) {
  std::ifstream example(PMCP_EXAMPLE_CLUSTERS);
  ASSERT_TRUE(example) << PMCP_EXAMPLE_CLUSTERS;
  Fixture f = with_file(std::string(std::istreambuf_iterator<char>(example), {}));
  f.files.content["/etc/proxmox-mcp/home.token"] = kSecret;
  f.files.content["/etc/proxmox-mcp/lab.token"] = kLabSecret;
  f.files.content["/etc/proxmox-mcp/lab-ca.pem"] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
  Config c = f.config();
  ASSERT_EQ(c.clusters.size(), 2U);
  EXPECT_EQ(c.default_cluster, "home");
  EXPECT_EQ(c.clusters[0].more_hosts, std::vector<std::string>{"pve2.home.lan"});
  EXPECT_EQ(c.clusters[0].token_secret, kSecret);
  EXPECT_EQ(c.clusters[1].ca_file, "/etc/proxmox-mcp/lab-ca.pem");
  EXPECT_EQ(c.clusters[1].vmids, "100-199");
}

TEST(LoadClusters, KeysAreTheVariablesInLowerCase) {
  // Messages name settings by their variables; a cluster's error answers rename them by this rule
  // (tools/cluster_routing.h).
  for (const config::ClusterKey& key : config::cluster_keys()) {
    std::string variable = "PROXMOX_" + std::string(key.key);
    std::transform(variable.begin(), variable.end(), variable.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    EXPECT_EQ(variable, key.variable);
  }
}

}  // namespace
}  // namespace load_testing
