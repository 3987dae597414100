#include "pve/fingerprint.h"

#include <gtest/gtest.h>

namespace pve {
namespace {

constexpr const char* kCanonical =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:"
    "89";

// The client takes the canonical form only; the configuration makes it from what people write.
TEST(FingerprintTest, IsFingerprintAcceptsOnlyTheCanonicalForm) {
  EXPECT_TRUE(is_fingerprint(kCanonical));
  std::string lower(kCanonical);
  lower[0] = 'a';
  EXPECT_FALSE(is_fingerprint(lower));
  std::string dashed(kCanonical);
  dashed[2] = '-';
  EXPECT_FALSE(is_fingerprint(dashed));
  EXPECT_FALSE(is_fingerprint(std::string(kCanonical).substr(3)));
  EXPECT_FALSE(is_fingerprint(std::string(kCanonical) + ":"));
  EXPECT_FALSE(is_fingerprint("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
  EXPECT_FALSE(is_fingerprint(""));
}

TEST(FingerprintTest, FormatsDigestBytes) {
  const unsigned char digest[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(format_fingerprint(digest, 4), "00:0F:A0:FF");
}

}  // namespace
}  // namespace pve
