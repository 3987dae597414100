#include "pve/text.h"

#include <gtest/gtest.h>

namespace {

TEST(TextTest, TrimRemovesBlanksAtBothEndsOnly) {
  EXPECT_EQ(pve::trim("  no route to host \r\n"), "no route to host");
  EXPECT_EQ(pve::trim("a  b"), "a  b");
  EXPECT_EQ(pve::trim("\t\n "), "");
  EXPECT_EQ(pve::trim(""), "");
}

TEST(TextTest, ClipCutsOnACharacterBoundaryAndSaysHowMuchIsMissing) {
  EXPECT_EQ(pve::clip("short", 10), "short");
  EXPECT_EQ(pve::clip("0123456789", 4), "0123… (6 more bytes)");
  // "é" is two bytes: a cut inside it moves before it.
  EXPECT_EQ(pve::clip("abcé", 4), "abc… (2 more bytes)");
}

TEST(TextTest, IsUtf8AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(pve::is_utf8(""));
  EXPECT_TRUE(pve::is_utf8("pve1 é € \xF0\x9F\x98\x80"));  // 1, 2, 3 and 4 bytes
  EXPECT_FALSE(pve::is_utf8("\xFF"));                      // never a UTF-8 byte
  EXPECT_FALSE(pve::is_utf8("\xC3"));                      // a character cut short
  EXPECT_FALSE(pve::is_utf8("\xC0\xAF"));                  // an overlong "/"
  EXPECT_FALSE(pve::is_utf8("\xE0\x80\xAF"));              // an overlong "/" in three bytes
  EXPECT_FALSE(pve::is_utf8("\xED\xA0\x80"));              // a surrogate, U+D800
  EXPECT_FALSE(pve::is_utf8("\xF4\x90\x80\x80"));          // past U+10FFFF
  EXPECT_FALSE(
      pve::is_utf8("a\x80"
                   "b"));  // a lone continuation byte
}

TEST(TextTest, RedactReplacesEveryOccurrenceOfALongSecret) {
  EXPECT_EQ(pve::redact("a=s3cr3t-value b=s3cr3t-value", "s3cr3t-value"), "a=[secret] b=[secret]");
  EXPECT_EQ(pve::redact("wrong words", "wrong"), "wrong words");  // too short to tell apart
  // A secret that contains the mark itself cannot loop.
  EXPECT_EQ(pve::redact("x[secret]x[secret]", "x[secret]"), "[secret][secret]");
}

TEST(TextTest, JsonDepthIgnoresBracketsInStringsAndStopsEarly) {
  EXPECT_EQ(pve::json_depth(R"({"data":[1,[2]]})", 10), 3u);
  EXPECT_EQ(pve::json_depth(R"({"a":"[[[[\"[[["})", 10), 1u);
  EXPECT_EQ(pve::json_depth(R"(["\\",[[]]])", 10), 3u);
  EXPECT_EQ(pve::json_depth(std::string(1000000, '['), 64), 65u);
  EXPECT_EQ(pve::json_depth(R"({"open)", 10), 1u);
  EXPECT_EQ(pve::json_depth("", 10), 0u);
}

}  // namespace
