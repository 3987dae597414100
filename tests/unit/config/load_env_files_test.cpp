// .env files: what they fill in, what wins, errors with file and line.
#include <gtest/gtest.h>

#include "load_fixture.h"

namespace load_testing {
namespace {

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

}  // namespace
}  // namespace load_testing
