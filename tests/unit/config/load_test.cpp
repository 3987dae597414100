#include "config/load.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using config::Config;
using config::EnvFile;
using config::FileRead;
using config::LoadResult;
using config::Sources;

constexpr const char* kSecret = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
constexpr const char* kPin =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:"
    "89";

// A fake file system for --token-file and PROXMOX_CA_FILE.
struct Files {
  std::map<std::string, std::string> content;
  FileRead operator()(const std::string& path) const {
    auto it = content.find(path);
    if (it == content.end()) return {false, "", "No such file or directory"};
    return {true, it->second, ""};
  }
};

struct Fixture {
  std::vector<std::string> args{"proxmox-mcp"};
  std::map<std::string, std::string> env;
  std::vector<EnvFile> env_files;
  Files files;

  LoadResult load() const {
    return config::load_config(Sources{args, env, env_files, files, "1.2.3"});
  }
  // Loads and expects an error; returns its line.
  std::string error() const {
    LoadResult r = load();
    EXPECT_FALSE(r.config.has_value());
    EXPECT_EQ(r.exit_code, 2);
    return r.error;
  }
  Config config() const {
    LoadResult r = load();
    EXPECT_TRUE(r.config.has_value()) << r.error;
    return r.config.value_or(Config{});
  }
};

Fixture minimal() {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve.example.com"}, {"PROXMOX_TOKEN_VALUE", kSecret}};
  return f;
}

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
            "PROXMOX_TOKEN_VALUE is not set (required unless --demo; or use --token-file PATH)");
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
                "and no port), got 'https://x'; --demo goes on without it",
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
            "port), got 'https://x'");
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
       "PROXMOX_HOST must be a hostname or IP address (no https:// and no port), got "
       "'https://pve:8006'"},
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
       "Proxmox UI shows it (AB:CD:...), got 'AB:CD'"},
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

TEST(LoadConfig, TokenFileOverridesVariableAndIsTrimmed) {
  Fixture f = minimal();
  f.files.content["/run/secrets/pve"] = "  file-secret-1234\n";
  f.args = {"proxmox-mcp", "--token-file", "/run/secrets/pve"};
  EXPECT_EQ(f.config().token_secret, "file-secret-1234");
}

TEST(LoadConfig, TokenFileErrors) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--token-file", "/missing"};
  EXPECT_EQ(f.error(),
            "--token-file: cannot read the file it names: No such file or directory (path not "
            "shown, in case it is the secret)");
  f.files.content["/missing"] = "\n";
  EXPECT_EQ(f.error(), "--token-file '/missing' is empty");
  f.files.content["/missing"] = "two words-secret\n";
  EXPECT_EQ(f.error(),
            "--token-file '/missing' contains blanks or control characters (value not shown)");
}

TEST(LoadConfig, SecretOnTheCommandLineIsRefusedWithoutEchoingIt) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"proxmox-mcp", "--token-value", kSecret},
        std::vector<std::string>{"proxmox-mcp", std::string("--token-value=") + kSecret},
        std::vector<std::string>{"proxmox-mcp", "--token", kSecret}}) {
    Fixture f;
    f.args = args;
    EXPECT_EQ(f.error(),
              "the token secret cannot be given on the command line (it would be visible in ps): "
              "set PROXMOX_TOKEN_VALUE or use --token-file PATH");
  }
}

