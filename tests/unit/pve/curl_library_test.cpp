// libcurl loaded on first use: the library we compile against, built with OpenSSL (certificate
// pinning installs an OpenSSL verify callback through it).
#include "pve/curl_library.h"

#include <gtest/gtest.h>

#include <string_view>

#include "pve/tls_check.h"

namespace pve {
namespace {

TEST(CurlLibrary, LoadsTheLibcurlWeCompileAgainstBuiltWithOpenSsl) {
  const CurlLibrary& lib = curl();
  const curl_version_info_data* info = lib.version_info(CURLVERSION_NOW);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->version_num >> 16U, static_cast<unsigned>(LIBCURL_VERSION_MAJOR));
  EXPECT_TRUE(curl_uses_openssl()) << info->ssl_version;
  EXPECT_STREQ(lib.easy_strerror(CURLE_COULDNT_CONNECT), "Couldn't connect to server");
}

}  // namespace
}  // namespace pve
