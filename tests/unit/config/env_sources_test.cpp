#include "config/env_sources.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace {

namespace fs = std::filesystem;
using config::env_file_paths;

TEST(EnvFilePaths, CwdFirstThenParentOfTheInstallation) {
  // The binary is <repo>/build/proxmox-mcp; the reference keeps .env next to the repo.
  auto paths = env_file_paths("/srv/work", "/home/u/proxmox-mcp/build/proxmox-mcp");
  EXPECT_EQ(paths, (std::vector<fs::path>{"/srv/work/.env", "/home/u/.env"}));
}

TEST(EnvFilePaths, SameFileOnlyOnce) {
  auto paths = env_file_paths("/home/u", "/home/u/proxmox-mcp/build/proxmox-mcp");
  EXPECT_EQ(paths, (std::vector<fs::path>{"/home/u/.env"}));
  paths = env_file_paths("/home/u/", "/home/u/proxmox-mcp/build/../build/proxmox-mcp");
  EXPECT_EQ(paths.size(), 1u);
}

TEST(EnvFilePaths, AnInstalledBinaryReadsNoDotEnvAtTheRoot) {
  EXPECT_EQ(env_file_paths("/tmp", "/usr/bin/proxmox-mcp"), (std::vector<fs::path>{"/tmp/.env"}));
  EXPECT_EQ(env_file_paths("/tmp", "/usr/local/bin/proxmox-mcp"),
            (std::vector<fs::path>{"/tmp/.env"}));
  EXPECT_EQ(env_file_paths("/tmp", "/opt/pmcp/build-release/proxmox-mcp"),
            (std::vector<fs::path>{"/tmp/.env", "/opt/.env"}));
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "pmcp-config-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  fs::path dir_;
};

TEST_F(TempDir, ReadsExistingFilesInOrderAndSkipsMissingOnes) {
  write(dir_ / "home/.env", "B=2\n");
  write(dir_ / "home/proxmox-mcp/build/proxmox-mcp", "");
  write(dir_ / "cwd/other", "");
  auto paths = env_file_paths(dir_ / "cwd", dir_ / "home/proxmox-mcp/build/proxmox-mcp");
  ASSERT_EQ(paths.size(), 2u);
  std::vector<std::string> problems;
  auto files = config::read_env_files(paths, problems);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, (dir_ / "home/.env").string());
  EXPECT_EQ(files[0].content, "B=2\n");
  EXPECT_TRUE(problems.empty());

  write(dir_ / "cwd/.env", "A=1\n");
  files = config::read_env_files(paths, problems);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].content, "A=1\n");
  EXPECT_EQ(files[1].content, "B=2\n");
}

TEST_F(TempDir, SymlinkedCwdToTheSameDirectoryIsReadOnce) {
  write(dir_ / "home/.env", "B=2\n");
  fs::create_directory_symlink(dir_ / "home", dir_ / "link");
  auto paths = env_file_paths(dir_ / "link", dir_ / "home/repo/build/proxmox-mcp");
  EXPECT_EQ(paths.size(), 1u);
}

TEST_F(TempDir, UnreadableEnvFileIsAProblemNotAnError) {
  fs::create_directories(dir_ / ".env");  // a directory cannot be read as a file
  std::vector<std::string> problems;
  auto files = config::read_env_files({dir_ / ".env"}, problems);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "cannot read " + (dir_ / ".env").string() + ": is a directory");
}

// The mode-dependent cases below read through this: one path, what was read, what was said.
struct EnvRead {
  std::vector<config::EnvFile> files;
  std::vector<std::string> problems;
};
EnvRead read_one(const fs::path& path, uid_t user = ::geteuid()) {
  EnvRead r;
  r.files = config::read_env_files({path}, r.problems, user);
  return r;
}

TEST_F(TempDir, EnvFileWritableByOthersIsIgnored) {
  const fs::path env = dir_ / ".env";
  write(env, "PROXMOX_ALLOW_ELEVATED=true\n");
  for (mode_t mode : {0666, 0620, 0602}) {
    ASSERT_EQ(chmod(env.c_str(), mode), 0);
    EnvRead r = read_one(env);
    EXPECT_TRUE(r.files.empty()) << std::oct << mode;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    EXPECT_EQ(r.problems,
              std::vector<std::string>{"ignoring " + env.string() +
                                       ": it is writable by other users (mode " + octal +
                                       "); fix with chmod go-w " + env.string()});
  }
  for (mode_t mode : {0600, 0644, 0400}) {
    ASSERT_EQ(chmod(env.c_str(), mode), 0);
    EnvRead r = read_one(env);
    ASSERT_EQ(r.files.size(), 1u) << std::oct << mode;
    EXPECT_EQ(r.files[0].content, "PROXMOX_ALLOW_ELEVATED=true\n");
    EXPECT_TRUE(r.problems.empty());
  }
}