// Whatever else the secret is typed as, no error may quote it: no other source knows it, so
// redaction could not catch it afterwards.
TEST(LoadConfig, SecretInAnyOtherCommandLineFormIsNotEchoed) {
  const std::string secret = kSecret;
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--token_value=" + secret}, "unknown option '--token_value' (see --help)"},
      {{"--PROXMOX_TOKEN_VALUE=" + secret}, "unknown option '--PROXMOX_TOKEN_VALUE' (see --help)"},
      {{"--token_value", secret}, "unknown option '--token_value' (see --help)"},
      {{"-x", secret}, "unknown option '-x' (see --help)"},
      {{"-x" + secret}, "unknown option '-x' (see --help)"},
      {{"--" + secret}, "unknown option at position 1 (name not shown; see --help)"},
      {{"--demo", "--x" + secret + "=1"},
       "unknown option at position 2 (name not shown; see --help)"},
      {{secret}, "unexpected argument at position 1 (value not shown; see --help)"},
      {{"--elevated", secret}, "unexpected argument at position 2 (value not shown; see --help)"},
      {{"--", secret}, "unknown option at position 1 (name not shown; see --help)"},
      {{"--host", "--token_value=" + secret}, "--host needs a value (see --help)"},
      {{"--demo=" + secret},
       "--demo must be true or false (also 1/0, yes/no) (value not shown; see --help)"},
      {{"--token-file", secret},
       "--token-file: cannot read the file it names: No such file or directory (path not shown, "
       "in case it is the secret)"},
  };
  for (const auto& [args, message] : cases) {
    Fixture f;
    f.env["PROXMOX_HOST"] = "pve";
    f.args = {"proxmox-mcp"};
    f.args.insert(f.args.end(), args.begin(), args.end());
    EXPECT_EQ(f.error(), message) << args.front();
  }
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
TEST(LoadConfig, SecretIsRedactedWhereverItCameFrom) {
  // Past the 64 characters an error echoes, and holding the other secret of the first case.
  const std::string long_secret = std::string(kSecret) + "-and-more-of-a-longer-secret-token";
  const std::string hidden = "PROXMOX_PORT must be an integer 1-65535, got '<redacted>'";
  {  // from the token file, which used to be read after the port was checked
    Fixture f = minimal();
    f.files.content["/run/pve"] = long_secret + "\n";
    f.args = {"proxmox-mcp", "--token-file", "/run/pve"};
    f.env["PROXMOX_PORT"] = long_secret;
    EXPECT_EQ(f.error(), hidden);
  }
  {  // from the environment, longer than what an error echoes
    Fixture f = minimal();
    f.env["PROXMOX_TOKEN_VALUE"] = long_secret;
    f.env["PROXMOX_PORT"] = long_secret;
    EXPECT_EQ(f.error(), hidden);
  }
  {  // from the installation's .env although ./.env sets another one
    Fixture f;
    f.env = {{"PROXMOX_HOST", "pve"}, {"PROXMOX_PORT", kSecret}};
    f.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE=current-secret\n"},
                   {"/home/u/.env", std::string("PROXMOX_TOKEN_VALUE=") + kSecret + "\n"}};
    EXPECT_EQ(f.error(), hidden);
  }
  {  // from an earlier line of the same .env
    Fixture f;
    f.env = {{"PROXMOX_HOST", "pve"}, {"PROXMOX_PORT", kSecret}};
    f.env_files = {{"/work/.env", std::string("PROXMOX_TOKEN_VALUE=") + kSecret +
                                      "\nPROXMOX_TOKEN_VALUE=new-one\n"}};
    EXPECT_EQ(f.error(), hidden);
  }
  {  // with a control character, which the echo would have turned into '?'
    Fixture f = minimal();
    const std::string odd = std::string(kSecret) + "\x01";
    f.env["PROXMOX_TOKEN_VALUE"] = odd;
    f.env["PROXMOX_PORT"] = odd;
    EXPECT_EQ(f.error(), hidden);
  }
}

TEST(LoadConfig, InvalidSecretIsNotShown) {
  Fixture f = minimal();
  f.env["PROXMOX_TOKEN_VALUE"] = "secret with blanks";
  EXPECT_EQ(f.error(),
            "PROXMOX_TOKEN_VALUE contains blanks or control characters (value not shown)");
}

