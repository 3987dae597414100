#include <dlfcn.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

#include "bytes/hex.h"
#include "ossl/openssl.h"

namespace {

// This test binary links no OpenSSL: whatever is mapped came from ossl::openssl().
bool libssl_mapped() {
  void* handle = dlopen("libssl.so.3", RTLD_NOW | RTLD_NOLOAD);
  if (handle != nullptr) dlclose(handle);
  return handle != nullptr;
}

TEST(OpenSsl, LoadedOnFirstUseOnlyAndEveryFunctionResolved) {
  ASSERT_FALSE(libssl_mapped()) << "nothing has asked for OpenSSL yet";
  const ossl::OpenSsl& ssl = ossl::openssl();
  EXPECT_TRUE(libssl_mapped());
#define PMCP_EXPECT_RESOLVED(name) EXPECT_NE(ssl.name, nullptr) << #name;
  PMCP_OPENSSL_FUNCTIONS(PMCP_EXPECT_RESOLVED)
#undef PMCP_EXPECT_RESOLVED
}

TEST(OpenSsl, DigestsAreOpenSslsOwn) {
  const ossl::OpenSsl& ssl = ossl::openssl();
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  const std::string abc = "abc";  // FIPS 180-2, appendix B.1
  ssl.SHA256(reinterpret_cast<const unsigned char*>(abc.data()), abc.size(), digest.data());
  EXPECT_EQ(bytes::to_hex(digest),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  const std::string key = "key";
  const std::string text = "The quick brown fox jumps over the lazy dog";
  ssl.HMAC(ssl.EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac.data(), &length);
  EXPECT_EQ(bytes::to_hex(std::span(mac.data(), length)),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(OpenSsl, ThreadsRacingForTheFirstUseAllGetAWorkingTable) {
  // Each test runs in a process of its own (gtest_discover_tests): here the first use is a race.
  std::vector<std::string> digests(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < digests.size(); ++i) {
    threads.emplace_back([&digests, i] {
      std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
      ossl::openssl().SHA256(reinterpret_cast<const unsigned char*>("abc"), 3, digest.data());
      digests[i] = bytes::to_hex(digest);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& digest : digests) {
    EXPECT_EQ(digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

TEST(OpenSsl, Sha256DigestsTheWholeTextIncludingNulBytes) {
  EXPECT_EQ(bytes::to_hex(ossl::sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(bytes::to_hex(ossl::sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_NE(ossl::sha256(std::string_view("a\0b", 3)), ossl::sha256("a"));
}

}  // namespace
