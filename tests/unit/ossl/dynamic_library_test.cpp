#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

#include "ossl/dynamic_library.h"

namespace {

TEST(DynamicLibrary, ALibraryThatIsNotThereSaysWhyAndResolvesNothing) {
  ossl::DynamicLibrary library("libpmcp-no-such-library.so.9");
  EXPECT_NE(library.problem().find("libpmcp-no-such-library.so.9"), std::string::npos)
      << library.problem();
  std::size_t (*length)(const char*) = nullptr;
  EXPECT_FALSE(library.resolve("strlen", length));
  EXPECT_EQ(length, nullptr);
}

TEST(DynamicLibrary, FunctionsAreFoundByNameAndTheFirstMissingOneIsNamed) {
  ossl::DynamicLibrary library("libc.so.6");
  ASSERT_EQ(library.problem(), "");
  std::size_t (*length)(const char*) = nullptr;
  ASSERT_TRUE(library.resolve("strlen", length));
  EXPECT_EQ(length("proxmox"), 7U);
  int (*missing)() = nullptr;
  EXPECT_FALSE(library.resolve("pmcp_no_such_function", missing));
  EXPECT_EQ(library.problem(), "libc.so.6 has no pmcp_no_such_function");
  // Later lookups fail too, so that the problem names the first function that was missing.
  EXPECT_FALSE(library.resolve("strlen", length));
  EXPECT_EQ(library.problem(), "libc.so.6 has no pmcp_no_such_function");
}

}  // namespace
