// Command-line flags: they override the environment, name themselves in errors, --help and
// --version.
#include <gtest/gtest.h>

#include <sstream>

#include "load_fixture.h"

namespace load_testing {
namespace {

TEST(LoadConfig, FlagsOverrideEnvironment) {
  Fixture f = minimal();
  f.env["PROXMOX_PORT"] = "1111";
  f.env["PROXMOX_ALLOW_ELEVATED"] = "true";
  f.env["PROXMOX_INSECURE_TLS"] = "false";
  f.args = {"proxmox-mcp", "--host",
            "other",       "--port",
            "2222",        "--user",
            "u@pve",       "--token-name",
            "t1",          "--elevated=false",
            "--insecure",  "--connect-timeout",
            "1",           "--timeout",
            "9",           "--list-all-tools",
            "--log-level", "debug"};
  Config c = f.config();
  EXPECT_EQ(c.host, "other");
  EXPECT_EQ(c.port, 2222);
  EXPECT_EQ(c.user, "u@pve");
  EXPECT_EQ(c.token_name, "t1");
  EXPECT_FALSE(c.allow_elevated);
  EXPECT_TRUE(c.insecure_tls);
  EXPECT_TRUE(c.list_all_tools);
  EXPECT_EQ(c.connect_timeout_ms, 1000);
  EXPECT_EQ(c.timeout_ms, 9000);
  EXPECT_EQ(c.log_level, config::LogLevel::debug);
}

TEST(LoadConfig, ToolChoiceFromEnvironmentOrFlags) {
  Fixture f = minimal();
  f.env["PROXMOX_TOOLSETS"] = "inventory,tasks";
  f.env["PROXMOX_DISABLED_TOOLS"] = "proxmox_cancel_task";
  f.args = {"proxmox-mcp", "--tools", "proxmox_start_vm proxmox_stop_vm"};
  Config c = f.config();
  EXPECT_EQ(c.toolsets, "inventory,tasks");
  EXPECT_EQ(c.tools, "proxmox_start_vm proxmox_stop_vm");
  EXPECT_EQ(c.disabled_tools, "proxmox_cancel_task");
  f.args = {"proxmox-mcp", "--toolsets=snapshots", "--disabled-tools", "delete"};
  c = f.config();
  EXPECT_EQ(c.toolsets, "snapshots");
  EXPECT_EQ(c.disabled_tools, "delete");
}

TEST(LoadConfig, AuditLogFromEnvironmentOrFlag) {
  Fixture f = minimal();
  EXPECT_EQ(f.config().audit_log, "");
  f.env["PROXMOX_AUDIT_LOG"] = "/var/log/proxmox-mcp/audit.log";
  EXPECT_EQ(f.config().audit_log, "/var/log/proxmox-mcp/audit.log");
  f.args = {"proxmox-mcp", "--audit-log", "/srv/audit.jsonl"};
  EXPECT_EQ(f.config().audit_log, "/srv/audit.jsonl");
}

TEST(LoadConfig, FlagErrorsNameTheFlag) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--port", "abc"};
  EXPECT_EQ(f.error(), "--port must be an integer 1-65535, got 'abc'");
  f.args = {"proxmox-mcp", "--fingerprint=12:34"};
  EXPECT_EQ(f.error().rfind("--fingerprint must be a SHA-256 fingerprint", 0), 0u);
  f.args = {"proxmox-mcp", "--log-level", "loud"};
  EXPECT_EQ(f.error(), "--log-level must be debug, info, warning or error, got 'loud'");
}

TEST(LoadConfig, CaFileAndFingerprintFlags) {
  Fixture f = minimal();
  f.files.content["ca.pem"] = "-----BEGIN CERTIFICATE-----\n";
  f.args = {"proxmox-mcp", "--ca-file", "ca.pem", "--fingerprint",
            "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"};
  Config c = f.config();
  EXPECT_EQ(c.ca_file, "ca.pem");
  EXPECT_EQ(c.fingerprint, kPin);
}

TEST(LoadConfig, FingerprintAsOpensslPrintsIt) {
  Fixture f = minimal();
  f.env["PROXMOX_FINGERPRINT"] = std::string("sha256 Fingerprint=") + kPin;
  EXPECT_EQ(f.config().fingerprint, kPin);
  f.env["PROXMOX_FINGERPRINT"] = std::string("SHA256 Fingerprint=") + kPin;
  EXPECT_EQ(f.config().fingerprint, kPin);
}

TEST(LoadConfig, OptionsInEveryAcceptedSpelling) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--port=2222",       "--elevated=YES", "--host",
            "h1",          "--log-level=debug", "--insecure=0"};
  Config c = f.config();
  EXPECT_EQ(c.port, 2222);
  EXPECT_TRUE(c.allow_elevated);
  EXPECT_EQ(c.host, "h1");
  EXPECT_EQ(c.log_level, config::LogLevel::debug);
  f.args = {"proxmox-mcp", "-h"};
  EXPECT_EQ(f.load().exit_code, 0);
  EXPECT_NE(f.load().output.find("--token-file"), std::string::npos);
}

