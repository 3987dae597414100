// The token secret: from a file, never echoed by any error, warning or command line.
#include <algorithm>

#include <gtest/gtest.h>

#include "load_fixture.h"

namespace load_testing {
namespace {

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

}  // namespace
}  // namespace load_testing

namespace load_testing {
namespace {

// A file named by PROXMOX_TOKEN_VALUE_FILE, from the environment or a .env line.
TEST(LoadConfig, TokenValueFileNamesTheFileOfTheSecret) {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve"}, {"PROXMOX_TOKEN_VALUE_FILE", "/etc/proxmox-mcp/token"}};
  f.files.content["/etc/proxmox-mcp/token"] = "file-secret-1234\n";
  EXPECT_EQ(f.config().token_secret, "file-secret-1234");
  f.env.erase("PROXMOX_TOKEN_VALUE_FILE");
  f.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE_FILE=/etc/proxmox-mcp/token\n"}};
  EXPECT_EQ(f.config().token_secret, "file-secret-1234");
  f.files.content["/etc/proxmox-mcp/token"] = "two words\n";
  EXPECT_EQ(f.error(),
            "PROXMOX_TOKEN_VALUE_FILE (from /work/.env:1) '/etc/proxmox-mcp/token' contains blanks "
            "or control characters (value not shown)");
  f.files.content.clear();
  EXPECT_EQ(f.error(),
            "PROXMOX_TOKEN_VALUE_FILE (from /work/.env:1): cannot read the file it names: No such "
            "file or directory (path not shown, in case it is the secret)");
  // --token-file comes first.
  f.files.content["/run/pve"] = "flag-secret-1234";
  f.args = {"proxmox-mcp", "--token-file", "/run/pve"};
  EXPECT_EQ(f.config().token_secret, "flag-secret-1234");
}

TEST(LoadConfig, TheSecretAndAFileOfItAreNotBothSet) {
  Fixture f = minimal();
  f.env["PROXMOX_TOKEN_VALUE_FILE"] = "/etc/proxmox-mcp/token";
  f.files.content["/etc/proxmox-mcp/token"] = "file-secret-1234\n";
  EXPECT_EQ(f.error(), "PROXMOX_TOKEN_VALUE and PROXMOX_TOKEN_VALUE_FILE are both set: keep one");
}

// systemd's LoadCredential=PROXMOX_TOKEN_VALUE:/etc/proxmox-mcp/token puts the file in
// $CREDENTIALS_DIRECTORY; the variable, when set, is the more specific setting.
TEST(LoadConfig, ASystemdCredentialHoldsTheSecretWhenNothingElseDoes) {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve"}, {"CREDENTIALS_DIRECTORY", "/run/credentials/pmcp.service"}};
  f.files.content["/run/credentials/pmcp.service/PROXMOX_TOKEN_VALUE"] = "credential-1234\n";
  EXPECT_EQ(f.config().token_secret, "credential-1234");
  f.env["PROXMOX_TOKEN_VALUE"] = kSecret;
  EXPECT_EQ(f.config().token_secret, kSecret);
  f.env.erase("PROXMOX_TOKEN_VALUE");
  f.files.content["/run/credentials/pmcp.service/PROXMOX_TOKEN_VALUE"] = "\n";
  EXPECT_EQ(f.error(),
            "the systemd credential PROXMOX_TOKEN_VALUE "
            "'/run/credentials/pmcp.service/PROXMOX_TOKEN_VALUE' is empty");
  // A unit that passes other credentials only: the secret is simply not set.
  f.files.content.clear();
  EXPECT_EQ(f.error(),
            "PROXMOX_TOKEN_VALUE is not set (required unless --demo; or name a file holding it: "
            "PROXMOX_TOKEN_VALUE_FILE or --token-file PATH)");
}

TEST(LoadConfig, AnAccessTokenFileWorksTheSameWay) {
  Fixture f = minimal();
  f.args = {"proxmox-mcp", "--http", "127.0.0.1:8080"};
  f.env["MCP_AUTH_TOKEN_FILE"] = "/etc/proxmox-mcp/access";
  f.files.content["/etc/proxmox-mcp/access"] = "an-access-token-of-32-characters\n";
  EXPECT_EQ(f.config().auth_token, "an-access-token-of-32-characters");
}

TEST(LoadConfig, ASecretFromAFileOfItIsRedactedToo) {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve"},
           {"PROXMOX_TOKEN_VALUE_FILE", "/etc/proxmox-mcp/token"},
           {"PROXMOX_PORT", kSecret}};
  f.files.content["/etc/proxmox-mcp/token"] = std::string(kSecret) + "\n";
  EXPECT_EQ(f.error(), "PROXMOX_PORT must be an integer 1-65535, got '<redacted>'");
}

}  // namespace
}  // namespace load_testing

namespace load_testing {
namespace {

// The environment outranks a .env, and the unit's credential outranks a .env left from before:
// a secret rotated through the credential must not be shadowed by a stale line.
TEST(LoadConfig, SecretSourcesRankLikeEveryOtherSetting) {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve"}, {"CREDENTIALS_DIRECTORY", "/run/credentials/pmcp.service"}};
  f.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE=stale-secret-1234\n"}};
  f.files.content["/run/credentials/pmcp.service/PROXMOX_TOKEN_VALUE"] = "credential-1234\n";
  LoadResult r = f.load();
  ASSERT_TRUE(r.config.has_value()) << r.error;
  EXPECT_EQ(r.config->token_secret, "credential-1234");
  EXPECT_NE(std::find(r.warnings.begin(), r.warnings.end(),
                      "PROXMOX_TOKEN_VALUE (from /work/.env:1) is ignored: the systemd credential "
                      "PROXMOX_TOKEN_VALUE is used"),
            r.warnings.end());

  // The environment's _FILE over the .env's value, the environment's value over the .env's _FILE.
  Fixture g;
  g.env = {{"PROXMOX_HOST", "pve"}, {"PROXMOX_TOKEN_VALUE_FILE", "/etc/pmcp/token"}};
  g.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE=stale-secret-1234\n"}};
  g.files.content["/etc/pmcp/token"] = "file-secret-1234";
  EXPECT_EQ(g.config().token_secret, "file-secret-1234");
  g.env = {{"PROXMOX_HOST", "pve"}, {"PROXMOX_TOKEN_VALUE", "env-secret-1234"}};
  g.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE_FILE=/etc/pmcp/token\n"}};
  EXPECT_EQ(g.config().token_secret, "env-secret-1234");
}

TEST(LoadConfig, AFileOfTheSecretInADotEnvIsAbsoluteAndAlone) {
  Fixture f;
  f.env = {{"PROXMOX_HOST", "pve"}};
  f.env_files = {{"/work/.env", "PROXMOX_TOKEN_VALUE_FILE=token\n"}};
  EXPECT_EQ(f.error(), "PROXMOX_TOKEN_VALUE_FILE (from /work/.env:1) must be an absolute path");
  f.env_files = {{"/work/.env",
                  "PROXMOX_TOKEN_VALUE_FILE=/etc/pmcp/token\nPROXMOX_TOKEN_VALUE=x-secret-12\n"}};
  EXPECT_EQ(f.error(), "PROXMOX_TOKEN_VALUE and PROXMOX_TOKEN_VALUE_FILE are both set: keep one");
}

}  // namespace
}  // namespace load_testing
