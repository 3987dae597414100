// Loading the settings: defaults, every variable, the rules each value must follow.
#include <gtest/gtest.h>

#include "load_fixture.h"

namespace load_testing {
namespace {

TEST(LoadConfig, DefaultsMatchTheReferenceServer) {
  Config c = minimal().config();
  EXPECT_FALSE(c.demo);
  EXPECT_EQ(c.host, "pve.example.com");
  EXPECT_EQ(c.port, 8006);
  EXPECT_EQ(c.user, "root@pam");
  EXPECT_EQ(c.token_name, "mcpserver");
  EXPECT_EQ(c.token_secret, kSecret);
  EXPECT_EQ(c.ca_file, "");
  EXPECT_EQ(c.fingerprint, "");
  EXPECT_FALSE(c.insecure_tls);
  EXPECT_FALSE(c.allow_elevated);
  EXPECT_FALSE(c.list_all_tools);
  EXPECT_EQ(c.connect_timeout_ms, 5000);
  EXPECT_EQ(c.timeout_ms, 30000);
  EXPECT_EQ(c.log_level, config::LogLevel::info);
  EXPECT_EQ(config::token_id(c), "root@pam!mcpserver");
}

TEST(LoadConfig, EveryVariableIsRead) {
  Fixture f = minimal();
  f.env["PROXMOX_PORT"] = "18006";
  f.env["PROXMOX_USER"] = "mcp@pve";
  f.env["PROXMOX_TOKEN_NAME"] = "reader";
  f.env["PROXMOX_CA_FILE"] = "/etc/ca.pem";
  f.env["PROXMOX_FINGERPRINT"] = std::string(kPin);
  f.env["PROXMOX_ALLOW_ELEVATED"] = "yes";
  f.env["PROXMOX_LIST_ALL_TOOLS"] = "1";
  f.env["PROXMOX_CONNECT_TIMEOUT"] = "2.5";
  f.env["PROXMOX_TIMEOUT"] = "120";
  f.files.content["/etc/ca.pem"] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  Config c = f.config();
  EXPECT_EQ(c.port, 18006);
  EXPECT_EQ(c.user, "mcp@pve");
  EXPECT_EQ(c.token_name, "reader");
  EXPECT_EQ(c.ca_file, "/etc/ca.pem");
  EXPECT_EQ(c.fingerprint, kPin);
  EXPECT_TRUE(c.allow_elevated);
  EXPECT_TRUE(c.list_all_tools);
  EXPECT_EQ(c.connect_timeout_ms, 2500);
  EXPECT_EQ(c.timeout_ms, 120000);
  EXPECT_EQ(config::token_id(c), "mcp@pve!reader");
}

TEST(LoadConfig, InsecureTls) {
  Fixture f = minimal();
  f.env["PROXMOX_INSECURE_TLS"] = "TRUE";
  EXPECT_TRUE(f.config().insecure_tls);
}

TEST(LoadConfig, EmptyValueMeansDefault) {
  Fixture f = minimal();
  f.env["PROXMOX_PORT"] = "";
  f.env["PROXMOX_ALLOW_ELEVATED"] = "";
  Config c = f.config();
  EXPECT_EQ(c.port, 8006);
  EXPECT_FALSE(c.allow_elevated);
}

TEST(LoadConfig, HostAndTokenRequiredUnlessDemo) {
  Fixture f;
  EXPECT_EQ(f.error(), "PROXMOX_HOST is not set (required unless --demo)");
  f.env["PROXMOX_HOST"] = "pve";
  EXPECT_EQ(f.error(),
            "PROXMOX_TOKEN_VALUE is not set (required unless --demo; or name a file holding it: "
            "PROXMOX_TOKEN_VALUE_FILE or --token-file PATH)");
  f.env.clear();
  f.args.push_back("--demo");
  Config c = f.config();
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.host, "");
  EXPECT_EQ(c.token_secret, "");
}

TEST(LoadConfig, DemoStillValidatesWhatIsSet) {
  Fixture f;
  f.args = {"proxmox-mcp", "--demo", "--elevated"};
  f.env["PROXMOX_PORT"] = "abc";
  EXPECT_EQ(f.error(), "PROXMOX_PORT must be an integer 1-65535, got 'abc'");
  f.env.clear();
  EXPECT_TRUE(f.config().allow_elevated);
}

// --demo uses no connection setting and may be started anywhere: a bad .env must not stop it.
TEST(LoadConfig, DemoGoesOnDespiteABadEnvFileAndSaysWhy) {
  Fixture f;
  f.args = {"proxmox-mcp", "--demo"};
  f.env_files = {{"/work/.env", std::string("not a line\n"
                                            "PROXMOX_PORT=abc\n"
                                            "PROXMOX_TIMEOUT=0\n"
                                            "PROXMOX_ALLOW_ELEVATED=true\n"
                                            "PROXMOX_HOST=https://x\n"
                                            "PROXMOX_TOKEN_VALUE=has blank\n"
                                            "PROXMOX_CA_FILE=/nope.pem\n"
                                            "PROXMOX_INSECURE_TLS=true\n"
                                            "PROXMOX_FINGERPRINT=") +
                                    kPin + "\n"}};
  LoadResult r = f.load();
  ASSERT_TRUE(r.config.has_value()) << r.error;
  EXPECT_EQ(r.error, "");
  const Config& c = *r.config;
  EXPECT_TRUE(c.demo);
  EXPECT_TRUE(c.allow_elevated);  // the valid lines still count
  EXPECT_EQ(c.fingerprint, kPin);
  EXPECT_EQ(c.port, 8006);
  EXPECT_EQ(c.timeout_ms, 30000);
  EXPECT_EQ(c.host, "");
  EXPECT_EQ(c.token_secret, "");
  EXPECT_EQ(c.ca_file, "");
  EXPECT_FALSE(c.insecure_tls);
  EXPECT_EQ(r.warnings,
            (std::vector<std::string>{
                "/work/.env:1: skipped: expected KEY=value",
                "PROXMOX_HOST (from /work/.env:5) must be a hostname or IP address (no https:// "
                "and no port), or several separated by commas, got 'https://x'; --demo goes on "
                "without it",
                "PROXMOX_PORT (from /work/.env:2) must be an integer 1-65535, got 'abc'; --demo "
                "goes on without it",
                "PROXMOX_TOKEN_VALUE (from /work/.env:6) contains blanks or control characters "
                "(value not shown); --demo goes on without it",
                "PROXMOX_CA_FILE (from /work/.env:7): cannot read '/nope.pem': No such file or "
                "directory; --demo goes on without it",
                "PROXMOX_INSECURE_TLS (from /work/.env:8) turns verification off, which "
                "contradicts PROXMOX_FINGERPRINT (from /work/.env:9); unset one of them; --demo "
                "goes on without it",
                "PROXMOX_TIMEOUT (from /work/.env:3) must be a number of seconds greater than 0 "
                "and at most 3600, got '0'; --demo goes on without it",
            }));

  // Without --demo the same file stops the server at its first bad value.
  f.args = {"proxmox-mcp"};
  EXPECT_EQ(f.error(),
            "PROXMOX_HOST (from /work/.env:5) must be a hostname or IP address (no https:// and no "
            "port), or several separated by commas, got 'https://x'");
  // A flag is given on purpose: --demo still refuses a bad one.
  f.args = {"proxmox-mcp", "--demo", "--timeout", "0"};
  EXPECT_EQ(f.error(),
            "--timeout must be a number of seconds greater than 0 and at most 3600, got '0'");
}

TEST(LoadConfig, InvalidValuesNameTheVariableAndTheRule) {
  struct Case {
    const char* variable;
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"PROXMOX_PORT", "abc", "PROXMOX_PORT must be an integer 1-65535, got 'abc'"},
      {"PROXMOX_PORT", "70000", "PROXMOX_PORT must be an integer 1-65535, got '70000'"},
      {"PROXMOX_HOST", "https://pve:8006",
       "PROXMOX_HOST must be a hostname or IP address (no https:// and no port), or several "
       "separated by commas, got 'https://pve:8006'"},
      {"PROXMOX_USER", "root", "PROXMOX_USER must be user@realm, e.g. root@pam, got 'root'"},
      {"PROXMOX_TOKEN_NAME", "root@pam!mcp",
       "PROXMOX_TOKEN_NAME must be the token id alone, e.g. mcpserver (letters, digits, '.', '-', "
       "'_'), got 'root@pam!mcp'"},
      {"PROXMOX_ALLOW_ELEVATED", "maybe",
       "PROXMOX_ALLOW_ELEVATED must be true or false (also 1/0, yes/no), got 'maybe'"},
      {"PROXMOX_INSECURE_TLS", "y",
       "PROXMOX_INSECURE_TLS must be true or false (also 1/0, yes/no), got 'y'"},
      {"PROXMOX_LIST_ALL_TOOLS", "all",
       "PROXMOX_LIST_ALL_TOOLS must be true or false (also 1/0, yes/no), got 'all'"},
      {"PROXMOX_CONNECT_TIMEOUT", "0",
       "PROXMOX_CONNECT_TIMEOUT must be a number of seconds greater than 0 and at most 3600, got "
       "'0'"},
      {"PROXMOX_TIMEOUT", "30s",
       "PROXMOX_TIMEOUT must be a number of seconds greater than 0 and at most 3600, got '30s'"},
      {"PROXMOX_FINGERPRINT", "AB:CD",
       "PROXMOX_FINGERPRINT must be a SHA-256 fingerprint: 32 colon-separated hex bytes as the "
       "Proxmox UI shows it (AB:CD:...), or several separated by commas, got 'AB:CD'"},
  };
  for (const Case& c : cases) {
    Fixture f = minimal();
    f.env[c.variable] = c.value;
    EXPECT_EQ(f.error(), c.message) << c.variable;
  }
}