// Redaction must see every secret before any value is checked, and before a value is cut short.

TEST(LoadConfig, HelpAndVersion) {
  Fixture f;
  f.args = {"proxmox-mcp", "--version"};
  LoadResult r = f.load();
  EXPECT_FALSE(r.config.has_value());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "proxmox-mcp 1.2.3\n");

  f.args = {"proxmox-mcp", "--help"};
  r = f.load();
  EXPECT_EQ(r.exit_code, 0);
  for (const char* expected :
       {"--demo", "--host", "--port", "--user", "--token-name", "--token-file", "--ca-file",
        "--fingerprint", "--insecure", "--elevated", "--connect-timeout", "--timeout",
        "--list-all-tools", "PROXMOX_TOKEN_VALUE", "/home/u/.env"}) {
    EXPECT_NE(r.output.find(expected), std::string::npos) << expected;
  }
}

// The protocol layer's test tools: a flag for the project's own tests, so not in --help.
TEST(LoadConfig, TestFixturesFlagIsHidden) {
  Fixture f;
  f.args = {"proxmox-mcp", "--demo"};
  EXPECT_FALSE(f.config().test_fixtures);
  f.args = {"proxmox-mcp", "--demo", "--test-fixtures"};
  EXPECT_TRUE(f.config().test_fixtures);
  f.args = {"proxmox-mcp", "--help"};
  EXPECT_EQ(f.load().output.find("fixture"), std::string::npos);
}

TEST(LoadConfig, UnknownFlagAndStrayArgument) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--frobnicate"};
  EXPECT_EQ(f.error(), "unknown option '--frobnicate' (see --help)");
  f.args = {"proxmox-mcp", "--port"};
  EXPECT_EQ(f.error(), "--port needs a value (see --help)");
  f.args = {"proxmox-mcp", "--port", "--elevated"};
  EXPECT_EQ(f.error(), "--port needs a value (see --help)");
  f.args = {"proxmox-mcp", "stray"};
  EXPECT_EQ(f.error(), "unexpected argument at position 1 (value not shown; see --help)");
}

TEST(Report, PrintsOneLineAndReturnsTheExitCode) {
  Fixture f;
  std::ostringstream out, err;
  EXPECT_EQ(config::report(f.load(), out, err), 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "proxmox-mcp: PROXMOX_HOST is not set (required unless --demo)\n");

  f.args = {"proxmox-mcp", "--version"};
  std::ostringstream out2, err2;
  EXPECT_EQ(config::report(f.load(), out2, err2), 0);
  EXPECT_EQ(out2.str(), "proxmox-mcp 1.2.3\n");
  EXPECT_EQ(err2.str(), "");

  std::ostringstream out3, err3;
  EXPECT_EQ(config::report(minimal().load(), out3, err3), 0);
  EXPECT_EQ(out3.str() + err3.str(), "");
}

}  // namespace
}  // namespace load_testing