TEST_F(TempDir, ASettingsFileIsReadUnderTheSameRule) {
  const fs::path clusters = dir_ / "clusters.toml";
  write(clusters, "[clusters.lab]\n");
  ASSERT_EQ(chmod(clusters.c_str(), 0666), 0);
  config::FileRead read = config::read_trusted_file(clusters.string());
  EXPECT_FALSE(read.ok);
  EXPECT_EQ(read.content, "");
  EXPECT_EQ(read.error,
            "not used: it is writable by other users (mode 0666); fix with chmod go-w " +
                clusters.string());
  ASSERT_EQ(chmod(clusters.c_str(), 0640), 0);
  read = config::read_trusted_file(clusters.string());
  EXPECT_TRUE(read.ok);
  EXPECT_EQ(read.content, "[clusters.lab]\n");
  EXPECT_EQ(read.mode, 0640U);
  read = config::read_trusted_file((dir_ / "none.toml").string());
  EXPECT_FALSE(read.ok);
  EXPECT_EQ(read.error, "No such file or directory");
}

TEST_F(TempDir, EnvFileOfAnotherUserIsIgnoredButRootsIsRead) {
  const fs::path env = dir_ / ".env";
  write(env, "PROXMOX_INSECURE_TLS=true\n");
  ASSERT_EQ(chmod(env.c_str(), 0644), 0);
  // As root the file can be handed to another user; otherwise read it as someone else.
  const bool root = ::geteuid() == 0;
  const uid_t owner = root ? 4242 : ::geteuid();
  if (root) {
    ASSERT_EQ(chown(env.c_str(), owner, owner), 0);
  }
  EnvRead r = read_one(env, root ? 0 : ::geteuid() + 1);
  EXPECT_TRUE(r.files.empty());
  EXPECT_EQ(r.problems, std::vector<std::string>{
                            "ignoring " + env.string() + ": it is owned by another user (uid " +
                            std::to_string(owner) + "); only a .env owned by you or root is read"});
  if (!root) GTEST_SKIP() << "a root-owned file needs root to make";
  ASSERT_EQ(chown(env.c_str(), 0, 0), 0);
  r = read_one(env, 4242);
  EXPECT_EQ(r.files.size(), 1u);
  EXPECT_TRUE(r.problems.empty());
}

TEST_F(TempDir, EnvFileInADirectoryEveryoneMayWriteNeedsTheStickyBit) {
  const fs::path project = dir_ / "project";
  const fs::path env = project / ".env";
  write(env, "PROXMOX_ALLOW_ELEVATED=true\n");
  ASSERT_EQ(chmod(env.c_str(), 0600), 0);
  ASSERT_EQ(chmod(project.c_str(), 0777), 0);
  EnvRead r = read_one(env);
  EXPECT_TRUE(r.files.empty());
  EXPECT_EQ(r.problems, std::vector<std::string>{
                            "ignoring " + env.string() + ": its directory " + project.string() +
                            " is writable by every user (mode 0777) without the sticky bit; move "
                            "the file or fix with chmod o-w " +
                            project.string()});
  for (mode_t mode : {01777, 0775, 0755}) {  // /tmp's mode; a group's shared directory
    ASSERT_EQ(chmod(project.c_str(), mode), 0);
    r = read_one(env);
    EXPECT_EQ(r.files.size(), 1u) << std::oct << mode;
    EXPECT_TRUE(r.problems.empty());
  }
}

TEST_F(TempDir, EnvFileThatIsAFifoDoesNotHang) {
  const fs::path env = dir_ / ".env";
  ASSERT_EQ(mkfifo(env.c_str(), 0600), 0);
  EnvRead r = read_one(env);
  EXPECT_TRUE(r.files.empty());
  EXPECT_EQ(r.problems,
            std::vector<std::string>{"cannot read " + env.string() + ": not a regular file"});
}

TEST_F(TempDir, ReadFileFromDisk) {
  write(dir_ / "secret", "abc\n");
  auto ok = config::read_file_from_disk((dir_ / "secret").string());
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.content, "abc\n");
  auto missing = config::read_file_from_disk((dir_ / "missing").string());
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.error, "No such file or directory");
}

TEST(ProcessEnvironment, SeesVariablesOfThisProcess) {
  ASSERT_EQ(setenv("PMCP_TEST_VARIABLE", "a=b", 1), 0);
  auto env = config::process_environment();
  EXPECT_EQ(env["PMCP_TEST_VARIABLE"], "a=b");
  unsetenv("PMCP_TEST_VARIABLE");
}

TEST(ExecutablePath, IsAbsolute) {
  EXPECT_TRUE(config::executable_path("unit_config").is_absolute());
}

}  // namespace