TEST(LoadConfig, EchoedValuesAreBoundedAndControlCharactersHidden) {
  Fixture f = minimal();
  f.env["PROXMOX_PORT"] = std::string(100, '9');
  EXPECT_EQ(f.error(),
            "PROXMOX_PORT must be an integer 1-65535, got '" + std::string(64, '9') + "...'");
  f.env["PROXMOX_PORT"] = "80\n80";
  EXPECT_EQ(f.error(), "PROXMOX_PORT must be an integer 1-65535, got '80?80'");
}

TEST(LoadConfig, CaFileMustBeReadableAndHoldACertificate) {
  Fixture f = minimal();
  f.env["PROXMOX_CA_FILE"] = "/nope.pem";
  EXPECT_EQ(f.error(), "PROXMOX_CA_FILE: cannot read '/nope.pem': No such file or directory");
  f.files.content["/nope.pem"] = "not a certificate";
  EXPECT_EQ(f.error(),
            "PROXMOX_CA_FILE: '/nope.pem' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
}

TEST(LoadConfig, InsecureContradictsPinning) {
  Fixture f = minimal();
  f.env["PROXMOX_INSECURE_TLS"] = "true";
  f.env["PROXMOX_FINGERPRINT"] = kPin;
  EXPECT_EQ(f.error(),
            "PROXMOX_INSECURE_TLS turns verification off, which contradicts PROXMOX_FINGERPRINT; "
            "unset one of them");
  f.env["PROXMOX_INSECURE_TLS"] = "false";
  EXPECT_EQ(f.config().fingerprint, kPin);
}

}  // namespace
}  // namespace load_testing