TEST(LoadConfig, SecretNeverAppearsInAnyErrorOrWarning) {
  // The secret pasted into the wrong variables: every message must hide it.
  for (const char* variable :
       {"PROXMOX_PORT", "PROXMOX_HOST", "PROXMOX_USER", "PROXMOX_TOKEN_NAME", "PROXMOX_FINGERPRINT",
        "PROXMOX_TIMEOUT", "PROXMOX_CA_FILE", "PROXMOX_ALLOW_ELEVATED"}) {
    Fixture f = minimal();
    f.env[variable] = std::string("!") + kSecret;  // invalid for every one of them
    LoadResult r = f.load();
    EXPECT_FALSE(r.config.has_value()) << variable;
    EXPECT_EQ(r.error.find(kSecret), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("<redacted>"), std::string::npos) << r.error;
  }
  // From a .env file, and with an unknown flag that CLI11 echoes.
  Fixture f;
  f.env_files = {{"/h/.env", std::string("PROXMOX_TOKEN_VALUE=") + kSecret +
                                 "\nPROXMOX_HOST=pve\nPROXMOX_PORT=" + kSecret + "\n"}};
  EXPECT_EQ(f.error().find(kSecret), std::string::npos);
  f.env_files[0].content += "oops " + std::string(kSecret) + "\n";
  f.args = {"proxmox-mcp", "--bogus", kSecret};
  LoadResult r = f.load();
  EXPECT_EQ(r.error.find(kSecret), std::string::npos) << r.error;
  for (const auto& w : r.warnings) EXPECT_EQ(w.find(kSecret), std::string::npos) << w;
}

TEST(LoadConfig, EnvFilesFillWhatTheEnvironmentLacks) {
  Fixture f;
  f.env["PROXMOX_HOST"] = "from-env";
  f.env_files = {
      {"/work/.env", "PROXMOX_HOST=from-cwd\nPROXMOX_PORT=1001\n"},
      {"/home/u/.env",
       "PROXMOX_HOST=from-parent\nPROXMOX_PORT=1002\nPROXMOX_USER=p@pve\n"
       "PROXMOX_TOKEN_VALUE='parent-secret'\n"},
  };
  Config c = f.config();
  EXPECT_EQ(c.host, "from-env");  // environment wins
  EXPECT_EQ(c.port, 1001);        // cwd .env wins over the parent's
  EXPECT_EQ(c.user, "p@pve");     // parent .env fills the rest
  EXPECT_EQ(c.token_secret, "parent-secret");
}

TEST(LoadConfig, EmptyEnvironmentVariableStillWinsOverFiles) {
  Fixture f = minimal();
  f.env["PROXMOX_PORT"] = "";
  f.env_files = {{"/work/.env", "PROXMOX_PORT=1001\n"}};
  EXPECT_EQ(f.config().port, 8006);
}

TEST(LoadConfig, LastAssignmentInOneFileCounts) {
  Fixture f = minimal();
  f.env_files = {{"/work/.env", "PROXMOX_PORT=1\nPROXMOX_PORT=2\n"}};
  EXPECT_EQ(f.config().port, 2);
}

TEST(LoadConfig, ErrorsFromFilesNameFileAndLine) {
  Fixture f = minimal();
  f.env_files = {{"/home/u/.env", "# settings\nexport PROXMOX_PORT = \"eighty\"  # web\n"}};
  EXPECT_EQ(f.error(),
            "PROXMOX_PORT (from /home/u/.env:2) must be an integer 1-65535, got 'eighty'");
}

TEST(LoadConfig, MalformedEnvLinesBecomeWarnings) {
  Fixture f = minimal();
  f.env_files = {{"/work/.env", "PROXMOX_USER=a@pve\nnot a line\n"}};
  LoadResult r = f.load();
  ASSERT_TRUE(r.config.has_value());
  EXPECT_EQ(r.config->user, "a@pve");
  EXPECT_EQ(r.warnings, std::vector<std::string>{"/work/.env:2: skipped: expected KEY=value"});
}

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
