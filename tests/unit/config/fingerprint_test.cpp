#include "config/values.h"

#include <gtest/gtest.h>

namespace config {
namespace {

constexpr const char* kCanonical =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:"
    "89";

TEST(NormalizeFingerprint, AcceptsUiFormLowerCaseAndBareHex) {
  EXPECT_EQ(normalize_fingerprint(kCanonical), kCanonical);
  EXPECT_EQ(normalize_fingerprint(
                "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:"
                "01:23:45:67:89"),
            kCanonical);
  EXPECT_EQ(
      normalize_fingerprint("  abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\n"),
      kCanonical);
}

// What `openssl x509 -noout -fingerprint -sha256` prints: OpenSSL 3 and OpenSSL 1.1 spellings.
TEST(NormalizeFingerprint, AcceptsOpensslOutputLine) {
  EXPECT_EQ(normalize_fingerprint(std::string("sha256 Fingerprint=") + kCanonical), kCanonical);
  EXPECT_EQ(normalize_fingerprint(std::string("SHA256 Fingerprint=") + kCanonical + "\n"),
            kCanonical);
  EXPECT_EQ(
      normalize_fingerprint(
          "Sha256 FINGERPRINT=abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"),
      kCanonical);
}

TEST(NormalizeFingerprint, RejectsOtherLabelsAndDigests) {
  EXPECT_EQ(normalize_fingerprint(std::string("sha1 Fingerprint=") + kCanonical), std::nullopt);
  EXPECT_EQ(normalize_fingerprint(std::string("sha256 Fingerprint =") + kCanonical), std::nullopt);
  EXPECT_EQ(normalize_fingerprint(std::string("Fingerprint=") + kCanonical), std::nullopt);
  EXPECT_EQ(normalize_fingerprint("sha256 Fingerprint="), std::nullopt);
  // SHA-1 output under the SHA-256 label is still the wrong length.
  EXPECT_EQ(normalize_fingerprint(
                "SHA256 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"),
            std::nullopt);
}

TEST(NormalizeFingerprint, RejectsWrongLengthsAndShapes) {
  EXPECT_EQ(normalize_fingerprint(""), std::nullopt);
  EXPECT_EQ(normalize_fingerprint("AB:CD"), std::nullopt);
  // SHA-1 length (20 bytes) is not a SHA-256 fingerprint.
  EXPECT_EQ(normalize_fingerprint("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"),
            std::nullopt);
  EXPECT_EQ(normalize_fingerprint(
                "GG:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:"
                "EF:01:23:45:67:89"),
            std::nullopt);
  // Misplaced separators.
  EXPECT_EQ(normalize_fingerprint(
                "ABC:D:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:"
                "EF:01:23:45:67:89"),
            std::nullopt);
  EXPECT_EQ(normalize_fingerprint(std::string(kCanonical) + ":"), std::nullopt);
  std::string dashed(kCanonical);
  dashed[2] = '-';
  EXPECT_EQ(normalize_fingerprint(dashed), std::nullopt);
}

}  // namespace
}  // namespace config
