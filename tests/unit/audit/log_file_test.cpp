#include "audit/log_file.h"

#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "temp_log.h"

namespace audit {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using testing::json_lines;
using testing::raw_lines;
using testing::read_all;
using testing::TempDir;

// The line number (from 1) whose "prev" is not the SHA-256 of the line before it; 0: intact.
std::size_t first_break(const std::string& path) {
  std::string prev(kFirstPrev);
  std::size_t number = 0;
  for (const std::string& line : raw_lines(path)) {
    ++number;
    const json parsed = json::parse(line, nullptr, false);
    if (parsed.is_discarded() || parsed.value("prev", "") != prev) return number;
    prev = sha256_hex(line);
  }
  return 0;
}

TEST(AuditLogFile, Sha256IsTheStandardDigest) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuditLogFile, TimesAreRfc3339UtcWithMilliseconds) {
  const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1767323045678));
  EXPECT_EQ(rfc3339_utc(time), "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(rfc3339_utc(std::chrono::system_clock::time_point()), "1970-01-01T00:00:00.000Z");
}

TEST(AuditLogFile, CreatesTheFileForItsOwnerOnly) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  LogFile log(path);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(info.st_size, 0);
}

TEST(AuditLogFile, EachLineIsTimeFieldsAndTheHashOfTheLineBefore) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  LogFile log(path);
  log.append(ordered_json{{"event", "start"}, {"call", "a1"}});
  log.append(ordered_json{{"event", "end"}});
  const std::vector<std::string> lines = raw_lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex(R"(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","event":"start",)"
                           R"("call":"a1","prev":"0{64}"\})")))
      << lines[0];
  EXPECT_EQ(json::parse(lines[1])["prev"], sha256_hex(lines[0]));
  EXPECT_EQ(read_all(path).back(), '\n');
}

TEST(AuditLogFile, AReopenedLogContinuesItsChain) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  { LogFile(path).append(ordered_json{{"n", 1}}); }
  { LogFile(path).append(ordered_json{{"n", 2}}); }
  ASSERT_EQ(raw_lines(path).size(), 2u);
  EXPECT_EQ(first_break(path), 0u);
}

TEST(AuditLogFile, TwoServersSharingTheFileKeepOneChain) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  LogFile first(path);
  LogFile second(path);
  first.append(ordered_json{{"n", 1}});
  second.append(ordered_json{{"n", 2}});
  first.append(ordered_json{{"n", 3}});
  second.append(ordered_json{{"n", 4}});
  ASSERT_EQ(raw_lines(path).size(), 4u);
  EXPECT_EQ(first_break(path), 0u);
}

TEST(AuditLogFile, AChangedLineBreaksTheChainAtTheNext) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  {
    LogFile log(path);
    for (int n = 1; n <= 3; ++n) log.append(ordered_json{{"n", n}});
  }
  std::string text = read_all(path);
  text.replace(text.find("\"n\":2"), 5, "\"n\":7");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  EXPECT_EQ(first_break(path), 3u);
}

TEST(AuditLogFile, ALineCutShortIsEndedAndChainedTo) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  { LogFile(path).append(ordered_json{{"n", 1}}); }
  { std::ofstream(path, std::ios::binary | std::ios::app) << R"({"n":2,"ev)"; }
  LogFile(path).append(ordered_json{{"n", 3}});
  const std::vector<std::string> lines = raw_lines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], R"({"n":2,"ev)");
  EXPECT_EQ(json::parse(lines[2])["prev"], sha256_hex(lines[1]));
  EXPECT_EQ(json::parse(lines[2])["n"], 3);
}

TEST(AuditLogFile, ALongLastLineIsReadWholeForItsHash) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  { LogFile(path).append(ordered_json{{"text", std::string(10000, 'x')}}); }
  LogFile(path).append(ordered_json{{"n", 2}});
  EXPECT_EQ(first_break(path), 0u);
}

TEST(AuditLogFile, ConcurrentAppendsAreWholeLinesInOneChain) {
  TempDir dir;
  const std::string path = dir.file("audit.log");
  LogFile log(path);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int n = 0; n < 25; ++n) log.append(ordered_json{{"thread", t}, {"n", n}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(json_lines(path).size(), 100u);
  EXPECT_EQ(first_break(path), 0u);
}

TEST(AuditLogFile, APathThatCannotBeOpenedSaysWhichAndWhy) {
  TempDir dir;
  const std::string path = dir.file("missing/audit.log");
  try {
    LogFile log(path);
    FAIL() << "opened " << path;
  } catch (const WriteError& error) {
    EXPECT_EQ(std::string(error.what()),
              "audit log " + path + ": cannot open: No such file or directory");
  }
}

TEST(AuditLogFile, AFailedWriteThrows) {
  LogFile full("/dev/full");
  try {
    full.append(ordered_json{{"n", 1}});
    FAIL() << "wrote to /dev/full";
  } catch (const WriteError& error) {
    EXPECT_EQ(std::string(error.what()),
              "audit log /dev/full: cannot write: No space left on device");
  }
}

}  // namespace
}  // namespace audit
