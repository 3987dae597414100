#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "bytes/hex.h"
#include "bytes/random.h"

namespace {

TEST(Hex, TwoLowerCaseDigitsPerByteAndBack) {
  const std::array<unsigned char, 4> data{0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(bytes::to_hex(data), "000fa5ff");
  EXPECT_EQ(bytes::to_hex(std::string_view("\x01\x80", 2)), "0180");
  EXPECT_EQ(bytes::from_hex("000fa5ff"), std::string("\x00\x0f\xa5\xff", 4));
  EXPECT_EQ(bytes::from_hex(""), std::string());
}

TEST(Hex, OddLengthsAndOtherCharactersAreNotHex) {
  EXPECT_EQ(bytes::from_hex("abc"), std::nullopt);
  EXPECT_EQ(bytes::from_hex("AB"), std::nullopt);  // what we write is lower case
  EXPECT_EQ(bytes::from_hex("0g"), std::nullopt);
  EXPECT_EQ(bytes::from_hex("-1"), std::nullopt);
}

TEST(Random, DrawsTheSizeAskedForAndNeverTheSameTwice) {
  EXPECT_EQ(bytes::random_bytes(0), "");
  EXPECT_EQ(bytes::random_bytes(32).size(), 32U);
  // A large draw is filled to its end, not only its first call's worth.
  const std::string large = bytes::random_bytes(100000);
  ASSERT_EQ(large.size(), 100000U);
  EXPECT_NE(large.substr(99000), std::string(1000, '\0'));
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string hex = bytes::random_hex(16);
    ASSERT_EQ(hex.size(), 32U);
    ASSERT_TRUE(bytes::from_hex(hex).has_value()) << hex;
    seen.insert(hex);
  }
  EXPECT_EQ(seen.size(), 100U);
}

TEST(Random, EveryByteValueTurnsUp) {
  // 64 KiB of uniform bytes miss a given value with probability (255/256)^65536 ≈ 1e-111.
  const std::string data = bytes::random_bytes(65536);
  std::set<unsigned char> values(data.begin(), data.end());
  EXPECT_EQ(values.size(), 256U);
}

}  // namespace
