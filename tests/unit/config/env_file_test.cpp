#include "config/env_file.h"

#include <gtest/gtest.h>

namespace {

using config::parse_env_file;

// Returns "KEY=value@line" for each entry, to compare whole parses at once.
std::vector<std::string> entries(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& e : parse_env_file("f", text).entries) {
    out.push_back(e.key + "=" + e.value + "@" + std::to_string(e.line));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(EnvFile, PlainAssignments) {
  EXPECT_EQ(entries("A=1\nB=two\n"), (V{"A=1@1", "B=two@2"}));
}

TEST(EnvFile, BlankLinesAndFullLineComments) {
  EXPECT_EQ(entries("\n# comment\n   # indented comment\n\nA=1\n"), (V{"A=1@5"}));
}

TEST(EnvFile, TrailingCommentOnUnquotedValueNeedsBlankBeforeHash) {
  EXPECT_EQ(entries("A=value # note\nB=pa#ss\nC=x\t#tab\nD= # only comment\n"),
            (V{"A=value@1", "B=pa#ss@2", "C=x@3", "D=@4"}));
}

TEST(EnvFile, SpacesAroundEquals) {
  EXPECT_EQ(entries("KEY = value  \n  OTHER=  v\n"), (V{"KEY=value@1", "OTHER=v@2"}));
}

TEST(EnvFile, ExportPrefix) {
  EXPECT_EQ(entries("export A=1\nexport   B = 2\nexporter=3\n"),
            (V{"A=1@1", "B=2@2", "exporter=3@3"}));
}

TEST(EnvFile, CrlfLineEndingsAndBom) {
  EXPECT_EQ(entries("\xEF\xBB\xBF"
                    "A=1\r\nB=\"q\"\r\n"),
            (V{"A=1@1", "B=q@2"}));
}

TEST(EnvFile, SingleQuotesAreLiteral) {
  EXPECT_EQ(entries("A='a # b \\n \"c\"'  # comment\n"), (V{"A=a # b \\n \"c\"@1"}));
}

TEST(EnvFile, DoubleQuotesUnderstandEscapes) {
  auto parsed = parse_env_file("f", "A=\"line1\\nline2 \\\"q\\\" back\\\\slash # not comment\"\n");
  ASSERT_EQ(parsed.entries.size(), 1u);
  EXPECT_EQ(parsed.entries[0].value, "line1\nline2 \"q\" back\\slash # not comment");
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(EnvFile, EmptyValues) {
  EXPECT_EQ(entries("A=\nB=''\nC=\"\"\n"), (V{"A=@1", "B=@2", "C=@3"}));
}

TEST(EnvFile, ValueMayContainEquals) {
  EXPECT_EQ(entries("A=b=c\n"), (V{"A=b=c@1"}));
}

TEST(EnvFile, LastLineWithoutNewline) {
  EXPECT_EQ(entries("A=1\nB=2"), (V{"A=1@1", "B=2@2"}));
}

TEST(EnvFile, MalformedLinesAreReportedWithFileAndLineAndSkipped) {
  auto parsed = parse_env_file("/home/u/.env",
                               "A=1\n"
                               "just-a-secret-value\n"
                               "1BAD=x\n"
                               "B=\"unterminated\n"
                               "C='open\n"
                               "D=\"x\" trailing\n"
                               "E=2\n");
  ASSERT_EQ(parsed.entries.size(), 2u);
  EXPECT_EQ(parsed.entries[0].key, "A");
  EXPECT_EQ(parsed.entries[1].key, "E");
  EXPECT_EQ(parsed.entries[1].line, 7);
  EXPECT_EQ(parsed.problems, (V{
                                 "/home/u/.env:2: skipped: expected KEY=value",
                                 "/home/u/.env:3: skipped: expected KEY=value",
                                 "/home/u/.env:4: skipped: unterminated double quote",
                                 "/home/u/.env:5: skipped: unterminated single quote",
                                 "/home/u/.env:6: skipped: text after closing quote",
                             }));
}

TEST(EnvFile, ProblemsNeverQuoteTheLine) {
  auto parsed = parse_env_file("f", "s3cr3t-token-value\nPROXMOX_TOKEN_VALUE=\"s3cr3t-token\n");
  ASSERT_EQ(parsed.problems.size(), 2u);
  for (const auto& p : parsed.problems) EXPECT_EQ(p.find("s3cr3t"), std::string::npos) << p;
}

TEST(EnvFile, RepeatedKeysAreAllReturnedInOrder) {
  EXPECT_EQ(entries("A=1\nA=2\n"), (V{"A=1@1", "A=2@2"}));
}

}  // namespace
