#include "config/env_sources.h"

#include <gtest/gtest.h>
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

TEST(EnvFilePaths, ShallowInstallationStopsAtRoot) {
  auto paths = env_file_paths("/tmp", "/usr/bin/proxmox-mcp");
  EXPECT_EQ(paths, (std::vector<fs::path>{"/tmp/.env", "/.env"}));
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
